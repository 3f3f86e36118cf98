// The seed's five user stories (create, list, retrieve, update, delete), each played the way the
// seed's front end plays it: /api/{user_id}/tasks paths, a Bearer JWT and Content-Type:
// application/json on every request, GET and DELETE included.
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { signUp, type TestUser } from '../helpers/users.js';
import type { Task, TaskList } from './task-api.js';

let t: AppWithUsers;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await appWithUsers([{ name: 'Alice' }, { name: 'Bob' }]);
  [alice, bob] = t.users as [TestUser, TestUser];
});
afterAll(() => t.close());

/** A request as the seed's front end sends it. */
function frontEnd(user: TestUser, method: InjectOptions['method'], path: string, body?: unknown) {
  return t.app.inject({
    method,
    url: `/api/${user.id}/tasks${path}`,
    headers: { authorization: `Bearer ${user.jwt}`, 'content-type': 'application/json' },
    payload: body === undefined ? '' : JSON.stringify(body),
  });
}

describe('story 1: a user creates a task', () => {
  it('with a title only, or with every detail; a missing title is explained', async () => {
    const res = await frontEnd(alice, 'POST', '', { title: 'Plan the trip' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ title: 'Plan the trip', is_completed: false, user_id: alice.id, description: null });
    expect(res.headers.location).toBe(`/api/${alice.id}/tasks/${res.json().id}`);

    const detailed = await frontEnd(alice, 'POST', '', { title: 'Book flights', description: 'Window seats', priority: 'High', tags: ['trip'], due_date: '2031-07-01T09:00:00Z' });
    expect(detailed.statusCode).toBe(201);
    expect(detailed.json()).toMatchObject({ description: 'Window seats', priority: 'High', tags: ['trip'], due_date: '2031-07-01T09:00:00.000Z' });

    const missing = await frontEnd(alice, 'POST', '', { description: 'no title' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({ error_code: 'VALIDATION_ERROR', field_errors: [{ field: 'title' }] });
  });
});

describe('story 2: a user lists their tasks', () => {
  it('sees all of their own tasks and none of anyone else\'s', async () => {
    const mine = (await frontEnd(bob, 'POST', '', { title: 'Bob one' })).json() as Task;
    await frontEnd(bob, 'POST', '', { title: 'Bob two' });
    const res = await frontEnd(bob, 'GET', '');
    expect(res.statusCode).toBe(200);
    const list = res.json() as TaskList;
    expect(list.items.map((task) => task.title)).toEqual(['Bob two', 'Bob one']);
    expect(list.count).toBe(2);
    expect(list.items[1]).toEqual(mine);
    const alices = (await frontEnd(alice, 'GET', '')).json() as TaskList;
    expect(alices.items.every((task) => task.user_id === alice.id)).toBe(true);
    expect(alices.items.map((task) => task.id)).not.toContain(mine.id);
  });

  it('a user with no tasks gets an empty list', async () => {
    const carol = await signUp(t.app);
    expect((await frontEnd(carol, 'GET', '')).json()).toEqual({ items: [], count: 0, next_cursor: null });
  });
});

describe('story 3: a user retrieves one task', () => {
  it('by id; an unknown id or someone else\'s task is 404', async () => {
    const task = (await frontEnd(alice, 'POST', '', { title: 'Find me' })).json() as Task;
    const res = await frontEnd(alice, 'GET', `/${task.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(task);
    expect((await frontEnd(alice, 'GET', `/${crypto.randomUUID()}`)).statusCode).toBe(404);
    const asBob = await frontEnd(bob, 'GET', `/${task.id}`);
    expect(asBob.statusCode).toBe(404);
    expect(asBob.json().error_code).toBe('NOT_FOUND');
  });
});

describe('story 4: a user updates a task', () => {
  it('edits its fields, marks it done and undone; bad input is explained and changes nothing', async () => {
    const task = (await frontEnd(alice, 'POST', '', { title: 'Draft', description: 'first' })).json() as Task;
    const edited = await frontEnd(alice, 'PUT', `/${task.id}`, { title: 'Final', description: 'second', is_completed: false });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ title: 'Final', description: 'second', version: 2 });

    const done = await frontEnd(alice, 'PATCH', `/${task.id}/complete`);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ is_completed: true, version: 3 });
    const undone = await frontEnd(alice, 'PATCH', `/${task.id}/complete`);
    expect(undone.json()).toMatchObject({ is_completed: false, completed_at: null, version: 4 });

    const patched = await frontEnd(alice, 'PATCH', `/${task.id}`, { priority: 'low' });
    expect(patched.json()).toMatchObject({ title: 'Final', description: 'second', priority: 'Low', version: 5 });

    const bad = await frontEnd(alice, 'PUT', `/${task.id}`, { title: '', description: null, is_completed: false });
    expect(bad.statusCode).toBe(422);
    expect((await frontEnd(alice, 'GET', `/${task.id}`)).json()).toEqual(patched.json());
  });

  it('cannot update someone else\'s task', async () => {
    const task = (await frontEnd(alice, 'POST', '', { title: 'Alice only' })).json() as Task;
    expect((await frontEnd(bob, 'PUT', `/${task.id}`, { title: 'Bob was here', description: null, is_completed: true })).statusCode).toBe(404);
    expect((await frontEnd(alice, 'GET', `/${task.id}`)).json()).toEqual(task);
  });
});

describe('story 5: a user deletes a task', () => {
  it('it disappears from the list; deleting it again, or someone else\'s, is 404', async () => {
    const task = (await frontEnd(alice, 'POST', '', { title: 'Throw away' })).json() as Task;
    const kept = (await frontEnd(alice, 'POST', '', { title: 'Keep' })).json() as Task;
    expect((await frontEnd(bob, 'DELETE', `/${task.id}`)).statusCode).toBe(404);
    const res = await frontEnd(alice, 'DELETE', `/${task.id}`);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    const ids = ((await frontEnd(alice, 'GET', '')).json() as TaskList).items.map((item) => item.id);
    expect(ids).not.toContain(task.id);
    expect(ids).toContain(kept.id);
    expect((await frontEnd(alice, 'DELETE', `/${task.id}`)).statusCode).toBe(404);
  });
});
