// The {user_id} in /api/{user_id}/tasks is never trusted on its own: "me" and the caller's own id
// (any case) pass, another valid UUID is 403, anything else 400, and credentials come first: without
// them every path is 401, so a stranger learns nothing about ids or routes.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { expectError, expectUnauthorized } from '../helpers/expect-error.js';

let t: AppWithUsers;
let alice: TestUser;
let bob: TestUser;
let bobsTask: string;
beforeAll(async () => {
  t = await appWithUsers(2);
  [alice, bob] = t.users as [TestUser, TestUser];
  await as(t.app, alice).post('/api/me/tasks', { title: 'alice task' });
  bobsTask = (await as(t.app, bob).post('/api/me/tasks', { title: 'bob task' })).json().id as string;
});
afterAll(() => t.close());

const titles = (body: { items: { title: string }[] }) => body.items.map((task) => task.title);

describe('the caller\'s own path', () => {
  it('"me" is the authenticated user', async () => {
    const res = await as(t.app, alice).get('/api/me/tasks');
    expect(res.statusCode).toBe(200);
    expect(titles(res.json())).toEqual(['alice task']);
  });

  it('the own id, in lower and in upper case, is the same as "me"', async () => {
    for (const id of [alice.id, alice.id.toUpperCase()]) {
      const res = await as(t.app, alice).get(`/api/${id}/tasks`);
      expect(res.statusCode, id).toBe(200);
      expect(titles(res.json())).toEqual(['alice task']);
    }
    const created = await as(t.app, alice).post(`/api/${alice.id.toUpperCase()}/tasks`, { title: 'upper' });
    expect(created.statusCode).toBe(201);
    expect(created.json().user_id).toBe(alice.id);
    await as(t.app, alice).delete(`/api/me/tasks/${created.json().id}`);
  });

  it('every credential resolves "me" to its own user', async () => {
    for (const headers of [{ cookie: alice.cookie }, { authorization: `Bearer ${alice.sessionToken}` }]) {
      const res = await t.app.inject({ url: `/api/${alice.id}/tasks`, headers });
      expect(res.statusCode).toBe(200);
      expect(titles(res.json())).toEqual(['alice task']);
    }
  });
});

describe('another user\'s path → 403 FORBIDDEN, and nothing happens', () => {
  it('reading, creating and changing under bob\'s id as alice', async () => {
    expectError(await as(t.app, alice).get(`/api/${bob.id}/tasks`), 403, 'FORBIDDEN');
    expectError(await as(t.app, alice).get(`/api/${bob.id.toUpperCase()}/tasks`), 403, 'FORBIDDEN');
    expectError(await as(t.app, alice).get(`/api/${bob.id}/tasks/${bobsTask}`), 403, 'FORBIDDEN');
    expectError(await as(t.app, alice).get(`/api/${bob.id}/tasks/metrics`), 403, 'FORBIDDEN');
    expectError(await as(t.app, alice).post(`/api/${bob.id}/tasks`, { title: 'planted' }), 403, 'FORBIDDEN');
    expectError(await as(t.app, alice).patch(`/api/${bob.id}/tasks/${bobsTask}`, { title: 'changed' }), 403, 'FORBIDDEN');
    expectError(await as(t.app, alice).patch(`/api/${bob.id}/tasks/${bobsTask}/complete`), 403, 'FORBIDDEN');
    expectError(await as(t.app, alice).delete(`/api/${bob.id}/tasks/${bobsTask}`), 403, 'FORBIDDEN');

    const bobs = await as(t.app, bob).get('/api/me/tasks');
    expect(titles(bobs.json())).toEqual(['bob task']);
    expect(bobs.json().items[0]).toMatchObject({ version: 1, is_completed: false });
  });

  it('a valid UUID of nobody → 403 as well (no hint whether the user exists)', async () => {
    expectError(await as(t.app, alice).get(`/api/${crypto.randomUUID()}/tasks`), 403, 'FORBIDDEN');
  });

  it('bob\'s task under alice\'s own path is simply not found', async () => {
    expectError(await as(t.app, alice).get(`/api/me/tasks/${bobsTask}`), 404, 'NOT_FOUND');
  });
});

describe('a malformed user id → 400 VALIDATION_ERROR', () => {
  it.each(['not-a-uuid', '12345', 'ME', 'me2', `${'a'.repeat(8)}-aaaa-aaaa-aaaa-${'a'.repeat(11)}`, "1' or '1'='1"])('%s', async (id) => {
    const res = await as(t.app, alice).get(`/api/${encodeURIComponent(id)}/tasks`);
    expectError(res, 400, 'VALIDATION_ERROR');
    expect(res.json().field_errors).toEqual([expect.objectContaining({ field: 'user_id' })]);
  });
});

describe('no credentials → 401 before anything else is looked at', () => {
  it.each([
    ['own path', () => `/api/me/tasks`],
    ['another user\'s id', () => `/api/${bob.id}/tasks`],
    ['a malformed user id', () => '/api/not-a-uuid/tasks'],
    ['a malformed task id', () => '/api/me/tasks/not-a-uuid'],
    ['someone\'s real task', () => `/api/${bob.id}/tasks/${bobsTask}`],
    ['metrics', () => '/api/me/tasks/metrics'],
  ])('GET %s', async (_, path) => {
    expectUnauthorized(await t.app.inject({ url: path() }));
    expectUnauthorized(await t.app.inject({ url: path(), headers: { authorization: 'Bearer forged.token.here' } }));
  });

  it('writes without credentials → 401, even with an invalid body', async () => {
    expectUnauthorized(await t.app.inject({ method: 'POST', url: '/api/me/tasks', payload: { nonsense: true } }));
    expectUnauthorized(await t.app.inject({ method: 'POST', url: `/api/${bob.id}/tasks`, payload: { title: 'x' } }));
    expectUnauthorized(await t.app.inject({ method: 'DELETE', url: `/api/${bob.id}/tasks/${bobsTask}` }));
    expect((await as(t.app, bob).get('/api/me/tasks')).json().count).toBe(1);
  });
});
