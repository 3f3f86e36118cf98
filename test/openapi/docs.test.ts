// GET /docs: the interactive documentation, served entirely by the service itself (no CDN, so it
// works offline and behind a strict CSP), showing this service's document with authorization.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';

let t: AppWithUsers;
beforeAll(async () => {
  t = await appWithUsers(0);
});
afterAll(() => t.close());

/** The src and href attribute values of an HTML page. */
function assetUrls(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!);
}

describe('/docs', () => {
  it('serves the docs page, whose every asset is a local URL', async () => {
    const res = await t.app.inject('/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<div id="swagger-ui">/);
    const urls = assetUrls(res.body);
    expect(urls.length).toBeGreaterThanOrEqual(3);
    // No absolute or protocol-relative URL anywhere in the page, not only in src/href.
    expect(res.body).not.toMatch(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    for (const url of urls) expect(url, url).not.toMatch(/^(?:[a-z]+:)?\/\//i);
  });

  it('serves each script and stylesheet the page names, with the right type', async () => {
    const page = await t.app.inject('/docs');
    const urls = assetUrls(page.body);
    expect(urls.some((u) => u.endsWith('.js'))).toBe(true);
    expect(urls.some((u) => u.endsWith('.css'))).toBe(true);
    for (const url of urls) {
      const resolved = new URL(url, 'http://service.test/docs/').pathname;
      const asset = await t.app.inject(resolved);
      expect(asset.statusCode, resolved).toBe(200);
      expect(asset.rawPayload.length, resolved).toBeGreaterThan(0);
      if (resolved.endsWith('.js')) expect(asset.headers['content-type'], resolved).toMatch(/javascript/);
      if (resolved.endsWith('.css')) expect(asset.headers['content-type'], resolved).toMatch(/^text\/css/);
    }
  });

  it('shows this service\'s document, not a sample, and keeps an entered token', async () => {
    const page = await t.app.inject('/docs');
    const initializerUrl = assetUrls(page.body).find((u) => /initializer/.test(u));
    expect(initializerUrl).toBeDefined();
    const initializer = await t.app.inject(new URL(initializerUrl!, 'http://service.test/docs/').pathname);
    expect(initializer.statusCode).toBe(200);
    expect(initializer.body).not.toMatch(/petstore/i);
    // Swagger UI would otherwise send the document to validator.swagger.io from the reader's browser.
    expect(initializer.body).toMatch(/validatorUrl:\s*null/);
    expect(initializer.body).toMatch(/persistAuthorization["']?\s*:\s*true/);
    // The UI loads ./json relative to /docs/; that is the document at /openapi.json.
    const specUrl = /url:\s*resolveUrl\(["']([^"']+)["']\)/.exec(initializer.body)?.[1];
    expect(specUrl).toBeDefined();
    const shown = await t.app.inject(new URL(specUrl!, 'http://service.test/docs/').pathname);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual((await t.app.inject('/openapi.json')).json());
  });
});
