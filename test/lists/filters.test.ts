// The list filters of lists and subtasks: list_id (repeatable; an unknown one matches nothing),
// parent_id=<uuid> (direct children) and parent_id=none (top level), sort=position (by parent, then
// position: top-level tasks first) with keyset pages, and metrics by list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { expectError } from '../helpers/expect-error.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask, listIds, listTasks, TASKS, type Task, type TaskList } from '../tasks/task-api.js';
import { child, createList, inboxOf, move, type List } from './list-api.js';

let t: AppWithUsers;
let user: TestUser;
let inbox: List;
let work: List;
let home: List;
/** Work: w1 (w1a, w1b (w1b1)), w2 (done), w3; Home: h1 (h1a); Inbox: i1. */
let w: Record<'w1' | 'w1a' | 'w1b' | 'w1b1' | 'w2' | 'w3' | 'h1' | 'h1a' | 'i1', Task>;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
  inbox = await inboxOf(t.app, user);
  [work, home] = [await createList(t.app, user, { name: 'Work' }), await createList(t.app, user, { name: 'Home' })];
  const w1 = await createTask(t.app, user, { title: 'w1', list_id: work.id, priority: 'High' });
  const w2 = await createTask(t.app, user, { title: 'w2', list_id: work.id, is_completed: true });
  const w3 = await createTask(t.app, user, { title: 'w3', list_id: work.id, due_date: '2001-01-01T00:00:00Z' });
  const w1a = await child(t.app, user, w1, 'w1a');
  const w1b = await child(t.app, user, w1, 'w1b');
  const w1b1 = await child(t.app, user, w1b, 'w1b1');
  const h1 = await createTask(t.app, user, { title: 'h1', list_id: home.id, priority: 'Low' });
  const h1a = await child(t.app, user, h1, 'h1a');
  const i1 = await createTask(t.app, user, { title: 'i1' });
  // Manual order differs from creation order: w3 first, w1b before w1a.
  await move(t.app, user, w3.id, { before_id: w1.id });
  await move(t.app, user, w1b.id, { before_id: w1a.id });
  w = { w1, w1a, w1b, w1b1, w2, w3, h1, h1a, i1 };
});
afterAll(() => t.close());

const idsOf = (...names: Array<keyof typeof w>) => names.map((name) => w[name].id);
const sorted = (ids: string[]) => [...ids].sort();

describe('list_id', () => {
  it('one list: its tasks at every depth; count agrees', async () => {
    const page = await listTasks(t.app, user, `list_id=${work.id}`);
    expect(sorted(page.items.map((i) => i.id))).toEqual(sorted(idsOf('w1', 'w1a', 'w1b', 'w1b1', 'w2', 'w3')));
    expect(page.count).toBe(6);
  });

  it('repeated: tasks in any of them; ids in any case', async () => {
    expect(sorted(await listIds(t.app, user, `list_id=${home.id}&list_id=${inbox.id.toUpperCase()}`))).toEqual(sorted(idsOf('h1', 'h1a', 'i1')));
  });

  it('an unknown list matches nothing (200); beside a known one it adds nothing', async () => {
    expect(await listTasks(t.app, user, `list_id=${crypto.randomUUID()}`)).toEqual({ items: [], count: 0, next_cursor: null });
    expect(sorted(await listIds(t.app, user, `list_id=${home.id}&list_id=${crypto.randomUUID()}`))).toEqual(sorted(idsOf('h1', 'h1a')));
  });

  it('combines with the other filters', async () => {
    expect(await listIds(t.app, user, `list_id=${work.id}&status=completed`)).toEqual(idsOf('w2'));
    expect(await listIds(t.app, user, `list_id=${work.id}&priority=High`)).toEqual(idsOf('w1'));
    expect(await listIds(t.app, user, `list_id=${work.id}&overdue=true`)).toEqual(idsOf('w3'));
    expect(await listIds(t.app, user, `list_id=${home.id}&priority=High`)).toEqual([]);
  });

  it('a malformed list_id → 400 naming it (list_id[0])', async () => {
    expectError(await as(t.app, user).get(`${TASKS}?list_id=inbox`), 400, 'VALIDATION_ERROR', ['list_id[0]']);
  });
});

describe('parent_id', () => {
  it('a task id: its direct children only', async () => {
    expect(sorted(await listIds(t.app, user, `parent_id=${w.w1.id}`))).toEqual(sorted(idsOf('w1a', 'w1b')));
    expect(await listIds(t.app, user, `parent_id=${w.w1b.id.toUpperCase()}`)).toEqual(idsOf('w1b1'));
    expect(await listIds(t.app, user, `parent_id=${w.w3.id}`)).toEqual([]);
    expect(await listIds(t.app, user, `parent_id=${crypto.randomUUID()}`)).toEqual([]);
  });

  it('none: top-level tasks only, in every list or in one', async () => {
    expect(sorted(await listIds(t.app, user, 'parent_id=none'))).toEqual(sorted(idsOf('w1', 'w2', 'w3', 'h1', 'i1')));
    expect((await listTasks(t.app, user, `parent_id=none&list_id=${home.id}`)).count).toBe(1);
  });

  it.each(['garbage', 'null', 'None', '', `${crypto.randomUUID()}x`])('parent_id=%s → 400 naming parent_id', async (value) => {
    expectError(await as(t.app, user).get(`${TASKS}?parent_id=${value}`), 400, 'VALIDATION_ERROR', ['parent_id']);
  });
});

describe('sort=position', () => {
  it('one list: top-level tasks first in manual order, then each parent\'s children in manual order', async () => {
    const items = (await listTasks(t.app, user, `list_id=${work.id}&sort=position`)).items;
    const ids = items.map((i) => i.id);
    expect(ids.slice(0, 3)).toEqual(idsOf('w3', 'w1', 'w2'));
    // The rest: grouped by parent; within a group in manual order.
    const group = (parent: Task) => ids.filter((id) => items.find((i) => i.id === id)!.parent_id === parent.id);
    expect(group(w.w1)).toEqual(idsOf('w1b', 'w1a'));
    expect(group(w.w1b)).toEqual(idsOf('w1b1'));
    const parents = items.map((i) => i.parent_id ?? '');
    expect(parents.slice(0, 3)).toEqual(['', '', '']);
    for (let i = 1; i < items.length; i += 1) {
      const [before, after] = [items[i - 1]!, items[i]!];
      if (before.parent_id === after.parent_id) expect(before.position < after.position).toBe(true);
    }
    // Parents are contiguous groups.
    expect(new Set(parents).size).toBe(parents.filter((p, i) => p !== parents[i - 1]).length);
  });

  it('with parent_id=none: the manual order of the top level', async () => {
    expect(await listIds(t.app, user, `list_id=${work.id}&parent_id=none&sort=position`)).toEqual(idsOf('w3', 'w1', 'w2'));
  });

  it('with parent_id: the manual order of the children', async () => {
    expect(await listIds(t.app, user, `parent_id=${w.w1.id}&sort=position`)).toEqual(idsOf('w1b', 'w1a'));
  });

  it.each([1, 2, 3])('limit=%i pages through every list, with no repeats or skips and the same order as one page', async (limit) => {
    for (const query of [`list_id=${work.id}&sort=position`, 'sort=position', `list_id=${work.id}&list_id=${home.id}&sort=position`, 'parent_id=none&sort=position']) {
      const whole = await listIds(t.app, user, `${query}&limit=1000`);
      const paged: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 50; page += 1) {
        const res: TaskList = await listTasks(t.app, user, `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.items.length).toBeLessThanOrEqual(limit);
        expect(res.count).toBe(whole.length);
        paged.push(...res.items.map((i) => i.id));
        cursor = res.next_cursor;
        if (cursor === null) break;
      }
      expect(paged, query).toEqual(whole);
    }
  });

  it('a cursor from another sort is refused', async () => {
    const other = await listTasks(t.app, user, 'sort=title&limit=1');
    expectError(await as(t.app, user).get(`${TASKS}?sort=position&cursor=${encodeURIComponent(other.next_cursor!)}`), 400, 'VALIDATION_ERROR', ['cursor']);
  });
});

describe('metrics by list', () => {
  const metrics = async (query: string) => {
    const res = await as(t.app, user).get(`${TASKS}/metrics${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('list_id counts only those lists; none counts all', async () => {
    expect(await metrics(`?list_id=${work.id}`)).toEqual({ total: 6, completed: 1, pending: 5, overdue: 1, high_priority: 1, medium_priority: 5, low_priority: 0 });
    expect(await metrics(`?list_id=${home.id}&list_id=${inbox.id}`)).toEqual({ total: 3, completed: 0, pending: 3, overdue: 0, high_priority: 0, medium_priority: 2, low_priority: 1 });
    expect(await metrics('')).toMatchObject({ total: 9, completed: 1 });
    expect(await metrics(`?list_id=${crypto.randomUUID()}`)).toMatchObject({ total: 0, pending: 0 });
  });

  it('a malformed list_id or another parameter → 400', async () => {
    expectError(await as(t.app, user).get(`${TASKS}/metrics?list_id=x`), 400, 'VALIDATION_ERROR', ['list_id[0]']);
    expectError(await as(t.app, user).get(`${TASKS}/metrics?parent_id=none`), 400, 'VALIDATION_ERROR');
  });
});
