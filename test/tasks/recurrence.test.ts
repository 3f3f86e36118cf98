// Recurring tasks through the API: a table of rules with known answers (daylight-saving changes
// in two zones, BYDAY, BYMONTHDAY=31, Feb 29, COUNT, UNTIL, completing late), completing through
// /complete, PATCH and PUT, concurrent completion, the checklist that starts over, the history,
// and every bad input refused with the field named and nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskDto } from '../../src/tasks/tasks.schemas.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { expectError } from '../helpers/expect-error.js';
import { as, type TestUser } from '../helpers/users.js';

let t: AppWithUsers;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await appWithUsers(2);
  [alice, bob] = t.users as [TestUser, TestUser];
});
afterAll(() => t.close());

const TASKS = '/api/me/tasks';

async function create(user: TestUser, body: Record<string, unknown>): Promise<TaskDto> {
  const res = await as(t.app, user).post(TASKS, { title: 'Recurring', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TaskDto;
}

async function complete(user: TestUser, id: string): Promise<TaskDto> {
  const res = await as(t.app, user).patch(`${TASKS}/${id}/complete`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TaskDto;
}

async function read(user: TestUser, id: string): Promise<TaskDto> {
  const res = await as(t.app, user).get(`${TASKS}/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TaskDto;
}

/** Completes n times; the due dates it moved through, and the task at the end. */
async function completeTimes(id: string, n: number): Promise<{ dues: (string | null)[]; last: TaskDto }> {
  const dues: (string | null)[] = [];
  let last!: TaskDto;
  for (let i = 0; i < n; i += 1) {
    last = await complete(alice, id);
    dues.push(last.due_date);
  }
  return { dues, last };
}

describe('expansion: the due dates completing moves through', () => {
  it.each<[string, string, string, string, string[]]>([
    ['daily 09:00 Berlin across the March change (UTC moves an hour)', 'FREQ=DAILY', 'Europe/Berlin', '2026-03-27T08:00:00.000Z',
      ['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']],
    ['daily 09:00 Berlin across the October change', 'FREQ=DAILY', 'Europe/Berlin', '2026-10-24T07:00:00.000Z',
      ['2026-10-25T08:00:00.000Z', '2026-10-26T08:00:00.000Z']],
    ['daily 09:00 New York across the March change', 'FREQ=DAILY', 'America/New_York', '2026-03-07T14:00:00.000Z',
      ['2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z']],
    ['daily 09:00 New York across the November change', 'FREQ=DAILY', 'America/New_York', '2026-10-31T13:00:00.000Z',
      ['2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z']],
    ['weekly on Monday and Thursday', 'FREQ=WEEKLY;BYDAY=MO,TH', 'UTC', '2026-01-05T09:00:00.000Z',
      ['2026-01-08T09:00:00.000Z', '2026-01-12T09:00:00.000Z', '2026-01-15T09:00:00.000Z']],
    ['monthly on the 31st skips the short months', 'FREQ=MONTHLY;BYMONTHDAY=31', 'UTC', '2026-01-31T09:00:00.000Z',
      ['2026-03-31T09:00:00.000Z', '2026-05-31T09:00:00.000Z', '2026-07-31T09:00:00.000Z']],
    ['yearly on Feb 29 waits for leap years', 'FREQ=YEARLY', 'UTC', '2024-02-29T09:00:00.000Z',
      ['2028-02-29T09:00:00.000Z', '2032-02-29T09:00:00.000Z']],
    ['every 2 weeks (lower case is accepted)', 'freq=weekly;interval=2', 'UTC', '2026-01-01T12:00:00.000Z',
      ['2026-01-15T12:00:00.000Z', '2026-01-29T12:00:00.000Z']],
    ['completing late moves one occurrence, not to today (missed ones do not pile up)', 'FREQ=DAILY', 'UTC', '2025-01-01T09:00:00.000Z',
      ['2025-01-02T09:00:00.000Z']],
  ])('%s', async (_what, recurrence, timeZone, due, expected) => {
    const task = await create(alice, { recurrence, time_zone: timeZone, due_date: due });
    expect(task).toMatchObject({ recurrence: recurrence.toUpperCase(), time_zone: timeZone, due_date: due, last_completed_at: null });
    const { dues, last } = await completeTimes(task.id, expected.length);
    expect(dues).toEqual(expected);
    expect(last.is_completed).toBe(false);
    expect(last.completed_at).toBeNull();
    expect(last.last_completed_at).not.toBeNull();
    expect(last.version).toBe(1 + expected.length);
  });

  it('COUNT=3: two advances, then the third completion completes it for good', async () => {
    const task = await create(alice, { recurrence: 'FREQ=DAILY;COUNT=3', due_date: '2026-01-01T09:00:00.000Z' });
    const { dues, last } = await completeTimes(task.id, 3);
    expect(dues).toEqual(['2026-01-02T09:00:00.000Z', '2026-01-03T09:00:00.000Z', '2026-01-03T09:00:00.000Z']);
    expect(last.is_completed).toBe(true);
    expect(last.completed_at).not.toBeNull();
    // Reopened, it is the last occurrence again; completing ends it again.
    const reopened = await complete(alice, task.id);
    expect(reopened.is_completed).toBe(false);
    expect((await complete(alice, task.id)).is_completed).toBe(true);
  });

  it('UNTIL ends the series', async () => {
    const task = await create(alice, { recurrence: 'FREQ=DAILY;UNTIL=20260102T235959Z', due_date: '2026-01-01T09:00:00.000Z' });
    const { dues, last } = await completeTimes(task.id, 2);
    expect(dues).toEqual(['2026-01-02T09:00:00.000Z', '2026-01-02T09:00:00.000Z']);
    expect(last.is_completed).toBe(true);
  });

  it('COUNT counts from where the series was set up, not from each new due date', async () => {
    const task = await create(alice, { recurrence: 'FREQ=WEEKLY;COUNT=2', due_date: '2026-01-01T09:00:00.000Z' });
    const advanced = await complete(alice, task.id);
    // An edit of the title does not restart the series.
    await as(t.app, alice).patch(`${TASKS}/${task.id}`, { title: 'Renamed' });
    expect(advanced.due_date).toBe('2026-01-08T09:00:00.000Z');
    expect((await complete(alice, task.id)).is_completed).toBe(true);
  });
});

describe('completing', () => {
  it('PATCH is_completed: true and PUT with is_completed: true advance it as /complete does', async () => {
    const task = await create(alice, { recurrence: 'FREQ=DAILY', due_date: '2026-02-01T09:00:00.000Z' });
    const patched = await as(t.app, alice).patch(`${TASKS}/${task.id}`, { is_completed: true, priority: 'High' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ is_completed: false, due_date: '2026-02-02T09:00:00.000Z', priority: 'High' });
    const put = await as(t.app, alice).put(`${TASKS}/${task.id}`, {
      title: 'Put', description: null, is_completed: true, due_date: '2026-02-02T09:00:00.000Z', recurrence: 'FREQ=DAILY',
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ title: 'Put', is_completed: false, due_date: '2026-02-03T09:00:00.000Z', recurrence: 'FREQ=DAILY' });
  });

  it('two completions with the same If-Match: one advance, the other is a 412', async () => {
    const task = await create(alice, { recurrence: 'FREQ=DAILY', due_date: '2026-03-01T09:00:00.000Z' });
    const headers = { 'if-match': `"v${task.version}"` };
    const results = await Promise.all([1, 2].map(() => as(t.app, alice).patch(`${TASKS}/${task.id}/complete`, undefined, headers)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
    expect((await read(alice, task.id)).due_date).toBe('2026-03-02T09:00:00.000Z');
    expect((await as(t.app, alice).get(`${TASKS}/${task.id}/completions`)).json().items).toHaveLength(1);
  });

  it('concurrent completions without If-Match: every completion is one step and one history row, never two of one occurrence', async () => {
    const task = await create(alice, { recurrence: 'FREQ=DAILY', due_date: '2026-04-01T09:00:00.000Z' });
    await Promise.all([1, 2, 3].map(() => complete(alice, task.id)));
    const items = (await as(t.app, alice).get(`${TASKS}/${task.id}/completions`)).json().items as { due_date: string }[];
    const now = await read(alice, task.id);
    const steps = (new Date(now.due_date!).getTime() - new Date('2026-04-01T09:00:00.000Z').getTime()) / 86_400_000;
    expect(steps).toBe(items.length);
    expect(new Set(items.map((c) => c.due_date)).size).toBe(items.length);
    expect(now.version).toBe(1 + items.length);
  });

  it('a recurring parent moving on reopens its subtasks (the checklist starts over); at the end of the series it completes them', async () => {
    const parent = await create(alice, { recurrence: 'FREQ=DAILY;COUNT=2', due_date: '2026-05-01T09:00:00.000Z' });
    const child = await create(alice, { title: 'Step', parent_id: parent.id });
    await complete(alice, child.id);
    expect((await read(alice, child.id)).is_completed).toBe(true);
    await complete(alice, parent.id);
    expect((await read(alice, child.id)).is_completed).toBe(false);
    expect((await complete(alice, parent.id)).is_completed).toBe(true);
    expect((await read(alice, child.id)).is_completed).toBe(true);
  });

  it('completions: newest first with the due date each completed; a plain task has its own; another user\'s task is a 404', async () => {
    const task = await create(alice, { recurrence: 'FREQ=DAILY', due_date: '2026-06-01T09:00:00.000Z' });
    await completeTimes(task.id, 2);
    const res = await as(t.app, alice).get(`${TASKS}/${task.id}/completions`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { completed_at: string; due_date: string }[];
    expect(items.map((c) => c.due_date)).toEqual(['2026-06-02T09:00:00.000Z', '2026-06-01T09:00:00.000Z']);
    expect(items[0]!.completed_at >= items[1]!.completed_at).toBe(true);
    const plain = await create(alice, { title: 'Plain' });
    await complete(alice, plain.id);
    expect((await as(t.app, alice).get(`${TASKS}/${plain.id}/completions`)).json().items).toEqual([
      { completed_at: expect.any(String), due_date: null },
    ]);
    expectError(await as(t.app, bob).get(`${TASKS}/${task.id}/completions`), 404, 'NOT_FOUND');
    expectError(await as(t.app, bob).get(`/api/${alice.id}/tasks/${task.id}/completions`), 403, 'FORBIDDEN');
  });
});

describe('time zone', () => {
  it('defaults to the user\'s setting, else UTC; PATCH changes it; names are spelled as the zone database does', async () => {
    expect((await create(bob, {})).time_zone).toBe('UTC');
    expect((await as(t.app, bob).patch('/api/me/settings', { time_zone: 'Asia/Tokyo' })).statusCode).toBe(200);
    const task = await create(bob, {});
    expect(task.time_zone).toBe('Asia/Tokyo');
    const res = await as(t.app, bob).patch(`${TASKS}/${task.id}`, { time_zone: 'europe/paris' });
    expect(res.json().time_zone).toBe('Europe/Paris');
  });
});

describe('refused, with the field named and nothing changed', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a rule the parser rejects', { recurrence: 'FREQ=SOMETIMES', due_date: '2026-01-01T09:00:00Z' }, 'recurrence'],
    ['not NAME=VALUE', { recurrence: 'every monday', due_date: '2026-01-01T09:00:00Z' }, 'recurrence'],
    ['an unknown part', { recurrence: 'FREQ=DAILY;FOO=1', due_date: '2026-01-01T09:00:00Z' }, 'recurrence'],
    ['COUNT=0', { recurrence: 'FREQ=DAILY;COUNT=0', due_date: '2026-01-01T09:00:00Z' }, 'recurrence'],
    ['COUNT and UNTIL', { recurrence: 'FREQ=DAILY;COUNT=2;UNTIL=20270101T000000Z', due_date: '2026-01-01T09:00:00Z' }, 'recurrence'],
    ['a rule that never occurs', { recurrence: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', due_date: '2026-01-01T09:00:00Z' }, 'recurrence'],
    ['the RRULE: prefix', { recurrence: 'RRULE:FREQ=DAILY', due_date: '2026-01-01T09:00:00Z' }, 'recurrence'],
    ['FREQ=MINUTELY', { recurrence: 'FREQ=MINUTELY', due_date: '2026-01-01T09:00:00Z' }, 'recurrence'],
    ['FREQ=SECONDLY', { recurrence: 'FREQ=SECONDLY;INTERVAL=5', due_date: '2026-01-01T09:00:00Z' }, 'recurrence'],
    ['a rule without a due date', { recurrence: 'FREQ=DAILY' }, 'recurrence'],
    ['an unknown time zone', { time_zone: 'Mars/Olympus_Mons' }, 'time_zone'],
    ['an offset as the time zone', { time_zone: '+01:00' }, 'time_zone'],
  ])('create with %s → 422', async (_what, body, field) => {
    const before = (await as(t.app, alice).get(`${TASKS}/metrics`)).json().total;
    expectError(await as(t.app, alice).post(TASKS, { title: 'Bad', ...body }), 422, 'VALIDATION_ERROR', [field]);
    expect((await as(t.app, alice).get(`${TASKS}/metrics`)).json().total).toBe(before);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a recurrence on a task without a due date', { recurrence: 'FREQ=DAILY' }, 'recurrence'],
    ['MINUTELY', { recurrence: 'FREQ=MINUTELY' }, 'recurrence'],
    ['an unknown zone', { time_zone: 'Nowhere/Else' }, 'time_zone'],
  ])('PATCH with %s → 422, the task unchanged', async (_what, body, field) => {
    const task = await create(alice, { title: 'No due date' });
    expectError(await as(t.app, alice).patch(`${TASKS}/${task.id}`, body), 422, 'VALIDATION_ERROR', [field]);
    expect(await read(alice, task.id)).toEqual(task);
  });

  it('clearing the due date of a recurring task → 422 naming recurrence; clearing both works', async () => {
    const task = await create(alice, { recurrence: 'FREQ=DAILY', due_date: '2026-01-01T09:00:00Z' });
    expectError(await as(t.app, alice).patch(`${TASKS}/${task.id}`, { due_date: null }), 422, 'VALIDATION_ERROR', ['recurrence']);
    expect(await read(alice, task.id)).toEqual(task);
    const cleared = await as(t.app, alice).patch(`${TASKS}/${task.id}`, { due_date: null, recurrence: null });
    expect(cleared.json()).toMatchObject({ due_date: null, recurrence: null });
    // No longer recurring: completing completes it.
    expect((await complete(alice, task.id)).is_completed).toBe(true);
  });
});
