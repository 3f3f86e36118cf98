// GET one task: ETag and If-None-Match, ids in any case, malformed ids, and the path's {user_id}.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask, TASKS, taskUrl, type Task } from './task-api.js';
import { expectError } from '../helpers/expect-error.js';

let t: AppWithUsers;
let user: TestUser;
let task: Task;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
  task = await createTask(t.app, user, { title: 'Read me', tags: ['x'] });
});
afterAll(() => t.close());

describe('GET /api/{user_id}/tasks/{id}', () => {
  it('answers 200 with the task and its ETag', async () => {
    const res = await as(t.app, user).get(taskUrl(task.id));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers.etag).toBe('"v1"');
    expect(res.json()).toEqual(task);
  });

  it('answers 304 with no body when If-None-Match holds the current tag (also weak, listed or *)', async () => {
    for (const tag of ['"v1"', 'W/"v1"', '"v9", "v1"', '*']) {
      const res = await as(t.app, user).get(taskUrl(task.id), { 'if-none-match': tag });
      expect(res.statusCode, tag).toBe(304);
      expect(res.body).toBe('');
      expect(res.headers.etag).toBe('"v1"');
    }
  });

  it('answers 200 when If-None-Match is stale or garbage', async () => {
    for (const tag of ['"v2"', '"v0"', 'nonsense']) {
      const res = await as(t.app, user).get(taskUrl(task.id), { 'if-none-match': tag });
      expect(res.statusCode, tag).toBe(200);
      expect(res.json().id).toBe(task.id);
    }
  });

  it('the ETag follows the version', async () => {
    const own = await createTask(t.app, user, { title: 'versioned' });
    const patched = await as(t.app, user).patch(taskUrl(own.id), { title: 'versioned again' });
    expect(patched.headers.etag).toBe('"v2"');
    expect((await as(t.app, user).get(taskUrl(own.id), { 'if-none-match': '"v1"' })).statusCode).toBe(200);
    expect((await as(t.app, user).get(taskUrl(own.id), { 'if-none-match': '"v2"' })).statusCode).toBe(304);
  });

  it('an unknown id is 404 NOT_FOUND', async () => {
    expectError(await as(t.app, user).get(taskUrl(crypto.randomUUID())), 404, 'NOT_FOUND');
  });

  it('an unknown query parameter is 400 naming it, here as on the list (a typo never silently does nothing)', async () => {
    expectError(await as(t.app, user).get(`${taskUrl(task.id)}?fields=title`), 400, 'VALIDATION_ERROR', ['fields']);
    expectError(await as(t.app, user).get(`${TASKS}/metrics?status=pending`), 400, 'VALIDATION_ERROR', ['status']);
    expectError(await as(t.app, user).patch(`${taskUrl(task.id)}?dry_run=1`, { title: 'x' }), 400, 'VALIDATION_ERROR', ['dry_run']);
    expect((await as(t.app, user).get(taskUrl(task.id))).json().title).toBe('Read me');
  });
});

describe('ids', () => {
  it('accepts task and user ids in upper case and answers in lower case', async () => {
    const res = await as(t.app, user).get(`/api/${user.id.toUpperCase()}/tasks/${task.id.toUpperCase()}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(task.id);
    expect(res.json().user_id).toBe(user.id);
    expect(res.json().id).toBe(res.json().id.toLowerCase());
  });

  it('upper-case ids work for every write too', async () => {
    const own = await createTask(t.app, user, { title: 'shouting' });
    const ID = own.id.toUpperCase();
    const put = await as(t.app, user).put(`${TASKS}/${ID}`, { title: 'put', description: null, is_completed: false }, { 'if-match': '"v1"' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().id).toBe(own.id);
    expect((await as(t.app, user).patch(`${TASKS}/${ID}`, { priority: 'High' })).json().version).toBe(3);
    expect((await as(t.app, user).patch(`${TASKS}/${ID}/complete`)).json().is_completed).toBe(true);
    expect((await as(t.app, user).delete(`${TASKS}/${ID}`)).statusCode).toBe(204);
    expectError(await as(t.app, user).get(taskUrl(own.id)), 404, 'NOT_FOUND');
  });

  it.each([
    'not-a-uuid', '123', `${crypto.randomUUID()}x`, crypto.randomUUID().replace(/-/g, ''), 'g'.repeat(8) + crypto.randomUUID().slice(8),
    // ajv-formats' own uuid format accepts the URN form, which PostgreSQL's uuid type refuses.
    `urn:uuid:${crypto.randomUUID()}`, `URN:UUID:${crypto.randomUUID()}`,
  ])(
    'a malformed task id %j is 400 VALIDATION_ERROR on every route',
    async (bad) => {
      const api = as(t.app, user);
      expectError(await api.get(`${TASKS}/${bad}`), 400, 'VALIDATION_ERROR');
      expectError(await api.put(`${TASKS}/${bad}`, { title: 'x', description: null, is_completed: false }), 400, 'VALIDATION_ERROR');
      expectError(await api.patch(`${TASKS}/${bad}`, { title: 'x' }), 400, 'VALIDATION_ERROR');
      expectError(await api.patch(`${TASKS}/${bad}/complete`), 400, 'VALIDATION_ERROR');
      expectError(await api.delete(`${TASKS}/${bad}`), 400, 'VALIDATION_ERROR');
    },
  );

  it('a path segment over the router\'s 200-character limit is 400 VALIDATION_ERROR, as {id} or as {user_id}', async () => {
    const api = as(t.app, user);
    const long = 'a'.repeat(201);
    expectError(await api.get(`${TASKS}/${long}`), 400, 'VALIDATION_ERROR');
    expectError(await api.patch(`${TASKS}/${long}/complete`), 400, 'VALIDATION_ERROR');
    expectError(await api.get(`/api/${long}/tasks`), 400, 'VALIDATION_ERROR');
    expectError(await api.get(`/api/${long}/tasks/${task.id}`), 400, 'VALIDATION_ERROR');
  });

  it('a malformed {user_id} is 400 naming user_id, whatever the route', async () => {
    const api = as(t.app, user);
    expectError(await api.get('/api/not-a-uuid/tasks'), 400, 'VALIDATION_ERROR', ['user_id']);
    expectError(await api.post('/api/12345/tasks', { title: 'x' }), 400, 'VALIDATION_ERROR', ['user_id']);
    expectError(await api.get(`/api/ME/tasks/${task.id}`), 400, 'VALIDATION_ERROR', ['user_id']);
    expectError(await api.get('/api/x/tasks/metrics'), 400, 'VALIDATION_ERROR', ['user_id']);
  });

  it('without credentials every task route is 401 UNAUTHORIZED', async () => {
    const anon = as(t.app, null);
    expectError(await anon.get(TASKS), 401, 'UNAUTHORIZED');
    expectError(await anon.post(TASKS, { title: 'x' }), 401, 'UNAUTHORIZED');
    expectError(await anon.get(taskUrl(task.id)), 401, 'UNAUTHORIZED');
    expectError(await anon.put(taskUrl(task.id), { title: 'x', description: null, is_completed: false }), 401, 'UNAUTHORIZED');
    expectError(await anon.patch(taskUrl(task.id), {}), 401, 'UNAUTHORIZED');
    expectError(await anon.patch(`${taskUrl(task.id)}/complete`), 401, 'UNAUTHORIZED');
    expectError(await anon.delete(taskUrl(task.id)), 401, 'UNAUTHORIZED');
    expectError(await anon.get(`${TASKS}/metrics`), 401, 'UNAUTHORIZED');
    expect((await as(t.app, user).get(taskUrl(task.id))).json()).toEqual(task);
  });

  it('the session token and the session cookie work as well as the JWT', async () => {
    const viaSession = await t.app.inject({ url: taskUrl(task.id), headers: { authorization: `Bearer ${user.sessionToken}` } });
    expect(viaSession.statusCode).toBe(200);
    const viaCookie = await t.app.inject({ url: taskUrl(task.id), headers: { cookie: user.cookie } });
    expect(viaCookie.statusCode).toBe(200);
    expect(viaCookie.json()).toEqual(task);
  });
});
