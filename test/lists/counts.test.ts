// A list's open_count and task_count (subtasks included) are right after every kind of write:
// create, complete and reopen (with the subtree completing), PUT and PATCH of is_completed, a move
// to another list (the subtree follows), a delete (the subtree goes), and refused writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask } from '../tasks/task-api.js';
import { allLists, child, createList, getList, inboxOf, move, moveUrl, taskUrl, type List } from './list-api.js';

let t: AppWithUsers;
let user: TestUser;
let inbox: List;
let work: List;
let home: List;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
  inbox = await inboxOf(t.app, user);
  [work, home] = [await createList(t.app, user, { name: 'Work' }), await createList(t.app, user, { name: 'Home' })];
});
afterAll(() => t.close());

const api = () => as(t.app, user);

/** [open_count, task_count] of Inbox, Work and Home, read through both GET routes. */
async function counts(): Promise<Array<[number, number]>> {
  const all = new Map((await allLists(t.app, user)).map((list) => [list.id, list]));
  return Promise.all([inbox, work, home].map(async ({ id }) => {
    const one = await getList(t.app, user, id);
    expect(all.get(id)).toEqual(one);
    return [one.open_count, one.task_count] as [number, number];
  }));
}

describe('open_count and task_count', () => {
  it('follow every write', async () => {
    expect(await counts()).toEqual([[0, 0], [0, 0], [0, 0]]);

    const inInbox = await createTask(t.app, user, { title: 'inbox open' });
    await createTask(t.app, user, { title: 'inbox done', is_completed: true });
    const root = await createTask(t.app, user, { title: 'root', list_id: work.id });
    const kid = await child(t.app, user, root, 'kid');
    const grandkid = await child(t.app, user, kid, 'grandkid');
    await createTask(t.app, user, { title: 'done kid', parent_id: root.id, is_completed: true });
    expect(await counts()).toEqual([[1, 2], [3, 4], [0, 0]]);

    // Toggle a subtask done and back.
    await api().patch(`${taskUrl(grandkid.id)}/complete`);
    expect(await counts()).toEqual([[1, 2], [2, 4], [0, 0]]);
    await api().patch(`${taskUrl(grandkid.id)}/complete`);
    expect(await counts()).toEqual([[1, 2], [3, 4], [0, 0]]);

    // Move the kid's subtree to Home: two tasks go, both open.
    await move(t.app, user, kid.id, { list_id: home.id });
    expect(await counts()).toEqual([[1, 2], [1, 2], [2, 2]]);

    // Completing the kid completes the grandkid too; reopening reopens only the kid.
    await api().patch(taskUrl(kid.id), { is_completed: true });
    expect(await counts()).toEqual([[1, 2], [1, 2], [0, 2]]);
    await api().put(taskUrl(kid.id), { title: 'kid', description: null, is_completed: false });
    expect(await counts()).toEqual([[1, 2], [1, 2], [1, 2]]);

    // Move it back under root, and the Inbox task under it: the counts follow the lists.
    await move(t.app, user, kid.id, { parent_id: root.id });
    await move(t.app, user, inInbox.id, { parent_id: kid.id });
    expect(await counts()).toEqual([[0, 1], [3, 5], [0, 0]]);

    // Completing root completes its whole open subtree.
    await api().patch(`${taskUrl(root.id)}/complete`);
    expect(await counts()).toEqual([[0, 1], [0, 5], [0, 0]]);
    await api().patch(`${taskUrl(root.id)}/complete`);
    expect(await counts()).toEqual([[0, 1], [1, 5], [0, 0]]);

    // Deleting the kid deletes its subtree (kid, grandkid, the former Inbox task).
    expect((await api().delete(taskUrl(kid.id))).statusCode).toBe(204);
    expect(await counts()).toEqual([[0, 1], [1, 2], [0, 0]]);

    // Refused writes change no count.
    expect((await api().post(moveUrl(root.id), { parent_id: root.id })).statusCode).toBe(422);
    expect((await api().delete(taskUrl(root.id), { 'if-match': '"v99"' })).statusCode).toBe(412);
    expect((await api().post('/api/me/tasks', { title: 'nowhere', list_id: crypto.randomUUID() })).statusCode).toBe(404);
    expect(await counts()).toEqual([[0, 1], [1, 2], [0, 0]]);

    // Deleting root takes the rest of Work with it.
    expect((await api().delete(taskUrl(root.id))).statusCode).toBe(204);
    expect(await counts()).toEqual([[0, 1], [0, 0], [0, 0]]);
  });

  it('do not change a list\'s version (they are not edits of the list)', async () => {
    const list = await createList(t.app, user, { name: 'Counted' });
    await createTask(t.app, user, { title: 'x', list_id: list.id });
    expect(await getList(t.app, user, list.id)).toMatchObject({ version: 1, open_count: 1, task_count: 1 });
  });
});
