// GET /api/{user_id}/tasks refuses what it cannot honour: a bad query value is a 400 naming the
// parameter (never a 500, never silently ignored), and a cursor must come from the same sort.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, signUp, type TestUser } from '../helpers/users.js';
import { createTask, listTasks, TASKS } from './task-api.js';
import { expectError } from '../helpers/expect-error.js';

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
  for (const title of ['one', 'two', 'three']) await createTask(t.app, user, { title });
});
afterAll(() => t.close());

const list = (query: string) => as(t.app, user).get(`${TASKS}?${query}`);

describe('limit', () => {
  it.each([['0'], ['1001'], ['-1'], ['abc'], ['1.5'], [''], ['1e3x']])('limit=%s → 400 naming limit', async (value) => {
    expectError(await list(`limit=${value}`), 400, 'VALIDATION_ERROR', ['limit']);
  });

  it('1 and 1000 are the bounds; 100 is the default', async () => {
    expect((await listTasks(t.app, user, 'limit=1')).items).toHaveLength(1);
    expect((await listTasks(t.app, user, 'limit=1000')).items).toHaveLength(3);
    const many = await signUp(t.app);
    for (let i = 0; i < 101; i += 1) await createTask(t.app, many, { title: `t${i}` });
    const page = await listTasks(t.app, many);
    expect(page.items).toHaveLength(100);
    expect(page.count).toBe(101);
    expect(page.next_cursor).not.toBeNull();
  });
});

describe('other parameters', () => {
  it.each([
    ['status=done', 'status'],
    ['status=PENDING', 'status'],
    ['sort=bogus', 'sort'],
    ['sort=-bogus', 'sort'],
    ['sort=--title', 'sort'],
    ['sort=id', 'sort'],
    ['priority=urgent', 'priority[0]'],
    ['overdue=maybe', 'overdue'],
    ['due_before=yesterday', 'due_before'],
    ['due_after=2026-01-01', 'due_after'],
    ['due_before=2026-01-01T10:00:00', 'due_before'],
    ['tag=', 'tag[0]'],
    [`tag=${'x'.repeat(51)}`, 'tag[0]'],
    [`q=${'word '.repeat(101)}`, 'q'],
  ])('%s → 400 naming %s', async (query, field) => {
    expectError(await list(query), 400, 'VALIDATION_ERROR', [field]);
  });

  it('an unknown parameter is a 400 naming it (a typo never silently does nothing)', async () => {
    expectError(await list('stauts=pending'), 400, 'VALIDATION_ERROR', ['stauts']);
    expectError(await list('offset=10'), 400, 'VALIDATION_ERROR', ['offset']);
    expectError(await list('user_id=someone'), 400, 'VALIDATION_ERROR', ['user_id']);
  });

  it('a repeated single-valued parameter is a 400', async () => {
    expectError(await list('status=pending&status=completed'), 400, 'VALIDATION_ERROR');
    expectError(await list('sort=title&sort=-title'), 400, 'VALIDATION_ERROR');
  });

  it('the same parameters are accepted when well formed', async () => {
    const res = await list('status=pending&sort=-title&priority=medium&overdue=false&due_before=2999-01-01T00:00:00Z&tag=x&q=one&limit=5');
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('cursor', () => {
  it('a garbage, truncated or edited cursor is a 400 naming cursor', async () => {
    const first = await listTasks(t.app, user, 'sort=title&limit=1');
    const cursor = first.next_cursor!;
    expect(cursor).toEqual(expect.any(String));
    const [payload, signature] = cursor.split('.');
    const edited = `${payload!.slice(0, -2)}${payload!.endsWith('AA') ? 'BB' : 'AA'}.${signature}`;
    for (const bad of ['garbage', '', cursor.slice(0, -3), edited, `${cursor}.x`, 'e30.e30', '%00', 'x'.repeat(2001)]) {
      expectError(await list(`sort=title&cursor=${encodeURIComponent(bad)}`), 400, 'VALIDATION_ERROR', ['cursor']);
    }
  });

  it('a cursor from a different sort is a 400', async () => {
    const cursor = (await listTasks(t.app, user, 'sort=title&limit=1')).next_cursor!;
    expect((await list(`sort=title&cursor=${encodeURIComponent(cursor)}`)).statusCode).toBe(200);
    for (const sort of ['-title', 'priority', 'created_at', '-created_at']) {
      expectError(await list(`sort=${sort}&cursor=${encodeURIComponent(cursor)}`), 400, 'VALIDATION_ERROR', ['cursor']);
    }
    const defaultSort = (await listTasks(t.app, user, 'limit=1')).next_cursor!;
    expect((await list(`cursor=${encodeURIComponent(defaultSort)}`)).statusCode).toBe(200);
    expectError(await list(`sort=created_at&cursor=${encodeURIComponent(defaultSort)}`), 400, 'VALIDATION_ERROR', ['cursor']);
  });

  it('another user\'s cursor shows only the caller\'s tasks', async () => {
    const other = await signUp(t.app);
    const cursor = (await listTasks(t.app, user, 'sort=title&limit=1')).next_cursor!;
    const res = await as(t.app, other).get(`${TASKS}?sort=title&cursor=${encodeURIComponent(cursor)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
  });
});
