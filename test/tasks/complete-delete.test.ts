// PATCH .../complete toggles completion; DELETE removes a task for good.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask, getTask, ISO_UTC, listIds, taskUrl, type Task } from './task-api.js';
import { expectError } from '../helpers/expect-error.js';

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
});
afterAll(() => t.close());

async function toggle(id: string): Promise<Task> {
  const res = await as(t.app, user).patch(`${taskUrl(id)}/complete`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers.etag).toBe(`"v${res.json().version}"`);
  return res.json() as Task;
}

describe('PATCH /api/{user_id}/tasks/{id}/complete', () => {
  it('toggles is_completed, setting then clearing completed_at', async () => {
    const task = await createTask(t.app, user, { title: 'Toggle me', priority: 'High', tags: ['keep'] });
    const done = await toggle(task.id);
    expect(done).toMatchObject({ is_completed: true, version: 2, title: 'Toggle me', priority: 'High', tags: ['keep'] });
    expect(done.completed_at).toMatch(ISO_UTC);
    expect(Date.parse(done.completed_at!)).toBeGreaterThanOrEqual(Date.parse(task.created_at));
    const undone = await toggle(task.id);
    expect(undone).toMatchObject({ is_completed: false, completed_at: null, version: 3 });
    expect(await getTask(t.app, user, task.id)).toEqual(undone);
  });

  it('starts from a task created completed', async () => {
    const task = await createTask(t.app, user, { title: 'born done', is_completed: true });
    expect(await toggle(task.id)).toMatchObject({ is_completed: false, completed_at: null, version: 2 });
  });

  it('takes no body: an empty JSON body or {} is fine, a body with fields is refused', async () => {
    const task = await createTask(t.app, user, { title: 'bodiless' });
    const empty = await t.app.inject({
      method: 'PATCH', url: `${taskUrl(task.id)}/complete`, payload: '',
      headers: { authorization: `Bearer ${user.jwt}`, 'content-type': 'application/json' },
    });
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json().is_completed).toBe(true);
    expect((await as(t.app, user).patch(`${taskUrl(task.id)}/complete`, {})).json()).toMatchObject({ is_completed: false, version: 3 });
    // A client sending {"is_completed": true} must not have the task silently flipped the other way.
    const withField = await as(t.app, user).patch(`${taskUrl(task.id)}/complete`, { is_completed: false });
    expectError(withField, 422, 'VALIDATION_ERROR', ['is_completed']);
    expectError(await as(t.app, user).patch(`${taskUrl(task.id)}/complete`, '"x"', { 'content-type': 'application/json' }), 422, 'VALIDATION_ERROR');
    expect(await getTask(t.app, user, task.id)).toMatchObject({ is_completed: false, version: 3 });
  });

  it('an unknown id is 404', async () => {
    expectError(await as(t.app, user).patch(`${taskUrl(crypto.randomUUID())}/complete`), 404, 'NOT_FOUND');
  });
});

describe('DELETE /api/{user_id}/tasks/{id}', () => {
  it('answers 204 with an empty body; the task is gone from GET, the list and the metrics', async () => {
    const keep = await createTask(t.app, user, { title: 'keep' });
    const task = await createTask(t.app, user, { title: 'Delete me' });
    const before = (await as(t.app, user).get('/api/me/tasks/metrics')).json().total as number;
    const res = await as(t.app, user).delete(taskUrl(task.id));
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expectError(await as(t.app, user).get(taskUrl(task.id)), 404, 'NOT_FOUND');
    const ids = await listIds(t.app, user, 'limit=1000');
    expect(ids).not.toContain(task.id);
    expect(ids).toContain(keep.id);
    expect((await as(t.app, user).get('/api/me/tasks/metrics')).json().total).toBe(before - 1);
  });

  it('a deleted task stays gone: every route answers 404', async () => {
    const task = await createTask(t.app, user, { title: 'gone' });
    expect((await as(t.app, user).delete(taskUrl(task.id))).statusCode).toBe(204);
    const api = as(t.app, user);
    expectError(await api.delete(taskUrl(task.id)), 404, 'NOT_FOUND');
    expectError(await api.put(taskUrl(task.id), { title: 'x', description: null, is_completed: false }), 404, 'NOT_FOUND');
    expectError(await api.patch(taskUrl(task.id), { title: 'back?' }), 404, 'NOT_FOUND');
    expectError(await api.patch(`${taskUrl(task.id)}/complete`), 404, 'NOT_FOUND');
    expectError(await api.delete(taskUrl(task.id), { 'if-match': '*' }), 404, 'NOT_FOUND');
  });

  it('takes no body: fields in one are refused and nothing is deleted', async () => {
    const task = await createTask(t.app, user, { title: 'not like this' });
    const res = await t.app.inject({ method: 'DELETE', url: taskUrl(task.id), payload: { soft: true }, headers: { authorization: `Bearer ${user.jwt}` } });
    expectError(res, 422, 'VALIDATION_ERROR', ['soft']);
    expect(await getTask(t.app, user, task.id)).toEqual(task);
  });

  it('an unknown id is 404', async () => {
    expectError(await as(t.app, user).delete(taskUrl(crypto.randomUUID())), 404, 'NOT_FOUND');
  });
});
