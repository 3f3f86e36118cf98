// Moves race safely: two clients moving tasks into each other's subtrees at once never leave a
// cycle, and many moves into one list at once all land, each at its own position, none lost. On
// PostgreSQL these requests really run at once on separate connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { expectError } from '../helpers/expect-error.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask, type Task } from '../tasks/task-api.js';
import { child, createList, getList, moveUrl, siblingIds, tasksById } from './list-api.js';

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
});
afterAll(() => t.close());

/** Two clients of one user: the JWT and the session token. */
const clients = () => [as(t.app, user), as(t.app, { ...user, jwt: user.sessionToken })];

/** Fails on a cycle: every parent chain reaches a top-level task within 5 steps, in the task's list. */
async function expectForest(): Promise<void> {
  const tasks = await tasksById(t.app, user);
  for (const task of tasks.values()) {
    let current: Task = task;
    for (let step = 0; current.parent_id !== null; step += 1) {
      expect(step, `cycle or too deep at ${task.id}`).toBeLessThan(5);
      const parent = tasks.get(current.parent_id);
      expect(parent, `dangling parent of ${current.id}`).toBeDefined();
      expect(parent!.list_id).toBe(current.list_id);
      current = parent!;
    }
  }
}

describe('concurrent moves never make a cycle', () => {
  it('A under B and B under A at once: one wins, the other is refused, no cycle', async () => {
    for (let round = 0; round < 8; round += 1) {
      const [a, b] = await Promise.all([createTask(t.app, user, { title: `A${round}` }), createTask(t.app, user, { title: `B${round}` })]);
      const [one, two] = clients();
      const results = await Promise.all([one!.post(moveUrl(a.id), { parent_id: b.id }), two!.post(moveUrl(b.id), { parent_id: a.id })]);
      const statuses = results.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 200), statuses.join()).toHaveLength(1);
      for (const res of results.filter((r) => r.statusCode !== 200)) expectError(res, 422, 'VALIDATION_ERROR', ['parent_id']);
      await expectForest();
    }
  });

  it('into each other\'s subtrees (A under B\'s child, B under A\'s child) at once: no cycle', async () => {
    for (let round = 0; round < 6; round += 1) {
      const [a, b] = await Promise.all([createTask(t.app, user, { title: `A${round}` }), createTask(t.app, user, { title: `B${round}` })]);
      const [a1, b1] = await Promise.all([child(t.app, user, a, 'a1'), child(t.app, user, b, 'b1')]);
      const [one, two] = clients();
      const results = await Promise.all([one!.post(moveUrl(a.id), { parent_id: b1.id }), two!.post(moveUrl(b.id), { parent_id: a1.id })]);
      expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
      for (const res of results.filter((r) => r.statusCode !== 200)) expectError(res, 422, 'VALIDATION_ERROR', ['parent_id']);
      await expectForest();
    }
  });
});

describe('a reorder racing moves that change the tree', () => {
  // The reorder takes no tree lock; its write lands only while the task is still under the parent
  // it was read under. Were it to write the parent it read, this race could close a cycle: A leaves
  // P for the top level, P moves under A, and the late reorder puts A back under P.
  it('reorder A among P\'s children while A leaves P and P moves under A: no cycle, the reorder is redone or refused', async () => {
    for (let round = 0; round < 6; round += 1) {
      const p = await createTask(t.app, user, { title: `P${round}` });
      const [a, s] = [await child(t.app, user, p, 'a'), await child(t.app, user, p, 's')];
      const [one, two] = clients();
      const reorder = one!.post(moveUrl(a.id), { after_id: s.id });
      const leave = await two!.post(moveUrl(a.id), { parent_id: null });
      const under = await two!.post(moveUrl(p.id), { parent_id: a.id });
      const reordered = await reorder;
      expect(leave.statusCode).toBe(200);
      expect(under.statusCode).toBe(200);
      // Either the reorder ran first (200) or it was redone after the moves, when s was no longer A's sibling.
      if (reordered.statusCode !== 200) expectError(reordered, 422, 'VALIDATION_ERROR', ['after_id']);
      await expectForest();
      const tasks = await tasksById(t.app, user);
      expect(tasks.get(a.id)!.parent_id).toBeNull();
      expect(tasks.get(p.id)!.parent_id).toBe(a.id);
    }
  });

  it('many reorders of one task at once beside moves of its siblings: every request answers, positions stay distinct', async () => {
    const list = await createList(t.app, user, { name: 'Shuffle' });
    const tasks = await Promise.all(Array.from({ length: 8 }, (_, i) => createTask(t.app, user, { title: `s${i}`, list_id: list.id })));
    const results = await Promise.all(tasks.flatMap((task, i) => [
      clients()[i % 2]!.post(moveUrl(task.id), { after_id: tasks[(i + 3) % 8]!.id }),
      clients()[(i + 1) % 2]!.post(moveUrl(task.id), { before_id: tasks[(i + 5) % 8]!.id }),
    ]));
    expect(results.map((r) => r.statusCode)).toEqual(Array<number>(16).fill(200));
    const all = await tasksById(t.app, user);
    const positions = tasks.map((task) => all.get(task.id)!.position);
    expect(new Set(positions).size).toBe(8);
    expect((await siblingIds(t.app, user, list.id, 'none')).sort()).toEqual(tasks.map((task) => task.id).sort());
  });
});

describe('50 concurrent moves into one list', () => {
  it('all 200, every position distinct, the list holds exactly the 50 and what it had', async () => {
    const target = await createList(t.app, user, { name: 'Target' });
    const existing = await Promise.all(['x', 'y', 'z'].map((title) => createTask(t.app, user, { title, list_id: target.id })));
    const source = await createList(t.app, user, { name: 'Source' });
    const movers = await Promise.all(Array.from({ length: 50 }, (_, i) => createTask(t.app, user, { title: `m${i}`, list_id: source.id })));
    // Concurrent creates: distinct positions too.
    expect(new Set(movers.map((m) => m.position)).size).toBe(50);

    const results = await Promise.all(movers.map((task, i) => clients()[i % 2]!.post(moveUrl(task.id), { list_id: target.id })));
    expect(results.map((r) => r.statusCode)).toEqual(Array<number>(50).fill(200));
    const order = await siblingIds(t.app, user, target.id, 'none');
    expect(order).toHaveLength(53);
    expect([...order].sort()).toEqual([...existing, ...movers].map((task) => task.id).sort());
    // The existing tasks stay first (the moves went to the end).
    expect(order.slice(0, 3).sort()).toEqual(existing.map((task) => task.id).sort());
    const all = await tasksById(t.app, user);
    const positions = order.map((id) => all.get(id)!.position);
    expect(new Set(positions).size).toBe(53);
    expect([...positions].sort()).toEqual(positions);
    expect(await getList(t.app, user, target.id)).toMatchObject({ task_count: 53, open_count: 53 });
    expect(await getList(t.app, user, source.id)).toMatchObject({ task_count: 0, open_count: 0 });
  });

  it('50 at once right after the same task: all land after it, positions distinct', async () => {
    const target = await createList(t.app, user, { name: 'Same gap' });
    const [first, last] = [await createTask(t.app, user, { title: 'first', list_id: target.id }), await createTask(t.app, user, { title: 'last', list_id: target.id })];
    const movers = await Promise.all(Array.from({ length: 50 }, (_, i) => createTask(t.app, user, { title: `g${i}` })));
    const results = await Promise.all(movers.map((task, i) => clients()[i % 2]!.post(moveUrl(task.id), { list_id: target.id, after_id: first.id })));
    expect(results.map((r) => r.statusCode)).toEqual(Array<number>(50).fill(200));
    const order = await siblingIds(t.app, user, target.id, 'none');
    expect(order).toHaveLength(52);
    expect(order[0]).toBe(first.id);
    expect(order.at(-1)).toBe(last.id);
    const all = await tasksById(t.app, user);
    expect(new Set(order.map((id) => all.get(id)!.position)).size).toBe(52);
    await expectForest();
  });
});
