// PUT (full replace) and PATCH (partial update): which fields change, which reset, what is
// required, and that every change bumps version by one and moves updated_at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask, getTask, ISO_UTC, taskUrl, type Task } from './task-api.js';
import { expectError } from '../helpers/expect-error.js';
import { sleep } from '../helpers/sleep.js';

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
});
afterAll(() => t.close());

const full = { title: 'Full', description: 'All of it', is_completed: false, priority: 'High', due_date: '2031-01-01T00:00:00.000Z', tags: ['a', 'b'] };
const rich = () => createTask(t.app, user, full);

async function put(id: string, body: unknown) {
  const res = await as(t.app, user).put(taskUrl(id), body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Task;
}

async function patch(id: string, body: unknown) {
  const res = await as(t.app, user).patch(taskUrl(id), body);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers.etag).toBe(`"v${res.json().version}"`);
  return res.json() as Task;
}

describe('PUT replaces the whole task', () => {
  it('resets priority, due_date and tags when absent', async () => {
    const task = await rich();
    const replaced = await put(task.id, { title: '  Replaced  ', description: null, is_completed: false });
    expect(replaced).toMatchObject({ id: task.id, title: 'Replaced', description: null, priority: 'Medium', due_date: null, tags: [], version: 2 });
    expect(replaced.created_at).toBe(task.created_at);
    expect(await getTask(t.app, user, task.id)).toEqual(replaced);
  });

  it('sets every field given, normalised like a create', async () => {
    const task = await createTask(t.app, user, { title: 'plain' });
    const replaced = await put(task.id, { ...full, priority: 'low', tags: ['x', 'y', 'x'], due_date: '2031-01-01T01:00:00+01:00' });
    expect(replaced).toMatchObject({ title: 'Full', description: 'All of it', priority: 'Low', tags: ['x', 'y'], due_date: '2031-01-01T00:00:00.000Z', version: 2 });
  });

  it.each(['title', 'description', 'is_completed'])('requires %s (422 naming it, nothing changed)', async (field) => {
    const task = await rich();
    const body: Record<string, unknown> = { title: 'T', description: 'D', is_completed: true };
    delete body[field];
    expectError(await as(t.app, user).put(taskUrl(task.id), body), 422, 'VALIDATION_ERROR', [field]);
    expect(await getTask(t.app, user, task.id)).toEqual(task);
  });

  it('validates like a create: blank title, long description, bad tags, unknown fields', async () => {
    const task = await rich();
    const base = { title: 'ok', description: null, is_completed: false };
    const api = as(t.app, user);
    expectError(await api.put(taskUrl(task.id), { ...base, title: '  ' }), 422, 'VALIDATION_ERROR', ['title']);
    expectError(await api.put(taskUrl(task.id), { ...base, description: 'x'.repeat(2001) }), 422, 'VALIDATION_ERROR', ['description']);
    expectError(await api.put(taskUrl(task.id), { ...base, tags: ['a,b'] }), 422, 'VALIDATION_ERROR', ['tags[0]']);
    expectError(await api.put(taskUrl(task.id), { ...base, version: 9 }), 422, 'VALIDATION_ERROR', ['version']);
    expectError(await api.put(taskUrl(task.id), { ...base, is_completed: 'yes' }), 422, 'VALIDATION_ERROR', ['is_completed']);
    expect(await getTask(t.app, user, task.id)).toEqual(task);
  });

  it('is_completed true sets completed_at; false clears it', async () => {
    const task = await rich();
    const done = await put(task.id, { title: 'x', description: null, is_completed: true });
    expect(done.completed_at).toMatch(ISO_UTC);
    const undone = await put(task.id, { title: 'x', description: null, is_completed: false });
    expect(undone.completed_at).toBeNull();
    expect(undone.version).toBe(3);
  });

  it('an unknown id is 404', async () => {
    expectError(await as(t.app, user).put(taskUrl(crypto.randomUUID()), { title: 'x', description: null, is_completed: false }), 404, 'NOT_FOUND');
  });
});

describe('PATCH changes only the fields sent', () => {
  it.each([
    [{ title: '  New title ' }, { title: 'New title' }],
    [{ description: 'new words' }, { description: 'new words' }],
    [{ priority: 'low' }, { priority: 'Low' }],
    [{ due_date: '2040-06-01T08:00:00-02:00' }, { due_date: '2040-06-01T10:00:00.000Z' }],
    [{ tags: ['z', 'z', 'y'] }, { tags: ['z', 'y'] }],
    [{ tags: [] }, { tags: [] }],
  ])('%j', async (body, changed) => {
    const task = await rich();
    const patched = await patch(task.id, body);
    expect(patched).toEqual({ ...task, ...changed, version: 2, updated_at: patched.updated_at });
  });

  it('null clears description and due_date', async () => {
    const task = await rich();
    const patched = await patch(task.id, { description: null, due_date: null });
    expect(patched).toMatchObject({ description: null, due_date: null, title: 'Full', priority: 'High', tags: ['a', 'b'], version: 2 });
  });

  it('null is refused for fields that cannot be null', async () => {
    const task = await rich();
    for (const field of ['title', 'is_completed', 'priority', 'tags']) {
      expectError(await as(t.app, user).patch(taskUrl(task.id), { [field]: null }), 422, 'VALIDATION_ERROR', [field]);
    }
    expect(await getTask(t.app, user, task.id)).toEqual(task);
  });

  it('an empty object changes nothing: 200, same version and updated_at', async () => {
    const task = await rich();
    const res = await as(t.app, user).patch(taskUrl(task.id), {});
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"v1"');
    expect(res.json()).toEqual(task);
    expect(await getTask(t.app, user, task.id)).toEqual(task);
  });

  it('is_completed sets completed_at, and keeps it when already completed', async () => {
    const task = await rich();
    const done = await patch(task.id, { is_completed: true });
    expect(done.completed_at).toMatch(ISO_UTC);
    await sleep(5);
    const again = await patch(task.id, { is_completed: true, title: 'still done' });
    expect(again.completed_at).toBe(done.completed_at);
    const undone = await patch(task.id, { is_completed: false });
    expect(undone).toMatchObject({ is_completed: false, completed_at: null, version: 4 });
  });

  it('a blank title, an unknown field or a wrong type is a 422 and nothing changes', async () => {
    const task = await rich();
    const api = as(t.app, user);
    expectError(await api.patch(taskUrl(task.id), { title: ' ' }), 422, 'VALIDATION_ERROR', ['title']);
    expectError(await api.patch(taskUrl(task.id), { title: 'ok', colour: 'red' }), 422, 'VALIDATION_ERROR', ['colour']);
    expectError(await api.patch(taskUrl(task.id), { priority: 'urgent' }), 422, 'VALIDATION_ERROR', ['priority']);
    expectError(await api.patch(taskUrl(task.id), { due_date: '2030-01-01 10:00' }), 422, 'VALIDATION_ERROR', ['due_date']);
    expectError(await api.patch(taskUrl(task.id), { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }), 422, 'VALIDATION_ERROR', ['tags']);
    expect(await getTask(t.app, user, task.id)).toEqual(task);
  });

  it('an unknown id is 404, even with an empty body', async () => {
    expectError(await as(t.app, user).patch(taskUrl(crypto.randomUUID()), { title: 'x' }), 404, 'NOT_FOUND');
    expectError(await as(t.app, user).patch(taskUrl(crypto.randomUUID()), {}), 404, 'NOT_FOUND');
  });
});

describe('versions and times', () => {
  it('every change adds exactly one to version and moves updated_at forward', async () => {
    let task = await rich();
    const steps: Array<() => Promise<Task>> = [
      () => patch(task.id, { title: 'one' }),
      () => put(task.id, { title: 'two', description: 'd', is_completed: false }),
      async () => (await as(t.app, user).patch(`${taskUrl(task.id)}/complete`)).json() as Task,
      () => patch(task.id, { tags: ['t'] }),
    ];
    for (const step of steps) {
      await sleep(5);
      const next = await step();
      expect(next.version).toBe(task.version + 1);
      expect(Date.parse(next.updated_at)).toBeGreaterThan(Date.parse(task.updated_at));
      expect(next.created_at).toBe(task.created_at);
      task = next;
    }
    expect(task.version).toBe(5);
    expect(await getTask(t.app, user, task.id)).toEqual(task);
  });
});
