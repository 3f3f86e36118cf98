// Writes race safely: every change is one conditional statement, so concurrent toggles all
// count, concurrent writers with the same If-Match have exactly one winner, and versions never
// skip or repeat. On PostgreSQL these requests really run at once on separate connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, signUp, type TestUser } from '../helpers/users.js';
import { createTask, getTask, taskUrl } from './task-api.js';

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
});
afterAll(() => t.close());

const toggle = (id: string, headers?: Record<string, string>) => as(t.app, user).patch(`${taskUrl(id)}/complete`, undefined, headers);

describe('concurrent writes', () => {
  it('two concurrent toggles give two flips', async () => {
    for (const start of [false, true]) {
      const task = await createTask(t.app, user, { title: 'flip flop', is_completed: start });
      const results = await Promise.all([toggle(task.id), toggle(task.id)]);
      expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
      expect(results.map((r) => r.json().version).sort()).toEqual([2, 3]);
      const after = await getTask(t.app, user, task.id);
      expect(after).toMatchObject({ version: 3, is_completed: start });
      expect(after.completed_at === null).toBe(!start);
    }
  });

  it('ten concurrent toggles: version +10, back where it started', async () => {
    const task = await createTask(t.app, user, { title: 'ten flips' });
    const results = await Promise.all(Array.from({ length: 10 }, () => toggle(task.id)));
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    expect(results.map((r) => r.json().version as number).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await getTask(t.app, user, task.id)).toMatchObject({ version: 11, is_completed: false, completed_at: null });
  });

  it('N concurrent PATCHes with the same If-Match: exactly one 200, the rest 412', async () => {
    const task = await createTask(t.app, user, { title: 'contended' });
    const n = 8;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => as(t.app, user).patch(taskUrl(task.id), { title: `writer ${i}` }, { 'if-match': '"v1"' })),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, ...Array<number>(n - 1).fill(412)]);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    expect(winner.version).toBe(2);
    expect(await getTask(t.app, user, task.id)).toEqual(winner);
  });

  it('mixed writers with the same If-Match (PUT, PATCH, toggle, DELETE): exactly one wins', async () => {
    const task = await createTask(t.app, user, { title: 'mixed' });
    const guard = { 'if-match': '"v1"' };
    const api = as(t.app, user);
    const results = await Promise.all([
      api.put(taskUrl(task.id), { title: 'put', description: null, is_completed: false }, guard),
      api.patch(taskUrl(task.id), { title: 'patch' }, guard),
      toggle(task.id, guard),
      api.delete(taskUrl(task.id), guard),
    ]);
    const winners = results.filter((r) => r.statusCode === 200 || r.statusCode === 204);
    expect(winners).toHaveLength(1);
    // The losers saw the winner's new version (412) or, after a winning delete, possibly no task (404).
    const allowed = winners[0]!.statusCode === 204 ? [404, 412] : [412];
    const losers = results.filter((r) => !winners.includes(r)).map((r) => r.statusCode);
    expect(losers.every((status) => allowed.includes(status)), String(losers)).toBe(true);
    const after = await as(t.app, user).get(taskUrl(task.id));
    if (winners[0]!.statusCode === 204) expect(after.statusCode).toBe(404);
    else expect(after.json()).toMatchObject({ version: 2 });
  });

  it('concurrent unconditional PATCHes of different fields all land, each version once', async () => {
    const task = await createTask(t.app, user, { title: 'fields' });
    const bodies = [{ description: 'd' }, { priority: 'High' }, { tags: ['t'] }, { due_date: '2030-01-01T00:00:00Z' }, { title: 'renamed' }];
    const results = await Promise.all(bodies.map((body) => as(t.app, user).patch(taskUrl(task.id), body)));
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    expect(results.map((r) => r.json().version as number).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6]);
    expect(await getTask(t.app, user, task.id)).toMatchObject({
      title: 'renamed', description: 'd', priority: 'High', tags: ['t'], due_date: '2030-01-01T00:00:00.000Z', version: 6,
    });
  });

  it('concurrent creates all get their own task', async () => {
    const other = await signUp(t.app);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => as(t.app, other).post('/api/me/tasks', { title: `c${i}` })));
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(10);
    expect((await as(t.app, other).get('/api/me/tasks/metrics')).json().total).toBe(10);
  });
});
