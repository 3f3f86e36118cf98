// A 401 says why, in `detail` and in an RFC 6750 challenge (WWW-Authenticate), with the same
// error_code for all: no credentials, a malformed header, a token that is not a JWT, a bad
// signature or unknown key, an expired token, one for another service, one not valid yet, and a
// session that was never issued or has been signed out (the two look the same: nothing tells a
// caller whether an account or a session ever existed).
import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { signUp, type TestUser } from '../helpers/users.js';
import { expectUnauthorized } from '../helpers/expect-error.js';

const ORIGIN = 'http://localhost:3000';
let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1, { BETTER_AUTH_URL: ORIGIN });
  [user] = t.users as [TestUser];
});
afterAll(() => t.close());

const now = () => Math.floor(Date.now() / 1000);
const call = (headers: Record<string, string>) => t.app.inject({ url: '/api/me/tasks', headers });
const bearer = (token: string) => call({ authorization: `Bearer ${token}` });
/** A token signed with the service's own key, with the claims a test chooses. */
const signedByUs = async (payload: Record<string, unknown>) =>
  (await t.app.auth.api.signJWT({ body: { payload: { sub: user.id, ...payload } } })).token;

function expectReason(res: LightMyRequestResponse, error: 'invalid_request' | 'invalid_token' | null, detail: RegExp): void {
  expectUnauthorized(res);
  const body = res.json() as { detail: string };
  expect(body.detail).toMatch(detail);
  const challenge = String(res.headers['www-authenticate']);
  if (error === null) {
    expect(challenge).toBe('Bearer realm="task-service"');
  } else {
    expect(challenge).toContain(`error="${error}"`);
    // The challenge's description is the detail, minus the quotes a quoted-string cannot hold.
    expect(challenge).toContain(`error_description="${body.detail.replace(/"/g, '\'')}"`);
  }
  // No internals: no library names, error codes or key ids.
  expect(res.body).not.toMatch(/jose|ERR_|kid|better-auth|stack/i);
}

it('a token we signed ourselves works (the cases below differ from it in one claim each)', async () => {
  expect((await bearer(await signedByUs({}))).statusCode).toBe(200);
});

describe('why a request is refused', () => {
  it('no credentials: a bare challenge (RFC 6750 §3.1: no error code)', async () => {
    expectReason(await call({}), null, /Authentication required/);
    // Cookies that are not ours are no credentials either.
    expectReason(await call({ cookie: 'theme=dark; other_app_session=1' }), null, /Authentication required/);
  });

  it('a malformed Authorization header → invalid_request', async () => {
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer two tokens', user.jwt]) {
      expectReason(await call({ authorization }), 'invalid_request', /Authorization header is malformed/);
    }
  });

  it('a three-part token that is not a JWT → invalid_token, malformed', async () => {
    expectReason(await bearer('a.b.c'), 'invalid_token', /malformed/);
  });

  it('a signature that does not verify, or a key we do not know → invalid_token, signature', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const foreign = await new SignJWT({ ...decodeJwt(user.jwt) }).setProtectedHeader({ alg: 'EdDSA', kid: 'not-ours' }).sign(privateKey);
    expectReason(await bearer(foreign), 'invalid_token', /signature could not be verified/);
    const [header, payload, signature] = user.jwt.split('.') as [string, string, string];
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    expectReason(await bearer(`${header}.${payload}.${flipped}`), 'invalid_token', /signature could not be verified/);
  });

  it('an expired token → invalid_token, expired, with where to get a new one', async () => {
    expectReason(await bearer(await signedByUs({ iat: now() - 3600, exp: now() - 60 })), 'invalid_token', /expired.*\/api\/auth\/token/);
  });

  it('a token for another service (issuer or audience) → invalid_token', async () => {
    expectReason(await bearer(await signedByUs({ aud: 'https://elsewhere.example' })), 'invalid_token', /issued for another service/);
    expectReason(await bearer(await signedByUs({ iss: 'https://elsewhere.example' })), 'invalid_token', /issued for another service/);
  });

  it('a token not valid yet → invalid_token', async () => {
    expectReason(await bearer(await signedByUs({ nbf: now() + 3600 })), 'invalid_token', /not valid yet/);
  });

  it('a token whose subject is not a user id → invalid_token', async () => {
    expectReason(await bearer(await signedByUs({ sub: 'admin' })), 'invalid_token', /does not name a user/);
  });

  it('a session token never issued and one signed out get the same answer', async () => {
    const leaving = await signUp(t.app);
    const signedOut = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { authorization: `Bearer ${leaving.sessionToken}` } });
    expect(signedOut.statusCode, signedOut.body).toBe(200);
    const revoked = await bearer(leaving.sessionToken);
    const invented = await bearer('never-issued-session-token');
    const cookie = await call({ cookie: leaving.cookie });
    for (const res of [revoked, invented, cookie]) expectReason(res, 'invalid_token', /session is not valid/);
    expect(revoked.headers['www-authenticate']).toBe(invented.headers['www-authenticate']);
    expect(revoked.json().detail).toBe(invented.json().detail);
  });
});
