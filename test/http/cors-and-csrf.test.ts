// A front end on another origin (CORS_ORIGINS): a listed origin gets CORS headers with
// credentials, and a cached preflight; any other origin gets none. Better Auth trusts the same
// origins. Cookie-authenticated writes from an unlisted origin are refused (CSRF) and change
// nothing; Bearer requests carry no ambient credential, so their Origin does not matter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp } from '../helpers/app.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { expectError } from '../helpers/expect-error.js';

const OUR_ORIGIN = 'http://localhost:3000';
const FRONT_END = 'https://app.example';
const SECOND = 'http://127.0.0.1:5173';
const EVIL = 'https://evil.example';

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1, { BETTER_AUTH_URL: OUR_ORIGIN, CORS_ORIGINS: ` ${FRONT_END}, ${SECOND} ` });
  [user] = t.users as [TestUser];
});
afterAll(() => t.close());

const preflight = (origin: string, url = '/api/me/tasks', method = 'POST') =>
  t.app.inject({ method: 'OPTIONS', url, headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type, if-match' } });

function expectNoCors(res: LightMyRequestResponse): void {
  for (const name of Object.keys(res.headers)) expect(name, `${name} on a reply to an unlisted origin`).not.toMatch(/^access-control-/);
}

describe('preflight', () => {
  it.each([FRONT_END, SECOND])('from a listed origin (%s) → 204 with the methods, headers and credentials, cached', async (origin) => {
    const res = await preflight(origin);
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(origin);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(String(res.headers['access-control-allow-methods']).split(/,\s*/)).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    expect(String(res.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/)).toEqual(expect.arrayContaining(['authorization', 'content-type', 'if-match', 'if-none-match']));
    expect(res.headers['access-control-max-age']).toBe('600');
    expect(String(res.headers.vary)).toMatch(/origin/i);
  });

  it('for the auth routes too (sign-in from the front end)', async () => {
    const res = await preflight(FRONT_END, '/api/auth/sign-in/email');
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(FRONT_END);
  });

  it.each([EVIL, `${FRONT_END}.evil.example`, 'http://app.example', 'null', OUR_ORIGIN])('from an unlisted origin (%s) → 404, no CORS headers', async (origin) => {
    const res = await preflight(origin);
    expectError(res, 404, 'NOT_FOUND');
    expectNoCors(res);
  });
});

describe('actual requests', () => {
  it('a listed origin reads the response and the headers it needs', async () => {
    const res = await as(t.app, user).post('/api/me/tasks', { title: 'from the front end' }, { origin: FRONT_END });
    expect(res.statusCode).toBe(201);
    expect(res.headers['access-control-allow-origin']).toBe(FRONT_END);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(String(res.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/)).toEqual(
      expect.arrayContaining(['etag', 'location', 'retry-after', 'www-authenticate', 'x-request-id']),
    );
  });

  it('an error to a listed origin is readable too (a 401 the page must see)', async () => {
    const res = await t.app.inject({ url: '/api/me/tasks', headers: { origin: FRONT_END } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['access-control-allow-origin']).toBe(FRONT_END);
  });

  it('an unlisted origin gets no CORS headers (its page cannot read the answer)', async () => {
    expectNoCors(await as(t.app, user).get('/api/me/tasks', { origin: EVIL }));
  });

  it('same-origin and non-browser requests get none either', async () => {
    expectNoCors(await as(t.app, user).get('/api/me/tasks'));
    expectNoCors(await as(t.app, user).get('/api/me/tasks', { origin: OUR_ORIGIN }));
  });
});

describe('Better Auth trusts the listed origins', () => {
  const signIn = (origin: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/sign-in/email', headers: { origin, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' }, payload: { email: user.email, password: user.password } });

  it('sign-in from a listed origin → 200, with CORS headers', async () => {
    const res = await signIn(FRONT_END);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(FRONT_END);
  });

  it('sign-in from an unlisted origin → 403, no cookie', async () => {
    const res = await signIn(EVIL);
    expect(res.statusCode).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
    expectNoCors(res);
  });
});

describe('CSRF: cookie-authenticated writes', () => {
  const titles = async () => ((await as(t.app, user).get('/api/me/tasks?limit=100')).json().items as Array<{ title: string }>).map((task) => task.title);
  const cookieWrite = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: user.cookie, ...headers }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

  it('from an unlisted origin, or with no Origin at all → 403 and nothing changes', async () => {
    const task = (await as(t.app, user).post('/api/me/tasks', { title: 'keep me' })).json() as { id: string };
    const before = await titles();
    const variants: Array<Record<string, string>> = [{ origin: EVIL }, { origin: 'null' }, {}, { origin: EVIL, 'sec-fetch-site': 'cross-site' }];
    for (const headers of variants) {
      expectError(await cookieWrite('POST', '/api/me/tasks', headers, { title: 'forged' }), 403, 'FORBIDDEN');
      expectError(await cookieWrite('PATCH', `/api/me/tasks/${task.id}`, headers, { title: 'forged' }), 403, 'FORBIDDEN');
      expectError(await cookieWrite('PATCH', `/api/me/tasks/${task.id}/complete`, headers), 403, 'FORBIDDEN');
      expectError(await cookieWrite('PUT', `/api/me/tasks/${task.id}`, headers, { title: 'forged', description: null, is_completed: true }), 403, 'FORBIDDEN');
      expectError(await cookieWrite('DELETE', `/api/me/tasks/${task.id}`, headers), 403, 'FORBIDDEN');
    }
    expect(await titles()).toEqual(before);
    expect((await as(t.app, user).get(`/api/me/tasks/${task.id}`)).json()).toMatchObject({ title: 'keep me', is_completed: false, version: 1 });
  });

  it('from our own page or a listed origin → allowed', async () => {
    for (const origin of [OUR_ORIGIN, FRONT_END]) {
      const res = await cookieWrite('POST', '/api/me/tasks', { origin }, { title: `cookie write from ${origin}` });
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  it('reads with the cookie need no Origin (a browser sends none on a same-origin GET)', async () => {
    expect((await t.app.inject({ url: '/api/me/tasks', headers: { cookie: user.cookie } })).statusCode).toBe(200);
  });

  it('a Bearer write is not ambient: any Origin is fine', async () => {
    expect((await as(t.app, user).post('/api/me/tasks', { title: 'bearer from anywhere' }, { origin: EVIL })).statusCode).toBe(201);
  });
});

describe('configuration', () => {
  it('CORS_ORIGINS entries must be bare origins', async () => {
    for (const bad of ['app.example', 'https://app.example/path', 'https://*.example', 'ftp://app.example']) {
      await expect(buildTestApp({ CORS_ORIGINS: bad })).rejects.toThrow(/CORS_ORIGINS entries must look like/);
    }
  });
});
