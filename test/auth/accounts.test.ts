// Email and password accounts through Better Auth's standard routes: sign-up, sign-in, the rules on
// passwords and emails, and answers that never tell whether an email has an account.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { signUp, uniqueEmail } from '../helpers/users.js';
import { countRows } from './support/count-rows.js';

let t: AppWithUsers;
beforeAll(async () => {
  t = await appWithUsers(0);
});
afterAll(() => t.close());

const signUpRaw = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/auth/sign-up/email', payload });
const signInRaw = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload });

describe('sign-up', () => {
  it('creates a user with a UUID id, returns a session token and sets the session cookie', async () => {
    const email = uniqueEmail('signup');
    const res = await signUpRaw({ name: 'Ada', email, password: 'a good password' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { token: string; user: Record<string, unknown> };
    expect(body.token).toEqual(expect.any(String));
    expect(body.user).toMatchObject({ email, name: 'Ada' });
    expect(body.user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(JSON.stringify(body)).not.toMatch(/password|hash/i);
    expect(String(res.headers['set-cookie'])).toMatch(/session_token=/);
  });

  it('a duplicate email is refused with a clear 4xx error, and the first account still works', async () => {
    const user = await signUp(t.app);
    const res = await signUpRaw({ name: 'Again', email: user.email, password: 'another password' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json()).toMatchObject({ code: expect.stringMatching(/USER_ALREADY_EXISTS/), message: expect.stringMatching(/exists/i) });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await signInRaw({ email: user.email, password: user.password })).statusCode).toBe(200);
    expect((await signInRaw({ email: user.email, password: 'another password' })).statusCode).toBe(401);
  });

  it('a duplicate that differs only in letter case is the same email', async () => {
    const user = await signUp(t.app);
    const res = await signUpRaw({ name: 'Shouting', email: user.email.toUpperCase(), password: 'another password' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });

  it.each([
    ['7 characters', 'x'.repeat(7), 'PASSWORD_TOO_SHORT'],
    ['129 characters', 'x'.repeat(129), 'PASSWORD_TOO_LONG'],
  ])('a password of %s is refused (4xx) and no account is made', async (_, password, code) => {
    const email = uniqueEmail('pw');
    const res = await signUpRaw({ name: 'P', email, password });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code });
    expect(await countRows(t.database, sql`select count(*) from "user" where email = ${email}`)).toBe(0);
  });

  it.each([
    ['8', 'x'.repeat(8)],
    ['128', 'y'.repeat(128)],
  ])('a password of exactly %s characters is accepted and signs in', async (_, password) => {
    const user = await signUp(t.app, { password });
    expect((await signInRaw({ email: user.email, password })).statusCode).toBe(200);
  });

  it('a malformed email is refused', async () => {
    const res = await signUpRaw({ name: 'E', email: 'not-an-email', password: 'a good password' });
    expect(res.statusCode).toBe(400);
  });
});

describe('emails are case-normalised', () => {
  it('sign up as Mixed@Case, stored in lower case; sign in with lower or upper case', async () => {
    const local = `Mixed-${crypto.randomUUID().slice(0, 8)}`;
    const mixed = `${local}@Case.Example`;
    const res = await signUpRaw({ name: 'Mixed', email: mixed, password: 'mixed case password' });
    expect(res.statusCode).toBe(200);
    const id = (res.json() as { user: { id: string; email: string } }).user.id;
    expect(res.json().user.email).toBe(mixed.toLowerCase());

    for (const email of [mixed.toLowerCase(), mixed.toUpperCase(), mixed]) {
      const signedIn = await signInRaw({ email, password: 'mixed case password' });
      expect(signedIn.statusCode, email).toBe(200);
      expect(signedIn.json().user.id).toBe(id);
    }
  });
});

describe('sign-in', () => {
  it('the right password → 200 with a new session token and cookie', async () => {
    const user = await signUp(t.app);
    const res = await signInRaw({ email: user.email, password: user.password });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { token: string; user: { id: string; email: string } };
    expect(body.user).toMatchObject({ id: user.id, email: user.email });
    expect(body.token).not.toBe(user.sessionToken);
    expect(String(res.headers['set-cookie'])).toMatch(/session_token=/);
  });

  it('a wrong password → 401, and an unknown email gets exactly the same answer', async () => {
    const user = await signUp(t.app);
    const wrong = await signInRaw({ email: user.email, password: 'not the password' });
    const unknown = await signInRaw({ email: uniqueEmail('nobody'), password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(unknown.headers['set-cookie']).toBeUndefined();
    expect(wrong.json()).toMatchObject({ code: 'INVALID_EMAIL_OR_PASSWORD' });
  });

  it('the password is case-sensitive', async () => {
    const user = await signUp(t.app, { password: 'CaseSensitive' });
    expect((await signInRaw({ email: user.email, password: 'casesensitive' })).statusCode).toBe(401);
  });
});

describe('get-session', () => {
  it('answers null without credentials, and the user with the cookie or the session token', async () => {
    const user = await signUp(t.app);
    const none = await t.app.inject('/api/auth/get-session');
    expect(none.statusCode).toBe(200);
    expect(none.json()).toBeNull();

    const byCookie = await t.app.inject({ url: '/api/auth/get-session', headers: { cookie: user.cookie } });
    expect(byCookie.json()).toMatchObject({ user: { id: user.id, email: user.email }, session: { userId: user.id } });
    const byBearer = await t.app.inject({ url: '/api/auth/get-session', headers: { authorization: `Bearer ${user.sessionToken}` } });
    expect(byBearer.json()).toMatchObject({ user: { id: user.id } });
  });

  it('a made-up session token is no session', async () => {
    const res = await t.app.inject({ url: '/api/auth/get-session', headers: { authorization: 'Bearer made-up-session-token' } });
    expect(res.json()).toBeNull();
  });
});
