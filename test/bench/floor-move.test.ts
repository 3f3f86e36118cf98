// The benchmark floor's move (bench/floor-move.ts) is its own SQL, not the service's, so no text
// comparison keeps it honest: this does. The same reorders, run by the floor's statements for one
// user (in a request transaction as the service opens them: task_api, row-level security on) and
// by POST /move for another, leave both users' lists in the same order; what the floor refuses,
// the service refuses too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveAmongSiblings } from '../../bench/floor-move.js';
import { BadInput } from '../../bench/floor-input.js';
import type { Query } from '../../bench/floor-database.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask, getTask, listTasks, taskUrl, type Task } from '../tasks/task-api.js';

let t: AppWithUsers;
let floorUser: TestUser;
let serviceUser: TestUser;
beforeAll(async () => {
  t = await appWithUsers(2);
  [floorUser, serviceUser] = t.users as [TestUser, TestUser];
});
afterAll(() => t.close());

const TITLES = ['a', 'b', 'c', 'd', 'e'];

async function fiveTasks(user: TestUser): Promise<Map<string, Task>> {
  const tasks = new Map<string, Task>();
  for (const title of TITLES) tasks.set(title, await createTask(t.app, user, { title }));
  return tasks;
}

function floorMove(user: TestUser, id: string, side: 'after' | 'before', neighbourId: string) {
  return t.database.asUser(user.id, (tx) => {
    const query: Query = (text, params) => tx.query({ text, params });
    return moveAmongSiblings(query, user.id, id, side, neighbourId);
  });
}

const order = async (user: TestUser) => (await listTasks(t.app, user, 'sort=position&parent_id=none')).items.map((task) => task.title);

describe('the floor\'s move', () => {
  it('orders tasks as the service\'s move does, and bumps the version', async () => {
    const floorTasks = await fiveTasks(floorUser);
    const serviceTasks = await fiveTasks(serviceUser);
    // Repeated moves into the same gap, both directions, to the ends and back.
    const moves: Array<[string, 'after' | 'before', string]> = [
      ['a', 'after', 'b'], ['a', 'before', 'b'], ['e', 'before', 'a'], ['c', 'after', 'e'], ['e', 'after', 'd'],
      ['b', 'before', 'd'], ['b', 'after', 'd'], ['b', 'before', 'd'], ['d', 'after', 'e'], ['a', 'before', 'e'],
    ];
    for (const [title, side, neighbour] of moves) {
      const task = floorTasks.get(title)!;
      const moved = await floorMove(floorUser, task.id, side, floorTasks.get(neighbour)!.id);
      const serviceTask = serviceTasks.get(title)!;
      const res = await as(t.app, serviceUser).post(`${taskUrl(serviceTask.id)}/move`, { [`${side}_id`]: serviceTasks.get(neighbour)!.id });
      expect(res.statusCode, res.body).toBe(200);
      expect(await order(floorUser), `${title} ${side} ${neighbour}`).toEqual(await order(serviceUser));
      const after = await getTask(t.app, floorUser, task.id);
      expect(moved).toMatchObject({ id: task.id, version: task.version + 1, position: after.position, list_id: task.list_id, parent_id: null });
      floorTasks.set(title, after);
    }
  });

  it('refuses what the service refuses: a missing neighbour, itself, a task that is not a sibling', async () => {
    const [parent, other] = [await createTask(t.app, floorUser, { title: 'parent' }), await createTask(t.app, floorUser, { title: 'other' })];
    const child = await createTask(t.app, floorUser, { title: 'child', parent_id: parent.id });
    const service = (id: string, body: Record<string, unknown>) => as(t.app, floorUser).post(`${taskUrl(id)}/move`, body);

    expect(await floorMove(floorUser, other.id, 'after', crypto.randomUUID())).toBeNull();
    expect((await service(other.id, { after_id: crypto.randomUUID() })).statusCode).toBe(404);
    // Another user's task is as missing as one that does not exist.
    const foreign = await createTask(t.app, serviceUser, { title: 'foreign' });
    expect(await floorMove(floorUser, other.id, 'after', foreign.id)).toBeNull();
    expect(await floorMove(floorUser, foreign.id, 'after', other.id)).toBeNull();

    await expect(floorMove(floorUser, other.id, 'before', other.id)).rejects.toMatchObject({ status: 422 });
    expect((await service(other.id, { before_id: other.id })).statusCode).toBe(422);
    await expect(floorMove(floorUser, other.id, 'after', child.id)).rejects.toBeInstanceOf(BadInput);
    expect((await service(other.id, { after_id: child.id })).statusCode).toBe(422);
    expect(await getTask(t.app, floorUser, other.id)).toEqual(other);
  });
});
