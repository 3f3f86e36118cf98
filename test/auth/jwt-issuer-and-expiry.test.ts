// A JWT is only good for this deployment and only until it expires. Both are checked with tokens
// minted through the real /api/auth/token route: one app issues short-lived tokens, and a second
// app on the same database (so the very same signing keys) has another address, so its tokens
// differ from ours only in iss and aud.
import { buildApp } from '../../src/app.js';
import type { FastifyInstance } from 'fastify';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../helpers/app.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { signUp } from '../helpers/users.js';
import { expectUnauthorized } from '../helpers/expect-error.js';
import { sleep } from '../helpers/sleep.js';


describe('expiry', () => {
  let t: AppWithUsers;
  beforeAll(async () => {
    t = await appWithUsers(0, { JWT_EXPIRATION: '5s' });
  });
  afterAll(() => t.close());

  it('a JWT works until exp, then → 401; the session that minted it still works', async () => {
    const user = await signUp(t.app);
    const { exp, iat } = decodeJwt(user.jwt);
    expect(exp! - iat!).toBe(5);
    const list = (authorization: string) => t.app.inject({ url: '/api/me/tasks', headers: { authorization } });
    expect((await list(`Bearer ${user.jwt}`)).statusCode).toBe(200);

    // exp is in whole seconds; wait until it is safely behind us (no clock tolerance is granted).
    await sleep(Math.max(0, exp! * 1000 - Date.now()) + 1500);
    expectUnauthorized(await list(`Bearer ${user.jwt}`));
    expect((await list(`Bearer ${user.sessionToken}`)).statusCode).toBe(200);

    // A fresh token from the same session works again.
    const fresh = await t.app.inject({ url: '/api/auth/token', headers: { authorization: `Bearer ${user.sessionToken}` } });
    expect((await list(`Bearer ${fresh.json().token}`)).statusCode).toBe(200);
  });
});

describe('another deployment\'s JWT', () => {
  const OUR_URL = 'http://localhost:3000';
  const OTHER_URL = 'http://other-deployment.example:4000';
  let ours: AppWithUsers;
  let other: FastifyInstance;
  beforeAll(async () => {
    ours = await appWithUsers(0, { BETTER_AUTH_URL: OUR_URL });
    other = await buildApp(testConfig({ BETTER_AUTH_URL: OTHER_URL }), { database: ours.database, skipMigrations: true, web: false });
    await other.ready();
  });
  afterAll(async () => {
    await other.close();
    await ours.close();
  });

  it('same key, same user, but iss and aud of another address → 401; its own app accepts it', async () => {
    const user = await signUp(ours.app);
    const signedIn = await other.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email: user.email, password: user.password } });
    expect(signedIn.statusCode).toBe(200);
    const minted = await other.inject({ url: '/api/auth/token', headers: { authorization: `Bearer ${signedIn.json().token}` } });
    const foreign = (minted.json() as { token: string }).token;

    // Only the claims differ: same signing key, same subject.
    expect(decodeProtectedHeader(foreign).kid).toBe(decodeProtectedHeader(user.jwt).kid);
    expect(decodeJwt(foreign)).toMatchObject({ sub: user.id, iss: OTHER_URL, aud: OTHER_URL });
    expect(decodeJwt(user.jwt)).toMatchObject({ iss: OUR_URL, aud: OUR_URL });

    expect((await other.inject({ url: '/api/me/tasks', headers: { authorization: `Bearer ${foreign}` } })).statusCode).toBe(200);
    expectUnauthorized(await ours.app.inject({ url: '/api/me/tasks', headers: { authorization: `Bearer ${foreign}` } }));
    // And the other way round.
    expectUnauthorized(await other.inject({ url: '/api/me/tasks', headers: { authorization: `Bearer ${user.jwt}` } }));
    expect((await ours.app.inject({ url: '/api/me/tasks', headers: { authorization: `Bearer ${user.jwt}` } })).statusCode).toBe(200);
  });
});
