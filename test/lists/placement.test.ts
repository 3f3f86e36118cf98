// Where a new task goes: the Inbox unless told otherwise, its parent's list for a subtask, always at
// the end of its siblings; at most 4 levels of subtasks; a list or parent the user does not own is a
// 404. Existing routes keep their bodies: list_id and parent_id are unknown fields there (use move).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { expectError } from '../helpers/expect-error.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask, getTask, TASKS } from '../tasks/task-api.js';
import { chain, child, createList, inboxOf, siblingIds, snapshot, taskUrl, type List } from './list-api.js';

let t: AppWithUsers;
let user: TestUser;
let stranger: TestUser;
let inbox: List;
let work: List;
beforeAll(async () => {
  t = await appWithUsers(2);
  [user, stranger] = t.users as [TestUser, TestUser];
  inbox = await inboxOf(t.app, user);
  work = await createList(t.app, user, { name: 'Work' });
});
afterAll(() => t.close());

const api = () => as(t.app, user);

describe('creating tasks in lists', () => {
  it('without list_id a task goes to the Inbox, top-level, after the tasks before it', async () => {
    const created = [];
    for (const title of ['first', 'second', 'third']) created.push(await createTask(t.app, user, { title }));
    for (const task of created) expect(task).toMatchObject({ list_id: inbox.id, parent_id: null, position: expect.any(String) });
    const positions = created.map((task) => task.position);
    for (let i = 1; i < positions.length; i += 1) expect(positions[i]! > positions[i - 1]!, positions.join(' ')).toBe(true);
    expect((await siblingIds(t.app, user, inbox.id, 'none')).slice(-3)).toEqual(created.map((task) => task.id));
  });

  it('a GET, list item and the create response all carry list_id, parent_id and position', async () => {
    const res = await api().post(TASKS, { title: 'fields' });
    const task = res.json();
    expect(Object.keys(task)).toEqual(expect.arrayContaining(['list_id', 'parent_id', 'position']));
    expect(await getTask(t.app, user, task.id)).toEqual(task);
  });

  it('with list_id: top-level in that list, at the end; ids in any case', async () => {
    const a = await createTask(t.app, user, { title: 'w1', list_id: work.id });
    const b = await createTask(t.app, user, { title: 'w2', list_id: work.id.toUpperCase() });
    expect(a).toMatchObject({ list_id: work.id, parent_id: null });
    expect(b).toMatchObject({ list_id: work.id, parent_id: null });
    expect(b.position > a.position).toBe(true);
    expect(await siblingIds(t.app, user, work.id, 'none')).toEqual([a.id, b.id]);
  });

  it('with parent_id only: a subtask in the parent\'s list, after its earlier siblings', async () => {
    const parent = await createTask(t.app, user, { title: 'parent', list_id: work.id });
    const kids = [await child(t.app, user, parent, 'k1'), await child(t.app, user, parent, 'k2'), await child(t.app, user, parent, 'k3')];
    for (const kid of kids) expect(kid).toMatchObject({ list_id: work.id, parent_id: parent.id });
    expect(kids[1]!.position > kids[0]!.position && kids[2]!.position > kids[1]!.position).toBe(true);
    expect(await siblingIds(t.app, user, work.id, parent.id)).toEqual(kids.map((k) => k.id));
    const same = await createTask(t.app, user, { title: 'k4', list_id: work.id, parent_id: parent.id.toUpperCase() });
    expect(same).toMatchObject({ list_id: work.id, parent_id: parent.id });
  });

  it('"the end" is after the last sibling in manual order, whatever the creation order', async () => {
    const list = await createList(t.app, user, { name: 'Reordered' });
    const a = await createTask(t.app, user, { title: 'a', list_id: list.id });
    const b = await createTask(t.app, user, { title: 'b', list_id: list.id });
    expect((await api().post(`${taskUrl(b.id)}/move`, { before_id: a.id })).statusCode).toBe(200);
    const c = await createTask(t.app, user, { title: 'c', list_id: list.id });
    expect(await siblingIds(t.app, user, list.id, 'none')).toEqual([b.id, a.id, c.id]);
    expect((await api().post(`${taskUrl(a.id)}/move`, {})).statusCode).toBe(200);
    const d = await createTask(t.app, user, { title: 'd', list_id: list.id });
    expect(await siblingIds(t.app, user, list.id, 'none')).toEqual([b.id, c.id, a.id, d.id]);
  });

  it('parent_id null is a top-level task', async () => {
    expect(await createTask(t.app, user, { title: 'top', parent_id: null })).toMatchObject({ parent_id: null, list_id: inbox.id });
  });

  it('list_id and parent_id in different lists → 422 naming parent_id, nothing created', async () => {
    const parent = await createTask(t.app, user, { title: 'in the Inbox' });
    const before = await snapshot(t.app, user);
    expectError(await api().post(TASKS, { title: 'x', list_id: work.id, parent_id: parent.id }), 422, 'VALIDATION_ERROR', ['parent_id']);
    expect(await snapshot(t.app, user)).toEqual(before);
  });

  it('an unknown or another user\'s list_id or parent_id is 404 NOT_FOUND, nothing created for either user', async () => {
    const theirList = await createList(t.app, stranger, { name: 'Theirs' });
    const theirTask = await createTask(t.app, stranger, { title: 'theirs', list_id: theirList.id });
    const mine = await snapshot(t.app, user);
    const theirs = await snapshot(t.app, stranger);
    for (const body of [
      { list_id: crypto.randomUUID() },
      { list_id: theirList.id },
      { parent_id: crypto.randomUUID() },
      { parent_id: theirTask.id },
      { parent_id: theirTask.id, list_id: theirList.id },
      { parent_id: theirTask.id, list_id: work.id },
      { list_id: theirList.id, parent_id: null },
    ]) {
      expectError(await api().post(TASKS, { title: 'planted', ...body }), 404, 'NOT_FOUND');
    }
    expect(await snapshot(t.app, user)).toEqual(mine);
    expect(await snapshot(t.app, stranger)).toEqual(theirs);
  });

  it.each([
    ['list_id', { list_id: 'inbox' }],
    ['list_id', { list_id: null }],
    ['parent_id', { parent_id: 'none' }],
    ['parent_id', { parent_id: 7 }],
  ])('a malformed %s → 422 naming it', async (field, body) => {
    expectError(await api().post(TASKS, { title: 'x', ...body }), 422, 'VALIDATION_ERROR', [field]);
  });
});

describe('depth', () => {
  it('subtasks nest 4 levels below a top-level task; a fifth level → 422 naming parent_id', async () => {
    const tasks = await chain(t.app, user, 5, work.id);
    tasks.forEach((task, depth) => expect(task.parent_id).toBe(depth === 0 ? null : tasks[depth - 1]!.id));
    const before = await snapshot(t.app, user);
    expectError(await api().post(TASKS, { title: 'depth 5', parent_id: tasks[4]!.id }), 422, 'VALIDATION_ERROR', ['parent_id']);
    expect(await snapshot(t.app, user)).toEqual(before);
    // A sibling at depth 4 is fine.
    expect(await child(t.app, user, tasks[3]!, 'another depth 4')).toMatchObject({ parent_id: tasks[3]!.id });
  });
});

describe('the existing routes do not place tasks', () => {
  it.each([
    ['list_id', () => ({ list_id: work.id })],
    ['parent_id', () => ({ parent_id: null })],
    ['position', () => ({ position: 'a0' })],
  ])('PUT or PATCH with %s → 422 naming it (use /move), nothing changes', async (field, extra) => {
    const task = await createTask(t.app, user, { title: 'stays put' });
    expectError(await api().put(taskUrl(task.id), { title: 'x', description: null, is_completed: false, ...extra() }), 422, 'VALIDATION_ERROR', [field]);
    expectError(await api().patch(taskUrl(task.id), extra()), 422, 'VALIDATION_ERROR', [field]);
    expect(await getTask(t.app, user, task.id)).toEqual(task);
  });

  it('PUT and PATCH keep the task\'s list, parent and position', async () => {
    const parent = await createTask(t.app, user, { title: 'p', list_id: work.id });
    const kid = await child(t.app, user, parent);
    const put = (await api().put(taskUrl(kid.id), { title: 'replaced', description: null, is_completed: false })).json();
    const patched = (await api().patch(taskUrl(kid.id), { title: 'patched' })).json();
    for (const after of [put, patched]) expect(after).toMatchObject({ list_id: work.id, parent_id: parent.id, position: kid.position });
  });
});
