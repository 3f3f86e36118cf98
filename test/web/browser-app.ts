// What each browser test file starts from: the app with its web page built and listening on a free
// port, Debian's Chromium, and pages that record every uncaught page error, console error or
// warning, failed request, error response and Content-Security-Policy violation in `problems`, so
// a test ends with `expect(web.problems).toEqual([])`.
//
//   const web = browserApp();   // at the top of the file: registers the hooks (and starts the app with any env given)
//   it('...', async () => { const page = await web.newPage(1280, 800); await page.goto(web.origin); ... });
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import type { BuildOptions } from '../../src/app.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { freePort } from '../helpers/free-port.js';

export const SCREENSHOTS = path.resolve('test-results/screenshots');

export interface PageOptions {
  /** For the browser context, beside the viewport: its time zone (`timezoneId`), say. */
  context?: BrowserContextOptions;
  /** Runs before the first page loads (e.g. installing a fake clock). */
  setup?: (context: BrowserContext) => Promise<void>;
  /** Failures a test provokes on purpose: requests to these URLs are not problems. */
  expectFailuresAt?: (url: URL) => boolean;
}

export interface BrowserApp {
  /** Where the app listens (set once the file's tests start). */
  origin: string;
  problems: string[];
  newPage: (width: number, height: number, options?: PageOptions) => Promise<Page>;
}

/** `env`: settings the file's app starts with (short event-stream lifetimes, say); `options`: buildApp's (a clock, say). */
export function browserApp(env: Record<string, string> = {}, options: BuildOptions = {}): BrowserApp {
  let t: AppWithUsers | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  async function newPage(width: number, height: number, options: PageOptions = {}): Promise<Page> {
    if (!browser) throw new Error('browserApp(): newPage before the browser started');
    const context = await browser.newContext({ ...options.context, viewport: { width, height } });
    contexts.push(context);
    await options.setup?.(context);
    // The page runs under the service's Content-Security-Policy; any violation is a problem.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} in ${event.sourceFile}:${event.lineNumber}`);
      });
    });
    const page = await context.newPage();
    const { problems } = web;
    const expected = (url: string | undefined) => url !== undefined && url !== '' && (options.expectFailuresAt?.(new URL(url, web.origin)) ?? false);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (expected(message.location().url)) return;
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('requestfailed', (request) => {
      // The app cancels a superseded fetch (a newer search or refresh replaced it): not a failure.
      if (request.failure()?.errorText === 'net::ERR_ABORTED' || expected(request.url())) return;
      problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && !expected(response.url())) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    });
    return page;
  }

  const web: BrowserApp = { origin: '', problems: [], newPage };

  beforeAll(async () => {
    execFileSync('node', ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
    const port = await freePort();
    web.origin = `http://127.0.0.1:${port}`;
    t = await appWithUsers(0, { ...env, BETTER_AUTH_URL: web.origin }, { ...options, web: true });
    await t.app.listen({ host: '127.0.0.1', port });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 240_000);

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  return web;
}
