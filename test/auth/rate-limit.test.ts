// Sign-in and sign-up are rate limited per client address (Better Auth's limiter, counters in the
// database): AUTH_RATE_LIMIT_MAX attempts per AUTH_RATE_LIMIT_WINDOW_S, then 429 with Retry-After.
// Each test uses its own made-up client address, so counters never mix with other tests, even on
// a PostgreSQL database shared by the whole suite.
import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { uniqueEmail } from '../helpers/users.js';

const MAX = 3;
const WINDOW_S = 60;

let t: AppWithUsers;
let user: { email: string; password: string; sessionToken: string };
beforeAll(async () => {
  t = await appWithUsers(0, { AUTH_RATE_LIMIT_MAX: String(MAX), AUTH_RATE_LIMIT_WINDOW_S: String(WINDOW_S) });
  const email = uniqueEmail('rate');
  const password = 'rate limit password';
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-up/email', remoteAddress: randomAddress(), payload: { name: 'R', email, password } });
  user = { email, password, sessionToken: (res.json() as { token: string }).token };
});
afterAll(() => t.close());

/** A documentation-range IPv4 address (RFC 5737) nobody else in the suite uses. */
function randomAddress(): string {
  const [a, b] = crypto.randomBytes(2);
  return `198.51.${a}.${b! % 254 + 1}`;
}

function signIn(remoteAddress: string, password: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/auth/sign-in/email', remoteAddress, headers, payload: { email: user.email, password } });
}

function expectLimited(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_S);
  expect(res.headers['set-cookie']).toBeUndefined();
}

describe('sign-in', () => {
  it(`the first ${MAX} attempts are answered, the next → 429 with Retry-After`, async () => {
    const address = randomAddress();
    for (let i = 1; i <= MAX; i++) expect((await signIn(address, 'wrong password')).statusCode, `attempt ${i}`).toBe(401);
    expectLimited(await signIn(address, 'wrong password'));
    // Even the right password: guessing is what the limit stops.
    expectLimited(await signIn(address, user.password));
  });

  it('successful sign-ins count too', async () => {
    const address = randomAddress();
    const answers: number[] = [];
    for (let i = 0; i <= MAX; i++) answers.push((await signIn(address, user.password)).statusCode);
    expect(answers).toEqual([...Array<number>(MAX).fill(200), 429]);
  });

  it('another address has its own budget', async () => {
    const limited = randomAddress();
    for (let i = 0; i <= MAX; i++) await signIn(limited, 'wrong password');
    expectLimited(await signIn(limited, 'wrong password'));
    expect((await signIn(randomAddress(), user.password)).statusCode).toBe(200);
  });

  it('a client cannot pick a fresh budget with X-Forwarded-For or X-Real-IP', async () => {
    const address = randomAddress();
    for (let i = 0; i < MAX; i++) await signIn(address, 'wrong password', { 'x-forwarded-for': randomAddress() });
    expectLimited(await signIn(address, 'wrong password', { 'x-forwarded-for': randomAddress(), 'x-real-ip': randomAddress() }));
  });
});

describe('sign-up', () => {
  it(`${MAX} sign-ups from one address, then → 429, and the refused account is not created`, async () => {
    const address = randomAddress();
    const attempt = (email: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/sign-up/email', remoteAddress: address, payload: { name: 'R', email, password: 'rate limit password' } });
    for (let i = 1; i <= MAX; i++) expect((await attempt(uniqueEmail('rl'))).statusCode, `sign-up ${i}`).toBe(200);
    const email = uniqueEmail('rl-refused');
    expectLimited(await attempt(email));
    const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in/email', remoteAddress: randomAddress(), payload: { email, password: 'rate limit password' } });
    expect(signIn.statusCode).toBe(401);
  });
});

describe('what is not tightly limited', () => {
  it('reading the session and minting JWTs go on well past the sign-in limit', async () => {
    const address = randomAddress();
    for (let i = 0; i < MAX * 3; i++) {
      const res = await t.app.inject({ url: '/api/auth/token', remoteAddress: address, headers: { authorization: `Bearer ${user.sessionToken}` } });
      expect(res.statusCode, `token ${i}`).toBe(200);
    }
  });
});
