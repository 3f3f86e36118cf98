// GET /api/{user_id}/tasks sorting: every key in both directions, High→Medium→Low for priority,
// tasks without a due date last either way, ties broken by id in the sort's direction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { byId, createTask, listTasks, type Task } from './task-api.js';
import { sleep } from '../helpers/sleep.js';

let t: AppWithUsers;
let user: TestUser;
let tasks: Task[];

// Lower-case one-word titles sort alike under every collation; repeats make ties.
const seeds = [
  { title: 'bravo', priority: 'Low', due_date: '2030-01-01T00:00:00.000Z' },
  { title: 'alpha', priority: 'High' },
  { title: 'charlie', priority: 'Medium', due_date: '2029-01-01T00:00:00.000Z' },
  { title: 'alpha', priority: 'Low', due_date: '2030-01-01T00:00:00.000Z' },
  { title: 'delta', priority: 'High', due_date: '2031-01-01T00:00:00.000Z' },
  { title: 'bravo', priority: 'Medium' },
  { title: 'alpha', priority: 'High', due_date: '2029-01-01T00:00:00.000Z' },
  { title: 'echo', priority: 'Medium', due_date: '2030-01-01T00:00:00.000Z' },
];

beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
  const created: Task[] = [];
  for (const seed of seeds) {
    created.push(await createTask(t.app, user, seed));
    await sleep(3);
  }
  // Touch some tasks so updated_at orders differently from created_at.
  for (const index of [2, 0, 5]) {
    await sleep(3);
    await as(t.app, user).patch(`/api/me/tasks/${created[index]!.id}`, { description: 'touched' });
  }
  tasks = (await listTasks(t.app, user, 'limit=1000')).items;
  expect(tasks).toHaveLength(seeds.length);
});
afterAll(() => t.close());

const RANK: Record<string, number> = { High: 0, Medium: 1, Low: 2 };

/** The contract's order, computed independently of the service. */
function expectedOrder(key: string, descending: boolean): string[] {
  const value = (task: Task): string | number | null => {
    switch (key) {
      case 'priority': return RANK[task.priority]!;
      case 'due_date': return task.due_date === null ? null : Date.parse(task.due_date);
      case 'created_at': return Date.parse(task.created_at);
      case 'updated_at': return Date.parse(task.updated_at);
      default: return task.title;
    }
  };
  const direction = descending ? -1 : 1;
  return [...tasks]
    .sort((a, b) => {
      const [va, vb] = [value(a), value(b)];
      if (va === null || vb === null) {
        if (va !== vb) return va === null ? 1 : -1; // no due date: last in both directions
      } else if (va !== vb) {
        return (va < vb ? -1 : 1) * direction;
      }
      return byId(a.id, b.id) * direction;
    })
    .map((task) => task.id);
}

async function order(sort: string): Promise<string[]> {
  return (await listTasks(t.app, user, `sort=${sort}&limit=1000`)).items.map((task) => task.id);
}

describe('sort', () => {
  it.each(['created_at', 'updated_at', 'due_date', 'priority', 'title'])('%s ascending and descending', async (key) => {
    expect(await order(key)).toEqual(expectedOrder(key, false));
    expect(await order(`-${key}`)).toEqual(expectedOrder(key, true));
  });

  it('the default is -created_at, newest first', async () => {
    expect(await order('-created_at')).toEqual(expectedOrder('created_at', true));
    expect((await listTasks(t.app, user, 'limit=1000')).items.map((task) => task.id)).toEqual(expectedOrder('created_at', true));
    const titles = (await listTasks(t.app, user)).items.map((task) => task.title);
    expect(titles.at(0)).toBe('echo');
    expect(titles.at(-1)).toBe('bravo');
  });

  it('priority lists High, then Medium, then Low; -priority reverses', async () => {
    const priorities = async (sort: string) => (await listTasks(t.app, user, `sort=${sort}`)).items.map((task) => task.priority);
    expect(await priorities('priority')).toEqual(['High', 'High', 'High', 'Medium', 'Medium', 'Medium', 'Low', 'Low']);
    expect(await priorities('-priority')).toEqual(['Low', 'Low', 'Medium', 'Medium', 'Medium', 'High', 'High', 'High']);
  });

  it('tasks without a due date come last under due_date and -due_date alike', async () => {
    const dues = async (sort: string) => (await listTasks(t.app, user, `sort=${sort}`)).items.map((task) => task.due_date?.slice(0, 4) ?? null);
    expect(await dues('due_date')).toEqual(['2029', '2029', '2030', '2030', '2030', '2031', null, null]);
    expect(await dues('-due_date')).toEqual(['2031', '2030', '2030', '2030', '2029', '2029', null, null]);
  });

  it('ties are broken by id in the sort\'s direction', async () => {
    const alphas = tasks.filter((task) => task.title === 'alpha').map((task) => task.id).sort(byId);
    const listed = async (sort: string) => (await order(sort)).filter((id) => alphas.includes(id));
    expect(await listed('title')).toEqual(alphas);
    expect(await listed('-title')).toEqual([...alphas].reverse());
    const undated = tasks.filter((task) => task.due_date === null).map((task) => task.id).sort(byId);
    expect((await order('due_date')).slice(-2)).toEqual(undated);
    expect((await order('-due_date')).slice(-2)).toEqual([...undated].reverse());
  });

  it('a sort combines with filters and limit', async () => {
    const page = await listTasks(t.app, user, 'sort=-title&priority=High&limit=2');
    const high = expectedOrder('title', true).filter((id) => tasks.find((task) => task.id === id)!.priority === 'High');
    expect(page.items.map((task) => task.id)).toEqual(high.slice(0, 2));
    expect(page.count).toBe(3);
    expect(page.next_cursor).not.toBeNull();
  });
});
