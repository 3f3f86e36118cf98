// The web app end to end in Debian's Chromium: a person signs up, manages tasks, signs out, and
// a second person sees none of it. Any uncaught page error, console error or failed request fails.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { freePort } from '../helpers/free-port.js';
import { uniqueEmail } from '../helpers/users.js';

const SHOTS = path.resolve('test-results/screenshots');
let t: TestApp;
let browser: Browser;
let origin: string;
const problems: string[] = [];

beforeAll(async () => {
  execFileSync('node', ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  t = await buildTestApp({ BETTER_AUTH_URL: origin }, { web: true });
  await t.app.listen({ host: '127.0.0.1', port });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  fs.mkdirSync(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function newPage(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('requestfailed', (request) => {
    // The app cancels a superseded fetch (a newer search or refresh replaced it): not a failure.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  return page;
}

async function signUp(page: Page, name: string, email: string, password: string) {
  await page.goto(origin);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function addTask(page: Page, title: string, extra: { description?: string; priority?: string; tags?: string } = {}) {
  await page.getByLabel('Title').fill(title);
  if (extra.description) await page.getByLabel('Description').fill(extra.description);
  if (extra.priority) await page.getByLabel('Priority').selectOption(extra.priority);
  if (extra.tags) await page.getByLabel('Tags').fill(extra.tags);
  await page.getByRole('button', { name: 'Add task' }).click();
  await page.getByRole('checkbox', { name: title, exact: true }).waitFor();
}

const item = (page: Page, title: string) => page.getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: title, exact: true }) });

it('a person signs up, manages tasks, and a second person sees none of them', async () => {
  const page = await newPage(1280, 800);
  const email = uniqueEmail('ada');
  const password = 'correct horse battery';
  await signUp(page, 'Ada', email, password);
  await expect(page.getByText('No tasks yet')).toBeTruthy();

  await addTask(page, 'Buy oat milk', { description: 'the barista kind', priority: 'High', tags: 'home, shopping' });
  await addTask(page, 'Write quarterly report', { tags: 'work' });
  await addTask(page, 'Call the plumber', { priority: 'Low' });

  const toggled = page.waitForResponse((r) => r.url().includes('/complete'));
  await page.getByRole('checkbox', { name: 'Call the plumber', exact: true }).check();
  expect((await toggled).status()).toBe(200);
  await page.reload();
  await page.getByRole('checkbox', { name: 'Call the plumber', exact: true }).waitFor();
  expect(await page.getByRole('checkbox', { name: 'Call the plumber', exact: true }).isChecked()).toBe(true);
  expect(await page.getByRole('checkbox', { name: 'Buy oat milk', exact: true }).isChecked()).toBe(false);
  await page.screenshot({ path: path.join(SHOTS, 'desktop-1280x800.png'), fullPage: true });

  // Search is server-side and debounced.
  await page.getByLabel('Search tasks').fill('report');
  await expect.poll(() => page.getByRole('checkbox').count(), { timeout: 10_000 }).toBe(1);
  await page.getByLabel('Search tasks').fill('');
  await expect.poll(() => page.getByRole('checkbox').count(), { timeout: 10_000 }).toBe(3);

  await item(page, 'Write quarterly report').getByRole('button', { name: 'Edit' }).click();
  await item(page, 'Write quarterly report').getByLabel('Title').fill('Write annual report');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('checkbox', { name: 'Write annual report', exact: true }).waitFor();

  await item(page, 'Buy oat milk').getByRole('button', { name: 'Delete' }).click();
  await expect.poll(() => page.getByRole('checkbox', { name: 'Buy oat milk', exact: true }).count(), { timeout: 10_000 }).toBe(0);
  await page.reload();
  await page.getByRole('checkbox', { name: 'Write annual report', exact: true }).waitFor();
  expect(await page.getByRole('checkbox').count()).toBe(2);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();

  // A second person sees none of the first person's tasks.
  await signUp(page, 'Grace', uniqueEmail('grace'), 'another good passphrase');
  await page.getByText('No tasks yet').waitFor();
  expect(await page.getByRole('checkbox').count()).toBe(0);
  await page.getByRole('button', { name: 'Sign out' }).click();

  // The first person signs back in and finds their tasks.
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('checkbox', { name: 'Write annual report', exact: true }).waitFor();
  expect(await page.getByRole('checkbox', { name: 'Call the plumber', exact: true }).isChecked()).toBe(true);

  expect(problems).toEqual([]);
}, 120_000);

it('fits a phone-sized screen without horizontal scrolling', async () => {
  const page = await newPage(390, 844);
  await signUp(page, 'Phone', uniqueEmail('phone'), 'a fine long password');
  await addTask(page, 'A task with a rather long title that has to wrap on a small screen', { tags: 'mobile, layout' });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SHOTS, 'phone-390x844.png'), fullPage: true });
  expect(problems).toEqual([]);
}, 120_000);
