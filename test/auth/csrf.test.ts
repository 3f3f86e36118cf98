// Better Auth's origin and CSRF checks stay on for browsers. Browsers always send Origin and
// Sec-Fetch-Site with a POST; a request from a page on another site must be refused, a request
// from our own page must work. (Non-browser clients, which send neither, are in
// better-auth-client.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { signUp, type TestUser } from '../helpers/users.js';

const OUR_ORIGIN = 'http://localhost:3000';
const CONFIGURED_ORIGIN = 'https://app.example';
const EVIL = 'https://evil.example';

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1, { BETTER_AUTH_URL: OUR_ORIGIN, TRUSTED_ORIGINS: CONFIGURED_ORIGIN });
  [user] = t.users as [TestUser];
});
afterAll(() => t.close());

function signIn(headers: Record<string, string>) {
  return t.app.inject({ method: 'POST', url: '/api/auth/sign-in/email', headers, payload: { email: user.email, password: user.password } });
}

const browser = (origin: string, site: string, mode = 'cors') => ({ origin, 'sec-fetch-site': site, 'sec-fetch-mode': mode, 'sec-fetch-dest': 'empty' });

function expectRefused(res: LightMyRequestResponse, code: string) {
  expect(res.statusCode, res.body).toBe(403);
  expect(res.json()).toMatchObject({ code });
  expect(res.headers['set-cookie']).toBeUndefined();
}

describe('sign-in from a browser', () => {
  it('from another site (Origin https://evil.example, Sec-Fetch-Site: cross-site) → 403', async () => {
    expectRefused(await signIn(browser(EVIL, 'cross-site')), 'INVALID_ORIGIN');
  });

  it('a cross-site form post (navigation) → 403', async () => {
    expectRefused(await signIn(browser(EVIL, 'cross-site', 'navigate')), 'CROSS_SITE_NAVIGATION_LOGIN_BLOCKED');
  });

  it('an untrusted Origin without fetch metadata (an older browser) → 403', async () => {
    expectRefused(await signIn({ origin: EVIL }), 'INVALID_ORIGIN');
  });

  it('fetch metadata without an Origin (the hint is dropped only when neither is sent) → 403', async () => {
    expectRefused(await signIn({ 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' }), 'MISSING_OR_NULL_ORIGIN');
  });

  it('a look-alike of our origin → 403', async () => {
    expectRefused(await signIn(browser('http://localhost:3000.evil.example', 'cross-site')), 'INVALID_ORIGIN');
    expectRefused(await signIn(browser('https://localhost:3000', 'cross-site')), 'INVALID_ORIGIN');
  });

  it('from our own origin → 200 with the session cookie', async () => {
    const res = await signIn(browser(OUR_ORIGIN, 'same-origin'));
    expect(res.statusCode, res.body).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/session_token=/);
  });

  it('from an origin listed in TRUSTED_ORIGINS → 200', async () => {
    expect((await signIn(browser(CONFIGURED_ORIGIN, 'cross-site'))).statusCode).toBe(200);
  });
});

describe('requests that carry the session cookie', () => {
  const signOut = (headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers });
  const sessionAlive = async (cookie: string) => (await t.app.inject({ url: '/api/me/tasks', headers: { cookie } })).statusCode === 200;

  it('a cookie-bearing POST from another site cannot sign the user out; from our page it can', async () => {
    const victim = await signUp(t.app);
    expectRefused(await signOut({ cookie: victim.cookie, ...browser(EVIL, 'cross-site') }), 'INVALID_ORIGIN');
    expect(await sessionAlive(victim.cookie)).toBe(true);

    expect((await signOut({ cookie: victim.cookie, ...browser(OUR_ORIGIN, 'same-origin') })).statusCode).toBe(200);
    expect(await sessionAlive(victim.cookie)).toBe(false);
  });

  it('a cookie-bearing POST with no Origin at all is refused (only cookieless requests skip the check)', async () => {
    const victim = await signUp(t.app);
    expectRefused(await signOut({ cookie: victim.cookie }), 'MISSING_OR_NULL_ORIGIN');
    expectRefused(await signOut({ cookie: victim.cookie, 'sec-fetch-mode': 'cors' }), 'MISSING_OR_NULL_ORIGIN');
    expect(await sessionAlive(victim.cookie)).toBe(true);
  });

  it('account deletion from another site is refused and the account stays', async () => {
    const victim = await signUp(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/delete-user',
      headers: { cookie: victim.cookie, ...browser(EVIL, 'cross-site') },
      payload: { password: victim.password },
    });
    expectRefused(res, 'INVALID_ORIGIN');
    expect(await sessionAlive(victim.cookie)).toBe(true);
  });
});

describe('with no BETTER_AUTH_URL (a fresh `npm start`)', () => {
  let local: AppWithUsers;
  let localUser: TestUser;
  beforeAll(async () => {
    local = await appWithUsers(1, { BETTER_AUTH_URL: '' });
    [localUser] = local.users as [TestUser];
  });
  afterAll(() => local.close());

  const localSignIn = (headers: Record<string, string>) =>
    local.app.inject({ method: 'POST', url: '/api/auth/sign-in/email', headers, payload: { email: localUser.email, password: localUser.password } });

  it('the page works whether reached as localhost or 127.0.0.1', async () => {
    expect((await localSignIn(browser('http://localhost:3000', 'same-origin'))).statusCode).toBe(200);
    expect((await localSignIn(browser('http://127.0.0.1:3000', 'same-origin'))).statusCode).toBe(200);
  });

  it('other sites are still refused', async () => {
    expectRefused(await localSignIn(browser(EVIL, 'cross-site')), 'INVALID_ORIGIN');
    expectRefused(await localSignIn(browser('http://localhost.evil.example', 'cross-site')), 'INVALID_ORIGIN');
  });
});
