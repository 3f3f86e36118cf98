// GET /api/{user_id}/tasks/metrics: the seven counts, kept right as tasks change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, signUp, type TestUser } from '../helpers/users.js';
import { createTask, taskUrl, type Metrics } from './task-api.js';

let t: AppWithUsers;
beforeAll(async () => {
  t = await appWithUsers(0);
});
afterAll(() => t.close());

async function metrics(user: TestUser, path = '/api/me/tasks/metrics'): Promise<Metrics> {
  const res = await as(t.app, user).get(path);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Metrics;
}

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe('metrics', () => {
  it('a new user has seven zeros', async () => {
    const user = await signUp(t.app);
    expect(await metrics(user)).toEqual({
      total: 0, completed: 0, pending: 0, overdue: 0, high_priority: 0, medium_priority: 0, low_priority: 0,
    });
  });

  it('counts every category; overdue is pending and past due; priorities cover completed tasks too', async () => {
    const user = await signUp(t.app);
    const bodies = [
      { title: 'late high', priority: 'High', due_date: minutesFromNow(-1) },
      { title: 'late low', priority: 'Low', due_date: '2001-01-01T00:00:00Z' },
      { title: 'late but done', priority: 'High', due_date: minutesFromNow(-60), is_completed: true },
      { title: 'due soon', due_date: minutesFromNow(60) },
      { title: 'no due date' },
      { title: 'done low', priority: 'Low', is_completed: true },
      { title: 'done high', priority: 'high', is_completed: true },
    ];
    for (const body of bodies) await createTask(t.app, user, body);
    expect(await metrics(user)).toEqual({
      total: 7, completed: 3, pending: 4, overdue: 2, high_priority: 3, medium_priority: 2, low_priority: 2,
    });
    expect(await metrics(user, `/api/${user.id.toUpperCase()}/tasks/metrics`)).toEqual(await metrics(user));
  });

  it('follows toggles, edits and deletes', async () => {
    const user = await signUp(t.app);
    const late = await createTask(t.app, user, { title: 'late', priority: 'Low', due_date: '2010-05-05T00:00:00Z' });
    const other = await createTask(t.app, user, { title: 'other' });
    expect(await metrics(user)).toMatchObject({ total: 2, pending: 2, overdue: 1, low_priority: 1, medium_priority: 1 });

    await as(t.app, user).patch(`${taskUrl(late.id)}/complete`);
    expect(await metrics(user)).toMatchObject({ total: 2, completed: 1, pending: 1, overdue: 0, low_priority: 1 });

    await as(t.app, user).patch(`${taskUrl(late.id)}/complete`);
    await as(t.app, user).patch(taskUrl(late.id), { due_date: null, priority: 'High' });
    expect(await metrics(user)).toMatchObject({ overdue: 0, high_priority: 1, low_priority: 0 });

    await as(t.app, user).patch(taskUrl(other.id), { due_date: '2010-05-05T00:00:00Z' });
    expect(await metrics(user)).toMatchObject({ overdue: 1 });

    await as(t.app, user).delete(taskUrl(other.id));
    expect(await metrics(user)).toEqual({
      total: 1, completed: 0, pending: 1, overdue: 0, high_priority: 1, medium_priority: 0, low_priority: 0,
    });
  });

  it('agrees with the list\'s counts', async () => {
    const user = await signUp(t.app);
    for (const body of [{ title: 'a', is_completed: true }, { title: 'b', due_date: '2002-02-02T00:00:00Z' }, { title: 'c', priority: 'High' }]) {
      await createTask(t.app, user, body);
    }
    const m = await metrics(user);
    const count = async (query: string) => (await as(t.app, user).get(`/api/me/tasks?${query}`)).json().count as number;
    expect(await count('status=all')).toBe(m.total);
    expect(await count('status=completed')).toBe(m.completed);
    expect(await count('status=pending')).toBe(m.pending);
    expect(await count('overdue=true')).toBe(m.overdue);
    expect(await count('priority=High')).toBe(m.high_priority);
    expect(await count('priority=Medium')).toBe(m.medium_priority);
    expect(await count('priority=Low')).toBe(m.low_priority);
  });
});
