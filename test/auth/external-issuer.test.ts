// Optional external issuer (AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE): JWTs signed by another
// Better Auth server (for example a front end that owns sign-in) are accepted, verified against
// that server's JWKS; their sub is the user id. Here the other server is a tiny node:http server
// publishing a key generated for the test.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, signUp, type TestUser } from '../helpers/users.js';
import { expectUnauthorized } from '../helpers/expect-error.js';

const ISSUER = 'https://front-end.example';
const AUDIENCE = 'https://front-end.example';
const KID = 'external-key-1';

let jwksServer: http.Server;
let jwksRequests = 0;
let privateKey: CryptoKey;
let t: AppWithUsers;
let user: TestUser;

beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  privateKey = pair.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'EdDSA', use: 'sig' };
  jwksServer = http.createServer((req, res) => {
    jwksRequests++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const { port } = jwksServer.address() as AddressInfo;
  t = await appWithUsers(1, { AUTH_JWKS_URL: `http://127.0.0.1:${port}/api/auth/jwks`, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE });
  [user] = t.users as [TestUser];
  await as(t.app, user).post('/api/me/tasks', { title: 'made with our own JWT' });
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => jwksServer.close(resolve));
});

function externalJwt(claims: { sub?: string; iss?: string; aud?: string; exp?: number | string }, key: CryptoKey = privateKey, kid = KID) {
  const jwt = new SignJWT({ name: 'From the front end' })
    .setProtectedHeader({ alg: 'EdDSA', kid })
    .setIssuedAt()
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setExpirationTime(claims.exp ?? '15m');
  if (claims.sub !== undefined) jwt.setSubject(claims.sub);
  return jwt.sign(key);
}

const withToken = (token: string, path = '/api/me/tasks') => t.app.inject({ url: path, headers: { authorization: `Bearer ${token}` } });

describe('a JWT from the configured external issuer', () => {
  it('for an existing user is accepted as that user, fetched from the external JWKS', async () => {
    const res = await withToken(await externalJwt({ sub: user.id }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((task: { title: string }) => task.title)).toEqual(['made with our own JWT']);
    expect(jwksRequests).toBeGreaterThan(0);

    const created = await t.app.inject({ method: 'POST', url: `/api/${user.id}/tasks`, headers: { authorization: `Bearer ${await externalJwt({ sub: user.id })}` }, payload: { title: 'made with theirs' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().user_id).toBe(user.id);
  });

  it('still may only use its own subject\'s path', async () => {
    const other = await signUp(t.app);
    const res = await withToken(await externalJwt({ sub: user.id }), `/api/${other.id}/tasks`);
    expect(res.statusCode).toBe(403);
  });

  it('our own JWTs keep working next to it', async () => {
    expect((await withToken(user.jwt)).statusCode).toBe(200);
  });

  it.each([
    ['a wrong audience', () => externalJwt({ sub: user.id, aud: 'https://someone-else.example' })],
    ['our audience instead of theirs', () => externalJwt({ sub: user.id, aud: 'http://localhost:3000' })],
    ['an expired token', () => externalJwt({ sub: user.id, exp: Math.floor(Date.now() / 1000) - 60 })],
    ['no subject', () => externalJwt({})],
    ['a subject that is not a UUID', () => externalJwt({ sub: 'user@example.test' })],
  ])('with %s → 401', async (_, token) => {
    expectUnauthorized(await withToken(await token()));
  });

  it('signed by another key with the issuer\'s name (and its kid) → 401', async () => {
    const { privateKey: intruder } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    expectUnauthorized(await withToken(await externalJwt({ sub: user.id }, intruder)));
    expectUnauthorized(await withToken(await externalJwt({ sub: user.id }, intruder, 'unknown-kid')));
  });

  it('claiming our issuer while signed with the external key → 401 (issuers do not mix)', async () => {
    expectUnauthorized(await withToken(await externalJwt({ sub: user.id, iss: 'http://localhost:3000', aud: 'http://localhost:3000' })));
  });

  it('HS256 keyed with the external public key → 401', async () => {
    const jwks = await (await fetch(`http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/`)).json() as { keys: JWK[] };
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: KID })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('15m')
      .sign(new TextEncoder().encode(jwks.keys[0]!.x!));
    expectUnauthorized(await withToken(forged));
  });

  it('for a user this service does not know: nothing is created for it', async () => {
    const stranger = crypto.randomUUID();
    const res = await t.app.inject({ method: 'POST', url: '/api/me/tasks', headers: { authorization: `Bearer ${await externalJwt({ sub: stranger })}` }, payload: { title: 'orphan' } });
    expect(res.statusCode, res.body).toBe(401);
  });
});
