// Tokens the task API must refuse, each with the same 401 UNAUTHORIZED in the contract's shape:
// forgeries (alg none, a foreign key, HMAC keyed with our public key, tampering), tokens of ours
// with the wrong claims, and things that are not tokens at all.
import { SignJWT, base64url, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { type TestUser } from '../helpers/users.js';
import { expectUnauthorized } from '../helpers/expect-error.js';

let t: AppWithUsers;
let user: TestUser;
let victim: TestUser;
let ourKey: JWK;
beforeAll(async () => {
  t = await appWithUsers(2);
  [user, victim] = t.users as [TestUser, TestUser];
  // The key that signed the user's JWT (a shared database may hold several of ours).
  const { keys } = (await t.app.inject('/api/auth/jwks')).json() as { keys: JWK[] };
  ourKey = keys.find((key) => key.kid === decodeProtectedHeader(user.jwt).kid)!;
});
afterAll(() => t.close());

const withToken = (token: string, path = '/api/me/tasks') => t.app.inject({ url: path, headers: { authorization: `Bearer ${token}` } });
const encode = (part: object) => base64url.encode(JSON.stringify(part));
const parts = (token: string) => token.split('.') as [string, string, string];

it('the genuine JWT works (every case below starts from it)', async () => {
  expect((await withToken(user.jwt)).statusCode).toBe(200);
  expect(ourKey).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String) });
});

describe('forged signatures', () => {
  it('alg "none", with and without a signature part', async () => {
    const header = encode({ alg: 'none', typ: 'JWT' });
    const payload = parts(user.jwt)[1];
    expectUnauthorized(await withToken(`${header}.${payload}.`));
    expectUnauthorized(await withToken(`${header}.${payload}.${parts(user.jwt)[2]}`));
    expectUnauthorized(await withToken(`${encode({ alg: 'None' })}.${payload}.`));
  });

  it('signed by an Ed25519 key that is not ours, with our kid, another kid or none', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const claims = decodeJwt(user.jwt);
    for (const kid of [ourKey.kid, 'someone-elses-key', undefined]) {
      const forged = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'EdDSA', ...(kid ? { kid } : {}) })
        .sign(privateKey);
      expectUnauthorized(await withToken(forged));
    }
  });

  it('an embedded key in the header (jwk) is not trusted', async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await new SignJWT({ ...decodeJwt(user.jwt) })
      .setProtectedHeader({ alg: 'EdDSA', jwk: await exportJWK(publicKey) })
      .sign(privateKey);
    expectUnauthorized(await withToken(forged));
  });

  it('HS256 keyed with our public key (every plausible encoding of it)', async () => {
    const claims = decodeJwt(user.jwt);
    const secrets = [
      base64url.decode(ourKey.x!),
      new TextEncoder().encode(ourKey.x!),
      new TextEncoder().encode(JSON.stringify(ourKey)),
      new TextEncoder().encode(JSON.stringify({ keys: [ourKey] })),
    ];
    for (const secret of secrets) {
      for (const alg of ['HS256', 'HS512']) {
        const forged = await new SignJWT({ ...claims }).setProtectedHeader({ alg, kid: ourKey.kid }).sign(secret);
        expectUnauthorized(await withToken(forged));
      }
    }
  });

  it('a tampered payload (another sub, a later exp) with the original signature', async () => {
    const [header, payload, signature] = parts(user.jwt);
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<string, unknown>;
    expectUnauthorized(await withToken(`${header}.${encode({ ...claims, sub: victim.id })}.${signature}`));
    expectUnauthorized(await withToken(`${header}.${encode({ ...claims, exp: Number(claims.exp) + 86_400 })}.${signature}`));
    // Not even the victim's path is reachable with it.
    expectUnauthorized(await withToken(`${header}.${encode({ ...claims, sub: victim.id })}.${signature}`, `/api/${victim.id}/tasks`));
  });

  it('a tampered header with the original signature', async () => {
    const [, payload, signature] = parts(user.jwt);
    const original = decodeProtectedHeader(user.jwt);
    expectUnauthorized(await withToken(`${encode({ ...original, typ: 'JWT', extra: 1 })}.${payload}.${signature}`));
    expectUnauthorized(await withToken(`${encode({ ...original, alg: 'ES256' })}.${payload}.${signature}`));
    expectUnauthorized(await withToken(`${encode({ ...original, kid: 'another-kid' })}.${payload}.${signature}`));
  });

  it('a flipped bit in the signature', async () => {
    const [header, payload, signature] = parts(user.jwt);
    const bytes = base64url.decode(signature);
    bytes[0]! ^= 1;
    expectUnauthorized(await withToken(`${header}.${payload}.${base64url.encode(bytes)}`));
  });
});

describe('our own key, wrong claims', () => {
  // Better Auth's server-side signer uses our real private key; only the claims are chosen here.
  const signWithOurKey = async (payload: Record<string, unknown>) =>
    (await t.app.auth.api.signJWT({ body: { payload } })).token;
  const now = () => Math.floor(Date.now() / 1000);

  it('a control token signed this way is accepted (so the cases below fail on their claim alone)', async () => {
    expect((await withToken(await signWithOurKey({ sub: user.id }))).statusCode).toBe(200);
  });

  it.each([
    ['expired', () => ({ sub: user.id, iat: now() - 120, exp: now() - 60 })],
    ['not yet valid (nbf in the future)', () => ({ sub: user.id, nbf: now() + 3600 })],
    ['another issuer', () => ({ sub: user.id, iss: 'https://evil.example' })],
    ['another audience', () => ({ sub: user.id, aud: 'https://evil.example' })],
    ['no subject', () => ({})],
    ['a subject that is not a UUID', () => ({ sub: 'admin' })],
  ])('%s → 401', async (_, payload) => {
    expectUnauthorized(await withToken(await signWithOurKey(payload())));
  });
});

describe('not tokens at all', () => {
  it.each([
    ['garbage', () => 'Bearer garbage'],
    ['three dots of garbage', () => 'Bearer a.b.c'],
    ['base64 junk in JWT form', () => `Bearer ${encode({ x: 1 })}.${encode({ y: 2 })}.${encode({ z: 3 })}`],
    ['"Bearer" and no token', () => 'Bearer'],
    ['"Bearer " and spaces', () => 'Bearer    '],
    ['two tokens', () => `Bearer ${user.sessionToken} ${user.sessionToken}`],
    ['another scheme', () => `Basic ${Buffer.from(`${user.email}:${user.password}`).toString('base64')}`],
    ['a token with no scheme', () => user.jwt],
    ['a session token with no scheme', () => user.sessionToken],
  ])('%s → 401', async (_, authorization) => {
    expectUnauthorized(await t.app.inject({ url: '/api/me/tasks', headers: { authorization: authorization() } }));
  });

  it('a bad Authorization header is not rescued by a valid cookie', async () => {
    const res = await t.app.inject({ url: '/api/me/tasks', headers: { authorization: 'Bearer garbage', cookie: user.cookie } });
    expectUnauthorized(res);
  });

  it('a very long token is refused cleanly', async () => {
    expectUnauthorized(await withToken(`${'a'.repeat(4000)}.${'b'.repeat(4000)}.${'c'.repeat(4000)}`));
  });
});
