// The cross-user matrix: user B acting on user A's task or list through every endpoint, with and
// without If-Match, always gets the 404 an unknown id gets (never 403, never 412, never a hint), and
// A's task is untouched. So does B naming A's list or task as a list_id, parent_id, after_id or
// before_id of B's own writes, and nothing changes for either user. Naming A in the path is a 403 on
// every route.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask, getTask, listTasks, type Task } from './task-api.js';
import { expectError } from '../helpers/expect-error.js';
import { allLists, createList, snapshot, type List } from '../lists/list-api.js';

let t: AppWithUsers;
let a: TestUser;
let b: TestUser;
let task: Task;
let aList: List;
let aInbox: List;
beforeAll(async () => {
  t = await appWithUsers(2);
  [a, b] = t.users as [TestUser, TestUser];
  task = await createTask(t.app, a, { title: 'A\'s secret', description: 'private', priority: 'High', tags: ['shared-tag'], due_date: '2001-01-01T00:00:00Z' });
  await createTask(t.app, b, { title: 'B\'s own', tags: ['shared-tag'] });
  aList = await createList(t.app, a, { name: 'A\'s list', color: '#123456' });
  aInbox = (await allLists(t.app, a))[0]!;
});
afterAll(() => t.close());

type Call = (user: TestUser, id: string, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;
const url = (id: string) => `/api/me/tasks/${id}`;
const endpoints: Array<[string, Call]> = [
  ['GET', (user, id, headers) => as(t.app, user).get(url(id), headers)],
  ['PUT', (user, id, headers) => as(t.app, user).put(url(id), { title: 'hijacked', description: null, is_completed: true }, headers)],
  ['PATCH', (user, id, headers) => as(t.app, user).patch(url(id), { title: 'hijacked', description: null }, headers)],
  ['PATCH {}', (user, id, headers) => as(t.app, user).patch(url(id), {}, headers)],
  ['PATCH complete', (user, id, headers) => as(t.app, user).patch(`${url(id)}/complete`, undefined, headers)],
  ['DELETE', (user, id, headers) => as(t.app, user).delete(url(id), headers)],
  ['POST move', (user, id, headers) => as(t.app, user).post(`${url(id)}/move`, {}, headers)],
  ['POST move to the Inbox', (user, id, headers) => as(t.app, user).post(`${url(id)}/move`, { parent_id: null }, headers)],
];
const preconditions: Array<[string, Record<string, string>]> = [
  ['no precondition', {}],
  ['If-Match with A\'s current tag', { 'if-match': '"v1"' }],
  ['If-Match with a stale tag', { 'if-match': '"v7"' }],
  ['If-Match: *', { 'if-match': '*' }],
  ['If-None-Match with A\'s current tag', { 'if-none-match': '"v1"' }],
];

/** B's answer about A's task must be byte-for-byte the answer about a task that never existed. */
function comparable(res: LightMyRequestResponse) {
  const body = res.json() as Record<string, unknown>;
  return { status: res.statusCode, error_code: body.error_code, detail: body.detail, field_errors: body.field_errors };
}

describe.each(endpoints)('B → %s on A\'s task', (_name, call) => {
  it.each(preconditions)('%s → 404 NOT_FOUND, A\'s task unchanged', async (_label, headers) => {
    const res = await call(b, task.id, headers);
    expectError(res, 404, 'NOT_FOUND');
    expect(comparable(res)).toEqual(comparable(await call(b, crypto.randomUUID(), headers)));
    expect(await getTask(t.app, a, task.id)).toEqual(task);
  });

  it('also with A\'s id in upper case and B\'s session token or cookie', async () => {
    expectError(await call(b, task.id.toUpperCase()), 404, 'NOT_FOUND');
    expectError(await call(b, task.id, { authorization: `Bearer ${b.sessionToken}` }), 404, 'NOT_FOUND');
    expectError(await call(b, task.id, { authorization: '', cookie: b.cookie, origin: 'http://localhost:3000' }), 404, 'NOT_FOUND');
    expect(await getTask(t.app, a, task.id)).toEqual(task);
  });
});

describe('B never sees A\'s tasks in lists or metrics', () => {
  it.each(['', 'status=pending', 'priority=High', 'tag=shared-tag', 'q=secret', 'overdue=true', 'due_before=2002-01-01T00:00:00Z', 'sort=title&limit=1000'])(
    'list ?%s',
    async (query) => {
      const list = await listTasks(t.app, b, query);
      expect(list.items.every((item) => item.user_id === b.id)).toBe(true);
      expect(list.items.map((item) => item.id)).not.toContain(task.id);
      expect(list.count).toBe(list.items.length);
    },
  );

  it('metrics count only B\'s task', async () => {
    const res = await as(t.app, b).get('/api/me/tasks/metrics');
    expect(res.json()).toEqual({ total: 1, completed: 0, pending: 1, overdue: 0, high_priority: 0, medium_priority: 1, low_priority: 0 });
  });

  it('A still sees exactly A\'s task', async () => {
    expect((await listTasks(t.app, a)).items).toEqual([task]);
  });
});

describe('naming A in the path with B\'s credentials is 403 FORBIDDEN on every route', () => {
  const base = () => `/api/${a.id}/tasks`;
  it.each([
    ['GET list', () => as(t.app, b).get(base())],
    ['POST', () => as(t.app, b).post(base(), { title: 'planted' })],
    ['GET metrics', () => as(t.app, b).get(`${base()}/metrics`)],
    ['GET one', () => as(t.app, b).get(`${base()}/${task.id}`)],
    ['PUT', () => as(t.app, b).put(`${base()}/${task.id}`, { title: 'x', description: null, is_completed: true })],
    ['PATCH', () => as(t.app, b).patch(`${base()}/${task.id}`, { title: 'x' })],
    ['PATCH complete', () => as(t.app, b).patch(`${base()}/${task.id}/complete`)],
    ['DELETE', () => as(t.app, b).delete(`${base()}/${task.id}`)],
    ['upper-case id', () => as(t.app, b).get(`/api/${a.id.toUpperCase()}/tasks`)],
    ['unknown task id', () => as(t.app, b).get(`${base()}/${crypto.randomUUID()}`)],
    ['POST move', () => as(t.app, b).post(`${base()}/${task.id}/move`, { list_id: aList.id })],
    ['GET lists', () => as(t.app, b).get(`/api/${a.id}/lists`)],
    ['POST list', () => as(t.app, b).post(`/api/${a.id}/lists`, { name: 'planted' })],
    ['GET list', () => as(t.app, b).get(`/api/${a.id}/lists/${aList.id}`)],
    ['PATCH list', () => as(t.app, b).patch(`/api/${a.id}/lists/${aList.id}`, { name: 'x' })],
    ['DELETE list', () => as(t.app, b).delete(`/api/${a.id}/lists/${aList.id}`)],
  ])('%s', async (_name, call) => {
    expectError(await call(), 403, 'FORBIDDEN');
    expect(await getTask(t.app, a, task.id)).toEqual(task);
    expect((await listTasks(t.app, a)).count).toBe(1);
    expect(await allLists(t.app, a)).toEqual([aInbox, aList]);
  });
});

describe('the body cannot move a task to another user', () => {
  it('user_id in a create, replace or patch body is an unknown field', async () => {
    const own = await createTask(t.app, b, { title: 'mine' });
    expectError(await as(t.app, b).post('/api/me/tasks', { title: 'x', user_id: a.id }), 422, 'VALIDATION_ERROR', ['user_id']);
    expectError(await as(t.app, b).put(url(own.id), { title: 'x', description: null, is_completed: false, user_id: a.id }), 422, 'VALIDATION_ERROR', ['user_id']);
    expectError(await as(t.app, b).patch(url(own.id), { user_id: a.id }), 422, 'VALIDATION_ERROR', ['user_id']);
    expect((await listTasks(t.app, a)).items).toEqual([task]);
    await as(t.app, b).delete(url(own.id));
  });
});

const listUrl = (id: string) => `/api/me/lists/${id}`;
const listEndpoints: Array<[string, Call]> = [
  ['GET', (user, id, headers) => as(t.app, user).get(listUrl(id), headers)],
  ['PATCH', (user, id, headers) => as(t.app, user).patch(listUrl(id), { name: 'hijacked', color: null }, headers)],
  ['PATCH {}', (user, id, headers) => as(t.app, user).patch(listUrl(id), {}, headers)],
  ['PATCH after_id', (user, id, headers) => as(t.app, user).patch(listUrl(id), { after_id: id }, headers)],
  ['DELETE', (user, id, headers) => as(t.app, user).delete(listUrl(id), headers)],
];

describe.each(listEndpoints)('B → %s on A\'s list', (_name, call) => {
  it.each(preconditions)('%s → 404 NOT_FOUND, A\'s lists unchanged', async (_label, headers) => {
    for (const target of [aList, aInbox]) {
      const res = await call(b, target.id, headers);
      expectError(res, 404, 'NOT_FOUND');
      expect(comparable(res)).toEqual(comparable(await call(b, crypto.randomUUID(), headers)));
    }
    expect(await allLists(t.app, a)).toEqual([aInbox, aList]);
    expect(await getTask(t.app, a, task.id)).toEqual(task);
  });
});

describe('B naming A\'s lists and tasks in B\'s own writes gets 404, and nothing changes for either user', () => {
  let bList: List;
  let bTask: Task;
  beforeAll(async () => {
    bList = await createList(t.app, b, { name: 'B\'s list' });
    bTask = await createTask(t.app, b, { title: 'B\'s movable', list_id: bList.id });
  });

  const writes: Array<[string, () => Promise<LightMyRequestResponse>]> = [
    ['create with list_id', () => as(t.app, b).post('/api/me/tasks', { title: 'planted', list_id: aList.id })],
    ['create with A\'s Inbox as list_id', () => as(t.app, b).post('/api/me/tasks', { title: 'planted', list_id: aInbox.id })],
    ['create with parent_id', () => as(t.app, b).post('/api/me/tasks', { title: 'planted', parent_id: task.id })],
    ['create with both', () => as(t.app, b).post('/api/me/tasks', { title: 'planted', list_id: aInbox.id, parent_id: task.id })],
    ['move with list_id', () => as(t.app, b).post(`${url(bTask.id)}/move`, { list_id: aList.id })],
    ['move with list_id and parent_id null', () => as(t.app, b).post(`${url(bTask.id)}/move`, { list_id: aInbox.id, parent_id: null })],
    ['move with parent_id', () => as(t.app, b).post(`${url(bTask.id)}/move`, { parent_id: task.id })],
    ['move with after_id', () => as(t.app, b).post(`${url(bTask.id)}/move`, { after_id: task.id })],
    ['move with before_id', () => as(t.app, b).post(`${url(bTask.id)}/move`, { before_id: task.id })],
    ['move into A\'s list after A\'s task', () => as(t.app, b).post(`${url(bTask.id)}/move`, { list_id: aInbox.id, after_id: task.id })],
    ['list PATCH with after_id', () => as(t.app, b).patch(listUrl(bList.id), { after_id: aList.id })],
    ['list PATCH with before_id', () => as(t.app, b).patch(listUrl(bList.id), { before_id: aList.id })],
    ['list PATCH after A\'s Inbox', () => as(t.app, b).patch(listUrl(bList.id), { after_id: aInbox.id })],
  ];

  it.each(writes)('%s', async (_name, write) => {
    const [aBefore, bBefore] = [await snapshot(t.app, a), await snapshot(t.app, b)];
    expectError(await write(), 404, 'NOT_FOUND');
    expect(await snapshot(t.app, a)).toEqual(aBefore);
    expect(await snapshot(t.app, b)).toEqual(bBefore);
  });

  it('B\'s lists never include A\'s; filtering or counting by A\'s list finds nothing', async () => {
    const bLists = await allLists(t.app, b);
    expect(bLists.every((list) => list.user_id === b.id)).toBe(true);
    expect(bLists.map((list) => list.id)).not.toContain(aList.id);
    expect(await listTasks(t.app, b, `list_id=${aInbox.id}`)).toEqual({ items: [], count: 0, next_cursor: null });
    expect(await listTasks(t.app, b, `parent_id=${task.id}`)).toEqual({ items: [], count: 0, next_cursor: null });
    expect((await listTasks(t.app, b, `list_id=${aInbox.id}&sort=position`)).items).toEqual([]);
    const metrics = await as(t.app, b).get(`/api/me/tasks/metrics?list_id=${aInbox.id}`);
    expect(metrics.json()).toMatchObject({ total: 0, completed: 0, pending: 0 });
  });
});
