// Reminders through the API and the event stream, with a clock the test moves (the scheduler's
// injectable clock; its tick() is called here, nothing sleeps): a reminder fires once, on the
// stream of its user only; a moved due date moves it; a recurring task's fires once per
// occurrence; a completed task's does not fire; after a restart a passed one fires late, and one
// over a day late is skipped. Reminder fields: ids that follow the reminder, and bad input refused.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { ReminderScheduler } from '../../src/reminders/reminder-scheduler.js';
import type { TaskDto } from '../../src/tasks/tasks.schemas.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { expectError } from '../helpers/expect-error.js';
import { as, type TestUser } from '../helpers/users.js';
import { SseClient } from '../sync/sse-client.js';

const MINUTE = 60_000;
let t: AppWithUsers;
let alice: TestUser;
let bob: TestUser;
let base: string;
let scheduler!: ReminderScheduler;
/** What the scheduler's clock says: real time plus however far a test moved it. */
let offset = 0;
const clock = () => new Date(Date.now() + offset);
const open: SseClient[] = [];

beforeAll(async () => {
  t = await appWithUsers(2, {}, { clock, onReminderScheduler: (s) => (scheduler = s) });
  [alice, bob] = t.users as [TestUser, TestUser];
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterEach(() => {
  for (const client of open.splice(0)) client.close();
});
afterAll(() => t.close());

const TASKS = '/api/me/tasks';
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * MINUTE).toISOString();

async function create(user: TestUser, body: Record<string, unknown>): Promise<TaskDto> {
  const res = await as(t.app, user).post(TASKS, { title: 'Remind me', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TaskDto;
}

async function stream(user: TestUser, baseUrl = base): Promise<SseClient> {
  const client = await SseClient.open(`${baseUrl}/api/me/events`, { authorization: `Bearer ${user.jwt}` });
  open.push(client);
  expect(client.status).toBe(200);
  await client.until((c) => c.lastEventId !== undefined, 2000, 'the starting id');
  return client;
}

type ReminderEvent = { task_id: string; title: string; due_date: string | null; late: boolean };
const remindersOn = (client: SseClient): ReminderEvent[] =>
  client.events.filter((e) => e.event === 'reminder').map((e) => JSON.parse(e.data) as ReminderEvent);
const remindersFor = (client: SseClient, taskId: string) => remindersOn(client).filter((r) => r.task_id === taskId);

/** Moves the clock to `minutes` from now (real time) and runs the scheduler once. */
async function tickAt(minutes: number): Promise<void> {
  offset = minutes * MINUTE;
  await scheduler.tick();
}

/** A change event after the reminders proves the stream has caught up with everything before it. */
async function settle(client: SseClient, user: TestUser): Promise<void> {
  const marker = await create(user, { title: 'marker' });
  await client.until((c) => c.changes.some((e) => e.id === marker.id), 2000, 'the marker');
}

describe('reminder fields', () => {
  it('ids follow the reminder: the same reminders sent back keep their ids; duplicates are dropped; times are stored in UTC', async () => {
    const task = await create(alice, {
      due_date: inMinutes(60),
      reminders: [{ minutes_before_due: 30 }, { at: '2030-01-01T10:00:00+01:00' }, { minutes_before_due: 30 }],
    });
    expect(task.reminders).toEqual([
      { id: expect.stringMatching(/^[0-9a-f-]{36}$/), minutes_before_due: 30 },
      { id: expect.stringMatching(/^[0-9a-f-]{36}$/), at: '2030-01-01T09:00:00.000Z' },
    ]);
    const again = await as(t.app, alice).patch(`${TASKS}/${task.id}`, { reminders: [...task.reminders, { minutes_before_due: 5 }] });
    expect(again.statusCode, again.body).toBe(200);
    const reminders = (again.json() as TaskDto).reminders;
    expect(reminders.slice(0, 2)).toEqual(task.reminders);
    expect(reminders[2]).toMatchObject({ minutes_before_due: 5 });
    const cleared = await as(t.app, alice).patch(`${TASKS}/${task.id}`, { reminders: [] });
    expect((cleared.json() as TaskDto).reminders).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['both minutes_before_due and at', [{ minutes_before_due: 5, at: '2030-01-01T00:00:00Z' }], 'reminders[0]'],
    ['neither', [{}], 'reminders[0]'],
    ['a negative offset', [{ minutes_before_due: -5 }], 'reminders.0.minutes_before_due'],
    ['an unknown field', [{ minutes_before_due: 5, sound: 'bell' }], 'reminders.0'],
    ['more than 10', Array.from({ length: 11 }, (_, i) => ({ minutes_before_due: i })), 'reminders'],
    ['a time that is not one', [{ at: 'tomorrow' }], 'reminders.0.at'],
  ])('%s → 422, nothing changed', async (_what, reminders, _field) => {
    const task = await create(alice, { due_date: inMinutes(60) });
    const res = await as(t.app, alice).patch(`${TASKS}/${task.id}`, { reminders });
    expectError(res, 422, 'VALIDATION_ERROR');
    expect(JSON.stringify(res.json().field_errors)).toContain('reminders');
    expect((await as(t.app, alice).get(`${TASKS}/${task.id}`)).json()).toEqual(task);
  });
});

describe('firing', () => {
  it('fires once, at its time, on its user\'s stream only, with the task\'s title and due date', async () => {
    const [mine, theirs] = [await stream(alice), await stream(bob)];
    const due = inMinutes(30);
    const task = await create(alice, { title: 'Call the dentist', due_date: due, reminders: [{ minutes_before_due: 10 }] });
    await tickAt(19);
    await settle(mine, alice);
    expect(remindersFor(mine, task.id)).toEqual([]);
    await tickAt(20.5);
    await mine.until((c) => remindersFor(c, task.id).length > 0, 2000, 'the reminder');
    expect(remindersFor(mine, task.id)).toEqual([{ task_id: task.id, title: 'Call the dentist', due_date: due, late: false }]);
    // Later rounds do not fire it again.
    await tickAt(25);
    await tickAt(40);
    await settle(mine, alice);
    expect(remindersFor(mine, task.id)).toHaveLength(1);
    await settle(theirs, bob);
    expect(remindersFor(theirs, task.id)).toEqual([]);
  });

  it('a due date moved later moves the reminder with it', async () => {
    const client = await stream(alice);
    const task = await create(alice, { due_date: inMinutes(30), reminders: [{ minutes_before_due: 0 }] });
    await as(t.app, alice).patch(`${TASKS}/${task.id}`, { due_date: inMinutes(90) });
    await tickAt(31);
    await settle(client, alice);
    expect(remindersFor(client, task.id)).toEqual([]);
    await tickAt(91);
    await client.until((c) => remindersFor(c, task.id).length === 1, 2000, 'the moved reminder');
  });

  it('a completed task\'s reminder does not fire; removing a reminder unschedules it', async () => {
    const client = await stream(alice);
    const done = await create(alice, { due_date: inMinutes(30), reminders: [{ minutes_before_due: 0 }] });
    await as(t.app, alice).patch(`${TASKS}/${done.id}/complete`);
    const removed = await create(alice, { due_date: inMinutes(30), reminders: [{ at: inMinutes(10) }] });
    await as(t.app, alice).patch(`${TASKS}/${removed.id}`, { reminders: [] });
    await tickAt(31);
    await settle(client, alice);
    expect([...remindersFor(client, done.id), ...remindersFor(client, removed.id)]).toEqual([]);
  });

  it('a recurring task\'s reminder fires once per occurrence: completing moves it to the next one', async () => {
    const client = await stream(alice);
    const due = new Date(Date.now() + 30 * MINUTE);
    const task = await create(alice, { due_date: due.toISOString(), recurrence: 'FREQ=DAILY', reminders: [{ minutes_before_due: 5 }] });
    await tickAt(25.5);
    await client.until((c) => remindersFor(c, task.id).length === 1, 2000, 'the first occurrence\'s reminder');
    await as(t.app, alice).patch(`${TASKS}/${task.id}/complete`);
    await tickAt(60);
    await settle(client, alice);
    expect(remindersFor(client, task.id)).toHaveLength(1);
    await tickAt(24 * 60 + 25.5);
    await client.until((c) => remindersFor(c, task.id).length === 2, 2000, 'the next occurrence\'s reminder');
    expect(remindersFor(client, task.id)[1]!.due_date).toBe(new Date(due.getTime() + 24 * 60 * MINUTE).toISOString());
  });

  it('a time already over a minute past when the reminder is set is not fired', async () => {
    const client = await stream(alice);
    const task = await create(alice, { reminders: [{ at: inMinutes(-5) }] });
    await tickAt(0);
    await settle(client, alice);
    expect(remindersFor(client, task.id)).toEqual([]);
  });
});

describe('across a restart (the same database, a new app)', () => {
  it('a reminder whose time passed while the service was down fires at start with late: true; one over a day late is skipped', async () => {
    const soon = await create(alice, { title: 'Missed while down', due_date: inMinutes(10), reminders: [{ minutes_before_due: 0 }] });
    const older = await create(alice, { title: 'Long gone', due_date: inMinutes(12), reminders: [{ minutes_before_due: 0 }] });
    // The service is down from now on: this app's scheduler never runs again. A second app on the
    // same database comes up 30 minutes later; for the second reminder, over a day later.
    let restarted!: ReminderScheduler;
    const again = await buildApp(t.config, { web: false, database: t.database, skipMigrations: true, clock, onReminderScheduler: (s) => (restarted = s) });
    try {
      const url = await again.listen({ host: '127.0.0.1', port: 0 });
      const client = await stream(alice, url);
      offset = 30 * MINUTE;
      await restarted.tick();
      await client.until((c) => remindersFor(c, soon.id).length === 1, 2000, 'the late reminder');
      expect(remindersFor(client, soon.id)).toEqual([{ task_id: soon.id, title: 'Missed while down', due_date: soon.due_date, late: true }]);
      // The other one was delivered by the same round (it is only 18 minutes late).
      expect(remindersFor(client, older.id)).toHaveLength(1);
      const skipped = await create(alice, { title: 'Skipped', due_date: inMinutes(15), reminders: [{ minutes_before_due: 0 }] });
      offset = 26 * 60 * MINUTE;
      await restarted.tick();
      await settle(client, alice);
      expect(remindersFor(client, skipped.id)).toEqual([]);
    } finally {
      await again.close();
    }
  });
});
