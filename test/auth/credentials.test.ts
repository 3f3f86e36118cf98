// The three credentials the task API accepts (session cookie, session token as bearer, JWT as
// bearer), the JWKS that verifies the JWTs, what sign-out ends, and the session cookie's flags.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { signUp, type TestUser } from '../helpers/users.js';
import { expectUnauthorized } from '../helpers/expect-error.js';

const ORIGIN = 'http://localhost:3000';

let t: AppWithUsers;
beforeAll(async () => {
  t = await appWithUsers(0, { BETTER_AUTH_URL: ORIGIN });
});
afterAll(() => t.close());

const listTasks = (headers: Record<string, string>) => t.app.inject({ url: '/api/me/tasks', headers });
// As a browser sends it: the cookie, and on writes the page's Origin (the CSRF check wants it).
const byCookie = (user: TestUser) => ({ cookie: user.cookie, origin: ORIGIN });
const bySession = (user: TestUser) => ({ authorization: `Bearer ${user.sessionToken}` });
const byJwt = (user: TestUser) => ({ authorization: `Bearer ${user.jwt}` });

// A browser sends its Origin with every POST that carries a cookie; Better Auth checks it.
const signOut = (headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { origin: ORIGIN, ...headers } });

describe('each credential reaches the task API as its user', () => {
  it.each([
    ['session cookie', byCookie],
    ['session token as bearer', bySession],
    ['JWT as bearer', byJwt],
  ])('%s', async (_, credential) => {
    const user = await signUp(t.app);
    const other = await signUp(t.app);
    await t.app.inject({ method: 'POST', url: '/api/me/tasks', headers: byJwt(other), payload: { title: 'not yours' } });
    const created = await t.app.inject({ method: 'POST', url: '/api/me/tasks', headers: credential(user), payload: { title: 'mine' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().user_id).toBe(user.id);

    const listed = await listTasks(credential(user));
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((task: { title: string }) => task.title)).toEqual(['mine']);
    expect((await listTasks(credential(user))).json().count).toBe(1);
  });

  it('no credentials at all → 401 UNAUTHORIZED', async () => {
    expectUnauthorized(await listTasks({}));
  });

  it('a session cookie that was never issued → 401', async () => {
    const user = await signUp(t.app);
    const [name] = user.cookie.split('=');
    expectUnauthorized(await listTasks({ cookie: `${name}=made-up.value` }));
    expectUnauthorized(await listTasks({ cookie: 'unrelated=1' }));
  });

  it('a made-up session token → 401', async () => {
    expectUnauthorized(await listTasks({ authorization: 'Bearer made-up-session-token' }));
  });
});

describe('JWTs and the JWKS', () => {
  it('GET /api/auth/jwks publishes public Ed25519 keys only', async () => {
    const res = await t.app.inject('/api/auth/jwks');
    expect(res.statusCode).toBe(200);
    const { keys } = res.json() as { keys: Record<string, unknown>[] };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: expect.any(String), x: expect.any(String) });
      expect(key.d).toBeUndefined();
    }
  });

  it('GET /api/auth/token gives a 15-minute EdDSA JWT for the user, signed by a published key', async () => {
    const user = await signUp(t.app);
    const res = await t.app.inject({ url: '/api/auth/token', headers: bySession(user) });
    expect(res.statusCode).toBe(200);
    const token = (res.json() as { token: string }).token;
    const header = decodeProtectedHeader(token);
    const claims = decodeJwt(token);
    expect(header.alg).toBe('EdDSA');
    expect(claims).toMatchObject({ sub: user.id, iss: ORIGIN, aud: ORIGIN });
    expect(claims.exp! - claims.iat!).toBe(15 * 60);
    const jwks = (await t.app.inject('/api/auth/jwks')).json() as { keys: { kid: string }[] };
    expect(jwks.keys.map((key) => key.kid)).toContain(header.kid);
  });

  it('GET /api/auth/token with the cookie works too; without a session → 401', async () => {
    const user = await signUp(t.app);
    const withCookie = await t.app.inject({ url: '/api/auth/token', headers: byCookie(user) });
    expect(withCookie.statusCode).toBe(200);
    expect(decodeJwt(withCookie.json().token).sub).toBe(user.id);
    expect((await t.app.inject('/api/auth/token')).statusCode).toBe(401);
  });

  it('the server-side signing endpoint is not reachable over HTTP', async () => {
    const user = await signUp(t.app);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-jwt', headers: bySession(user), payload: { payload: { sub: user.id } } });
    expect(res.statusCode).toBe(404);
  });
});

describe('sign-out', () => {
  it('ends the session: its cookie and its token get 401; a JWT issued before still works', async () => {
    const user = await signUp(t.app);
    for (const credential of [byCookie, bySession, byJwt]) expect((await listTasks(credential(user))).statusCode).toBe(200);

    const res = await signOut(byCookie(user));
    expect(res.statusCode).toBe(200);
    // The browser is told to drop the cookie.
    expect(String(res.headers['set-cookie'])).toMatch(/session_token=;.*Max-Age=0/i);

    expectUnauthorized(await listTasks(byCookie(user)));
    expectUnauthorized(await listTasks(bySession(user)));
    expect((await t.app.inject({ url: '/api/auth/get-session', headers: bySession(user) })).json()).toBeNull();
    expect((await t.app.inject({ url: '/api/auth/token', headers: bySession(user) })).statusCode).toBe(401);
    // Stateless by contract: valid until it expires (15 minutes).
    expect((await listTasks(byJwt(user))).statusCode).toBe(200);
  });

  it('signing out with the session token as bearer (a non-browser client) ends that session', async () => {
    const user = await signUp(t.app);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: bySession(user) });
    expect(res.statusCode).toBe(200);
    expectUnauthorized(await listTasks(bySession(user)));
    expectUnauthorized(await listTasks(byCookie(user)));
  });

  it('ends only that session: another sign-in of the same user keeps working', async () => {
    const user = await signUp(t.app);
    const second = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email: user.email, password: user.password } });
    const secondToken = (second.json() as { token: string }).token;
    await signOut(bySession(user));
    expectUnauthorized(await listTasks(bySession(user)));
    expect((await listTasks({ authorization: `Bearer ${secondToken}` })).statusCode).toBe(200);
  });
});

describe('the session cookie', () => {
  function sessionCookie(setCookie: string | string[] | undefined): string {
    const cookie = [setCookie].flat().find((c) => typeof c === 'string' && c.includes('session_token='));
    expect(cookie).toBeDefined();
    return cookie!;
  }

  it('over http: HttpOnly, SameSite=Lax, Path=/, not Secure', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-up/email', payload: { name: 'C', email: `cookie-${crypto.randomUUID()}@example.test`, password: 'cookie password' } });
    const cookie = sessionCookie(res.headers['set-cookie']);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    expect(cookie).not.toMatch(/^__Secure-/);
  });

  describe('over https (BETTER_AUTH_URL is https)', () => {
    let https: AppWithUsers;
    beforeAll(async () => {
      https = await appWithUsers(0, { BETTER_AUTH_URL: 'https://tasks.example' });
    });
    afterAll(() => https.close());

    it('also Secure, with the __Secure- prefix, and that cookie authenticates', async () => {
      const res = await https.app.inject({ method: 'POST', url: '/api/auth/sign-up/email', payload: { name: 'S', email: `secure-${crypto.randomUUID()}@example.test`, password: 'secure password' } });
      expect(res.statusCode).toBe(200);
      const cookie = sessionCookie(res.headers['set-cookie']);
      expect(cookie).toMatch(/^__Secure-/);
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
      const tasks = await https.app.inject({ url: '/api/me/tasks', headers: { cookie: cookie.split(';')[0]! } });
      expect(tasks.statusCode).toBe(200);
    });
  });
});
