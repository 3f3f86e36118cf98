// GET /api/{user_id}/tasks filters: status, priority, tag, q (full-text, web-search syntax),
// due_before / due_after, overdue; they combine, and count covers every page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, signUp, type TestUser } from '../helpers/users.js';
import { createTask, listTasks, type Task } from './task-api.js';

let t: AppWithUsers;
let user: TestUser;
const task: Record<string, Task> = {};

const PAST = '2020-03-01T00:00:00.000Z';
const FUTURE = '2999-03-01T00:00:00.000Z';

beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
  const seeds: Record<string, Record<string, unknown>> = {
    park: { title: 'Go running in the park', priority: 'High', tags: ['health', 'outdoor'], due_date: PAST },
    milk: { title: 'Buy milk', description: 'Run to the STORE before it closes', priority: 'Low', tags: ['errand'], due_date: PAST, is_completed: true },
    book: { title: 'Read a book', description: 'She runs a book club', tags: ['leisure', 'health'], due_date: '2030-01-01T00:00:00.000Z' },
    taxes: { title: 'File taxes', description: 'Forms and receipts', priority: 'High', tags: ['errand', 'health', 'outdoor'], due_date: '2030-06-01T00:00:00.000Z' },
    email: { title: 'Answer email', priority: 'Low', due_date: FUTURE },
    plain: { title: 'Water the plants', is_completed: true },
  };
  for (const [name, body] of Object.entries(seeds)) task[name] = await createTask(t.app, user, body);
  // Someone else's tasks match every filter below; they must never appear.
  const other = await signUp(t.app);
  for (const body of Object.values(seeds)) await createTask(t.app, other, body);
});
afterAll(() => t.close());

/** The names of the tasks a query lists, sorted by name (the order is the sort tests' business). */
async function names(query: string): Promise<string[]> {
  const list = await listTasks(t.app, user, `${query}&limit=1000`);
  const byId = new Map(Object.entries(task).map(([name, value]) => [value.id, name]));
  const found = list.items.map((item) => byId.get(item.id) ?? `foreign:${item.id}`);
  expect(list.count).toBe(found.length);
  return found.sort();
}

describe('listing', () => {
  it('lists all of the user\'s tasks, and only theirs, newest first by default', async () => {
    const list = await listTasks(t.app, user);
    expect(list.count).toBe(6);
    expect(list.next_cursor).toBeNull();
    expect(list.items.map((i) => i.title)).toEqual(
      ['Water the plants', 'Answer email', 'File taxes', 'Read a book', 'Buy milk', 'Go running in the park'],
    );
    expect(list.items.every((i) => i.user_id === user.id)).toBe(true);
    expect(list.items.find((i) => i.id === task.milk!.id)).toEqual(task.milk);
  });

  it('count covers every page while limit bounds the items', async () => {
    const page = await listTasks(t.app, user, 'limit=2');
    expect(page.items).toHaveLength(2);
    expect(page.count).toBe(6);
    expect(page.next_cursor).toEqual(expect.any(String));
    const filtered = await listTasks(t.app, user, 'status=pending&limit=1');
    expect(filtered.count).toBe(4);
  });
});

describe('filters', () => {
  it('status', async () => {
    expect(await names('status=all')).toEqual(['book', 'email', 'milk', 'park', 'plain', 'taxes']);
    expect(await names('status=pending')).toEqual(['book', 'email', 'park', 'taxes']);
    expect(await names('status=completed')).toEqual(['milk', 'plain']);
  });

  it('priority, any case, repeatable (any of them)', async () => {
    expect(await names('priority=High')).toEqual(['park', 'taxes']);
    expect(await names('priority=low')).toEqual(['email', 'milk']);
    expect(await names('priority=high&priority=LOW')).toEqual(['email', 'milk', 'park', 'taxes']);
    expect(await names('priority=Medium')).toEqual(['book', 'plain']);
  });

  it('tag, repeatable: a task must carry all of them', async () => {
    expect(await names('tag=health')).toEqual(['book', 'park', 'taxes']);
    expect(await names('tag=health&tag=outdoor')).toEqual(['park', 'taxes']);
    expect(await names('tag=health&tag=outdoor&tag=errand')).toEqual(['taxes']);
    expect(await names('tag=Health')).toEqual([]);
    expect(await names('tag=nothing')).toEqual([]);
  });

  it('due_before and due_after are strict bounds and leave out tasks without a due date', async () => {
    expect(await names('due_before=2030-06-01T00:00:00.000Z')).toEqual(['book', 'milk', 'park']);
    expect(await names('due_after=2030-01-01T00:00:00Z')).toEqual(['email', 'taxes']);
    // Offsets count: 23:00+02:00 is before book's midnight UTC, 23:00-02:00 after it.
    expect(await names('due_after=2029-12-31T23:00:00%2B02:00&due_before=2030-06-02T00:00:00Z')).toEqual(['book', 'taxes']);
    expect(await names('due_after=2029-12-31T23:00:00-02:00&due_before=2030-06-02T00:00:00Z')).toEqual(['taxes']);
  });

  it('overdue=true: not completed and due before now; overdue=false: the rest', async () => {
    expect(await names('overdue=true')).toEqual(['park']);
    expect(await names('overdue=false')).toEqual(['book', 'email', 'milk', 'plain', 'taxes']);
  });

  it('filters combine', async () => {
    expect(await names('status=pending&priority=High&tag=health')).toEqual(['park', 'taxes']);
    expect(await names('status=pending&tag=errand&due_before=2031-01-01T00:00:00Z')).toEqual(['taxes']);
    expect(await names('q=run&status=completed')).toEqual(['milk']);
  });
});

describe('q: full-text search over title and description', () => {
  it('matches word stems in any case: "running" finds run, runs and running', async () => {
    expect(await names('q=running')).toEqual(['book', 'milk', 'park']);
    expect(await names('q=RUN')).toEqual(['book', 'milk', 'park']);
    expect(await names('q=store')).toEqual(['milk']);
    expect(await names('q=receipt')).toEqual(['taxes']);
  });

  it('several words must all match', async () => {
    expect(await names('q=run%20store')).toEqual(['milk']);
    expect(await names('q=book%20club%20runs')).toEqual(['book']);
    expect(await names('q=milk%20park')).toEqual([]);
  });

  it('-word excludes, "or" widens, quotes ask for a phrase', async () => {
    expect(await names('q=run%20-milk')).toEqual(['book', 'park']);
    expect(await names(`q=${encodeURIComponent('milk or taxes')}`)).toEqual(['milk', 'taxes']);
    expect(await names(`q=${encodeURIComponent('"buy milk"')}`)).toEqual(['milk']);
    expect(await names(`q=${encodeURIComponent('"milk buy"')}`)).toEqual([]);
  });

  it('an empty or blank q does not filter', async () => {
    expect(await names('q=')).toHaveLength(6);
    expect(await names('q=%20%20')).toHaveLength(6);
  });

  it('search follows edits: a renamed task is found by its new words only', async () => {
    const own = await createTask(t.app, user, { title: 'zebra crossing' });
    await as(t.app, user).patch(`/api/me/tasks/${own.id}`, { title: 'giraffe crossing' });
    expect((await listTasks(t.app, user, 'q=zebra')).count).toBe(0);
    expect((await listTasks(t.app, user, 'q=giraffes')).items.map((i) => i.id)).toEqual([own.id]);
    await as(t.app, user).delete(`/api/me/tasks/${own.id}`);
  });

  it('odd syntax is searched, never an error', async () => {
    for (const q of ['"unclosed', '-', '!!!', 'a & b | c', "o'clock", ':*', '(', 'or']) {
      const res = await as(t.app, user).get(`/api/me/tasks?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    }
  });
});
