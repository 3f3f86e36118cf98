// Deleting an account (Better Auth's POST /api/auth/delete-user) leaves nothing of the user behind:
// the user, their sessions, their credentials and every one of their tasks are gone, checked in
// the database itself; other users' tasks are untouched.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, signUp, type TestUser } from '../helpers/users.js';
import { countRows } from './support/count-rows.js';
import { expectUnauthorized } from '../helpers/expect-error.js';

const ORIGIN = 'http://localhost:3000';

let t: AppWithUsers;
beforeAll(async () => {
  t = await appWithUsers(0, { BETTER_AUTH_URL: ORIGIN });
});
afterAll(() => t.close());

async function withTasks(titles: string[]): Promise<TestUser> {
  const user = await signUp(t.app);
  for (const title of titles) expect((await as(t.app, user).post('/api/me/tasks', { title })).statusCode).toBe(201);
  return user;
}

async function rowsOf(userId: string) {
  return {
    user: await countRows(t.database, sql`select count(*) from "user" where id = ${userId}`),
    sessions: await countRows(t.database, sql`select count(*) from session where user_id = ${userId}`),
    accounts: await countRows(t.database, sql`select count(*) from account where user_id = ${userId}`),
    tasks: await countRows(t.database, sql`select count(*) from tasks where user_id = ${userId}`),
  };
}

const deleteAccount = (headers: Record<string, string>, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/auth/delete-user', headers, payload });

describe('POST /api/auth/delete-user', () => {
  it('with the session token and the password: the user and all their tasks are gone, others untouched', async () => {
    const doomed = await withTasks(['one', 'two', 'three']);
    const bystander = await withTasks(['stays']);
    expect(await rowsOf(doomed.id)).toEqual({ user: 1, sessions: 1, accounts: 1, tasks: 3 });

    const res = await deleteAccount({ authorization: `Bearer ${doomed.sessionToken}` }, { password: doomed.password });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ success: true });

    expect(await rowsOf(doomed.id)).toEqual({ user: 0, sessions: 0, accounts: 0, tasks: 0 });
    expect(await rowsOf(bystander.id)).toEqual({ user: 1, sessions: 1, accounts: 1, tasks: 1 });
    expect((await as(t.app, bystander).get('/api/me/tasks')).json().items[0].title).toBe('stays');
  });

  it('afterwards the session token, the cookie and the password no longer work', async () => {
    const doomed = await withTasks(['x']);
    expect((await deleteAccount({ authorization: `Bearer ${doomed.sessionToken}` }, { password: doomed.password })).statusCode).toBe(200);

    expectUnauthorized(await t.app.inject({ url: '/api/me/tasks', headers: { authorization: `Bearer ${doomed.sessionToken}` } }));
    expectUnauthorized(await t.app.inject({ url: '/api/me/tasks', headers: { cookie: doomed.cookie } }));
    const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email: doomed.email, password: doomed.password } });
    expect(signIn.statusCode).toBe(401);
  });

  it('from the web page (cookie, our Origin) works the same and clears the cookie', async () => {
    const doomed = await withTasks(['a', 'b']);
    const res = await deleteAccount({ cookie: doomed.cookie, origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' }, { password: doomed.password });
    expect(res.statusCode, res.body).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/session_token=;.*Max-Age=0/i);
    expect(await rowsOf(doomed.id)).toEqual({ user: 0, sessions: 0, accounts: 0, tasks: 0 });
  });

  it('every session of the user ends, not only the one that asked', async () => {
    const doomed = await withTasks([]);
    const other = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email: doomed.email, password: doomed.password } });
    const otherToken = (other.json() as { token: string }).token;
    expect(await rowsOf(doomed.id)).toMatchObject({ sessions: 2 });
    await deleteAccount({ authorization: `Bearer ${doomed.sessionToken}` }, { password: doomed.password });
    expectUnauthorized(await t.app.inject({ url: '/api/me/tasks', headers: { authorization: `Bearer ${otherToken}` } }));
  });

  it('a wrong password → 4xx and nothing is deleted', async () => {
    const user = await withTasks(['keep me']);
    const res = await deleteAccount({ authorization: `Bearer ${user.sessionToken}` }, { password: 'not my password' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(await rowsOf(user.id)).toEqual({ user: 1, sessions: 1, accounts: 1, tasks: 1 });
  });

  it('without a session → 401 and nothing is deleted', async () => {
    const user = await withTasks(['keep me']);
    expect((await deleteAccount({}, { password: user.password })).statusCode).toBe(401);
    // A JWT is for the task API, not for managing the account.
    expect((await deleteAccount({ authorization: `Bearer ${user.jwt}` }, { password: user.password })).statusCode).toBe(401);
    expect(await rowsOf(user.id)).toMatchObject({ user: 1, tasks: 1 });
  });

  it('the email can sign up again as a new, empty account', async () => {
    const doomed = await withTasks(['old']);
    await deleteAccount({ authorization: `Bearer ${doomed.sessionToken}` }, { password: doomed.password });
    const reborn = await signUp(t.app, { email: doomed.email, password: doomed.password });
    expect(reborn.id).not.toBe(doomed.id);
    expect((await as(t.app, reborn).get('/api/me/tasks')).json()).toMatchObject({ items: [], count: 0 });
  });
});

describe('a JWT issued before the account was deleted', () => {
  it('cannot resurrect or read anything of the user', async () => {
    const doomed = await withTasks(['gone']);
    await deleteAccount({ authorization: `Bearer ${doomed.sessionToken}` }, { password: doomed.password });

    const list = await as(t.app, doomed).get('/api/me/tasks');
    expect(list.statusCode).toBeLessThan(500);
    if (list.statusCode === 200) expect(list.json()).toMatchObject({ items: [], count: 0 });
    const create = await as(t.app, doomed).post('/api/me/tasks', { title: 'orphan' });
    // The account behind the token is gone: nothing can be created for it.
    expectUnauthorized(create);
    expect(await rowsOf(doomed.id)).toEqual({ user: 0, sessions: 0, accounts: 0, tasks: 0 });
  });
});
