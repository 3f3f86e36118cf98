// Security headers on every response: the page, /docs, the API, errors and 404s. The CSP allows
// our own files only (no inline script, no remote origin) and no framing; HSTS is sent only when
// the public address is https.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1, { BETTER_AUTH_URL: 'http://localhost:3000' });
  [user] = t.users as [TestUser];
});
afterAll(() => t.close());

function directives(res: LightMyRequestResponse): Map<string, string[]> {
  const csp = String(res.headers['content-security-policy']);
  return new Map(csp.split(';').map((d) => d.trim()).filter((d) => d !== '').map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name!, values];
  }));
}

function expectSecurityHeaders(res: LightMyRequestResponse, label: string): void {
  const csp = directives(res);
  expect(csp.get('default-src'), label).toEqual(["'self'"]);
  expect(csp.get('script-src'), label).toEqual(["'self'"]);
  expect(csp.get('script-src-attr'), label).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors'), label).toEqual(["'none'"]);
  expect(csp.get('object-src'), label).toEqual(["'none'"]);
  // Nothing remote and nothing inline anywhere in the policy, but Swagger UI's own <style> on /docs.
  for (const [name, values] of csp) {
    for (const value of values) {
      if (label.includes('/docs') && name === 'style-src' && value === "'unsafe-inline'") continue;
      expect(value, `${label}: ${name}`).toMatch(/^('self'|'none'|data:)$/);
    }
  }
  expect(csp.get('style-src')?.includes("'unsafe-inline'"), label).toBe(label.includes('/docs'));
  expect(res.headers['x-content-type-options'], label).toBe('nosniff');
  expect(res.headers['referrer-policy'], label).toBe('no-referrer');
  expect(res.headers['x-frame-options'], label).toBe('DENY');
  expect(res.headers['x-powered-by'], label).toBeUndefined();
}

describe('every response', () => {
  it.each([
    ['GET /docs', '/docs'],
    ['GET /docs/static/index.html', '/docs/static/index.html'],
    ['GET /openapi.json', '/openapi.json'],
    ['GET /health', '/health'],
    ['a 401', '/api/me/tasks'],
    ['a 404', '/no/such/route'],
    ['a 400 from the router', '/api/me/tasks/%zz'],
  ])('%s', async (label, url) => {
    const res = await t.app.inject(url);
    expectSecurityHeaders(res, label);
    expect(res.headers['strict-transport-security'], label).toBeUndefined();
  });

  it('an authenticated API read and write', async () => {
    expectSecurityHeaders(await as(t.app, user).get('/api/me/tasks'), 'list');
    expectSecurityHeaders(await as(t.app, user).post('/api/me/tasks', { title: 'x' }), 'create');
  });

  it('the auth routes', async () => {
    expectSecurityHeaders(await t.app.inject('/api/auth/get-session'), 'get-session');
  });
});

describe('the web page', () => {
  let web: AppWithUsers;
  beforeAll(async () => {
    web = await appWithUsers(0, { BETTER_AUTH_URL: 'http://localhost:3000' }, { web: true });
  });
  afterAll(() => web.close());

  it('GET / has the headers, and its HTML has no inline script or remote origin', async () => {
    const res = await web.app.inject('/');
    expect(res.statusCode).toBe(200);
    expectSecurityHeaders(res, '/');
    expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(res.body).not.toMatch(/\s(src|href)="(https?:)?\/\//);
  });
});

describe('over https', () => {
  let secure: AppWithUsers;
  beforeAll(async () => {
    secure = await appWithUsers(0, { BETTER_AUTH_URL: 'https://tasks.example' });
  });
  afterAll(() => secure.close());

  it('HSTS for a year, and insecure subresources are upgraded', async () => {
    const res = await secure.app.inject('/health');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(directives(res).has('upgrade-insecure-requests')).toBe(true);
  });
});
