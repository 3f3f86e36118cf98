// POST /tasks/{id}/move: before or after a sibling or to the end, under another parent and/or into
// another list, the whole subtree following. Refusals (cycle, depth, a neighbour that is no sibling
// at the destination, a parent in another list) are 422s naming the field; what the user does not
// own is a 404; a stale If-Match a 412. A refused move changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { expectError } from '../helpers/expect-error.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask, getTask, type Task } from '../tasks/task-api.js';
import { chain, child, createList, inboxOf, move, moveUrl, siblingIds, snapshot, type List } from './list-api.js';

let t: AppWithUsers;
let user: TestUser;
let stranger: TestUser;
let inbox: List;
beforeAll(async () => {
  t = await appWithUsers(2);
  [user, stranger] = t.users as [TestUser, TestUser];
  inbox = await inboxOf(t.app, user);
});
afterAll(() => t.close());

const post = (id: string, body: unknown, headers?: Record<string, string>) => as(t.app, user).post(moveUrl(id), body, headers);

/** A fresh list holding top-level a, b, c; a has children a1, a2; a1 has a child a1x. */
async function fixture() {
  const list = await createList(t.app, user, { name: `Moves ${crypto.randomUUID().slice(0, 6)}` });
  const [a, b, c] = [
    await createTask(t.app, user, { title: 'a', list_id: list.id }),
    await createTask(t.app, user, { title: 'b', list_id: list.id }),
    await createTask(t.app, user, { title: 'c', list_id: list.id }),
  ] as [Task, Task, Task];
  const a1 = await child(t.app, user, a, 'a1');
  const a2 = await child(t.app, user, a, 'a2');
  const a1x = await child(t.app, user, a1, 'a1x');
  return { list, a, b, c, a1, a2, a1x };
}

describe('order among siblings', () => {
  it('after_id, before_id, neither (the end): the order follows, version +1, the response is the task', async () => {
    const { list, a, b, c } = await fixture();
    const res = await post(c.id, { after_id: a.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('"v2"');
    const moved = res.json() as Task;
    expect(moved).toMatchObject({ id: c.id, version: 2, list_id: list.id, parent_id: null, title: 'c' });
    expect(await getTask(t.app, user, c.id)).toEqual(moved);
    expect(await siblingIds(t.app, user, list.id, 'none')).toEqual([a.id, c.id, b.id]);
    await move(t.app, user, b.id, { before_id: a.id });
    expect(await siblingIds(t.app, user, list.id, 'none')).toEqual([b.id, a.id, c.id]);
    await move(t.app, user, b.id, {});
    expect(await siblingIds(t.app, user, list.id, 'none')).toEqual([a.id, c.id, b.id]);
    await move(t.app, user, b.id, { after_id: c.id.toUpperCase() });
    expect(await siblingIds(t.app, user, list.id, 'none')).toEqual([a.id, c.id, b.id]);
    await move(t.app, user, a.id, { after_id: b.id });
    expect(await siblingIds(t.app, user, list.id, 'none')).toEqual([c.id, b.id, a.id]);
  });

  it('among subtasks: the parent stays when parent_id is absent', async () => {
    const { list, a, a1, a2 } = await fixture();
    expect(await move(t.app, user, a2.id, { before_id: a1.id })).toMatchObject({ parent_id: a.id, list_id: list.id });
    expect(await siblingIds(t.app, user, list.id, a.id)).toEqual([a2.id, a1.id]);
    expect(await move(t.app, user, a2.id, { list_id: list.id })).toMatchObject({ parent_id: a.id });
    expect(await siblingIds(t.app, user, list.id, a.id)).toEqual([a1.id, a2.id]);
  });

  it('many moves into one gap keep the order and distinct positions', async () => {
    const { list, a, b } = await fixture();
    const extra: Task[] = [];
    for (let i = 0; i < 12; i += 1) extra.push(await createTask(t.app, user, { title: `e${i}`, list_id: list.id }));
    // Each goes right after a: the last one moved ends up first after a.
    for (const task of extra) await move(t.app, user, task.id, { after_id: a.id });
    const order = await siblingIds(t.app, user, list.id, 'none');
    expect(order.slice(0, 1 + extra.length)).toEqual([a.id, ...extra.map((e) => e.id).reverse()]);
    expect(order).toContain(b.id);
  });
});

describe('changing parent and list', () => {
  it('parent_id: becomes that parent\'s child, in the parent\'s list, at the end; its subtree follows', async () => {
    const { a, a1, a1x } = await fixture();
    const other = await fixture();
    const moved = await move(t.app, user, a1.id, { parent_id: other.a.id });
    expect(moved).toMatchObject({ parent_id: other.a.id, list_id: other.list.id, version: a1.version + 1 });
    expect(await siblingIds(t.app, user, other.list.id, other.a.id)).toEqual([other.a1.id, other.a2.id, a1.id]);
    expect(await getTask(t.app, user, a1x.id)).toMatchObject({ parent_id: a1.id, list_id: other.list.id });
    expect(await siblingIds(t.app, user, other.list.id, a.id)).toEqual([]);
  });

  it('parent_id with the parent\'s own list_id is fine; another list_id → 422 naming parent_id', async () => {
    const { list, b, c } = await fixture();
    expect(await move(t.app, user, c.id, { parent_id: b.id, list_id: list.id })).toMatchObject({ parent_id: b.id });
    const before = await snapshot(t.app, user);
    expectError(await post(c.id, { parent_id: b.id, list_id: inbox.id }), 422, 'VALIDATION_ERROR', ['parent_id']);
    expect(await snapshot(t.app, user)).toEqual(before);
  });

  it('parent_id null: top-level in the current list, or in list_id', async () => {
    const { list, a, a1, a2, a1x } = await fixture();
    expect(await move(t.app, user, a2.id, { parent_id: null })).toMatchObject({ parent_id: null, list_id: list.id });
    expect((await siblingIds(t.app, user, list.id, 'none')).at(-1)).toBe(a2.id);
    expect(await move(t.app, user, a1.id, { parent_id: null, list_id: inbox.id })).toMatchObject({ parent_id: null, list_id: inbox.id });
    expect((await siblingIds(t.app, user, inbox.id, 'none')).at(-1)).toBe(a1.id);
    expect(await getTask(t.app, user, a1x.id)).toMatchObject({ parent_id: a1.id, list_id: inbox.id });
    expect(await siblingIds(t.app, user, list.id, a.id)).toEqual([]);
  });

  it('list_id alone, another list: top-level there, at the end, the subtree following with its shape', async () => {
    const { list, a, b, c, a1, a2, a1x } = await fixture();
    const target = await fixture();
    const moved = await move(t.app, user, a.id, { list_id: target.list.id });
    expect(moved).toMatchObject({ parent_id: null, list_id: target.list.id, version: a.version + 1 });
    expect(await siblingIds(t.app, user, target.list.id, 'none')).toEqual([target.a.id, target.b.id, target.c.id, a.id]);
    expect(await siblingIds(t.app, user, target.list.id, a.id)).toEqual([a1.id, a2.id]);
    expect(await getTask(t.app, user, a1x.id)).toMatchObject({ parent_id: a1.id, list_id: target.list.id });
    expect(await siblingIds(t.app, user, list.id, 'none')).not.toContain(a.id);
    // A subtask moved to another list by list_id alone leaves its parent.
    const sub = await move(t.app, user, a2.id, { list_id: list.id, before_id: b.id });
    expect(sub).toMatchObject({ parent_id: null, list_id: list.id });
    expect(await siblingIds(t.app, user, list.id, 'none')).toEqual([a2.id, b.id, c.id]);
    expect(await siblingIds(t.app, user, target.list.id, a.id)).toEqual([a1.id]);
  });

  it('a subtree may go to depth 4 exactly', async () => {
    const deep = await chain(t.app, user, 3); // depths 0..2
    const { a1, a1x } = await fixture(); // a1 has height 1
    // Under depth 2: a1 at 3, a1x at 4.
    expect(await move(t.app, user, a1.id, { parent_id: deep[2]!.id })).toMatchObject({ parent_id: deep[2]!.id, list_id: inbox.id });
    expect(await getTask(t.app, user, a1x.id)).toMatchObject({ parent_id: a1.id, list_id: inbox.id });
  });
});

/** Top-level ids of a list, in order. */
const fixtureIds = (listId: string) => siblingIds(t.app, user, listId, 'none');

describe('refused moves change nothing', () => {
  it.each([
    ['the parent is the task itself', (f: Fixture) => [f.a.id, { parent_id: f.a.id }], 'parent_id'],
    ['the parent is a child', (f: Fixture) => [f.a.id, { parent_id: f.a1.id }], 'parent_id'],
    ['the parent is a grandchild', (f: Fixture) => [f.a.id, { parent_id: f.a1x.id }], 'parent_id'],
    ['after_id and before_id', (f: Fixture) => [f.c.id, { after_id: f.a.id, before_id: f.b.id }], 'before_id'],
    ['after_id the task itself', (f: Fixture) => [f.c.id, { after_id: f.c.id }], 'after_id'],
    ['before_id the task itself', (f: Fixture) => [f.c.id, { before_id: f.c.id }], 'before_id'],
    ['after_id a subtask, moving at the top level', (f: Fixture) => [f.c.id, { after_id: f.a1.id }], 'after_id'],
    ['before_id a top-level task, moving under a', (f: Fixture) => [f.c.id, { parent_id: f.a.id, before_id: f.b.id }], 'before_id'],
    ['after_id a task in another list', (f: Fixture) => [f.c.id, { list_id: f.list.id, after_id: f.inboxTask.id }], 'after_id'],
    ['before_id in the old list, moving to the Inbox', (f: Fixture) => [f.c.id, { list_id: inbox.id, before_id: f.b.id }], 'before_id'],
    ['a parent in another list than list_id', (f: Fixture) => [f.c.id, { parent_id: f.inboxTask.id, list_id: f.list.id }], 'parent_id'],
    ['a fifth level', (f: Fixture) => [f.c.id, { parent_id: f.deep[4]!.id }], 'parent_id'],
    ['a subtree that would reach depth 5', (f: Fixture) => [f.a1.id, { parent_id: f.deep[3]!.id }], 'parent_id'],
    ['a subtree of height 2 under depth 2', (f: Fixture) => [f.a.id, { parent_id: f.deep[2]!.id }], 'parent_id'],
    ['an unknown field', (f: Fixture) => [f.c.id, { position: 'a0' }], 'position'],
    ['a malformed parent_id', (f: Fixture) => [f.c.id, { parent_id: 'none' }], 'parent_id'],
    ['a malformed list_id', (f: Fixture) => [f.c.id, { list_id: null }], 'list_id'],
  ] as Array<[string, (f: Fixture) => [string, Record<string, unknown>], string]>)('%s → 422 naming %s', async (_label, args, field) => {
    const f = await refusalFixture();
    const [id, body] = args(f);
    const before = await snapshot(t.app, user);
    expectError(await post(id, body), 422, 'VALIDATION_ERROR', [field]);
    expect(await snapshot(t.app, user)).toEqual(before);
  });

  it('unknown or another user\'s task, list, parent or neighbour → 404 NOT_FOUND, nothing changes for either user', async () => {
    const f = await refusalFixture();
    const theirList = await createList(t.app, stranger, { name: 'Theirs' });
    const theirTask = await createTask(t.app, stranger, { title: 'theirs', list_id: theirList.id });
    const mine = await snapshot(t.app, user);
    const theirs = await snapshot(t.app, stranger);
    const cases: Array<[string, Record<string, unknown>]> = [
      [crypto.randomUUID(), {}],
      [theirTask.id, { list_id: f.list.id }],
      [f.c.id, { list_id: crypto.randomUUID() }],
      [f.c.id, { list_id: theirList.id }],
      [f.c.id, { parent_id: crypto.randomUUID() }],
      [f.c.id, { parent_id: theirTask.id }],
      [f.c.id, { after_id: crypto.randomUUID() }],
      [f.c.id, { before_id: theirTask.id }],
      [f.c.id, { list_id: theirList.id, after_id: theirTask.id }],
      [f.c.id, { list_id: theirList.id, parent_id: null }],
    ];
    for (const [id, body] of cases) expectError(await post(id, body), 404, 'NOT_FOUND');
    expect(await snapshot(t.app, user)).toEqual(mine);
    expect(await snapshot(t.app, stranger)).toEqual(theirs);
  });

  it('If-Match: stale → 412, nothing moves; current → 200', async () => {
    const { list, a, c } = await fixture();
    const before = await snapshot(t.app, user);
    expectError(await post(c.id, { before_id: a.id }, { 'if-match': '"v2"' }), 412, 'PRECONDITION_FAILED');
    expectError(await post(c.id, { list_id: inbox.id }, { 'if-match': '"v7", W/"v3"' }), 412, 'PRECONDITION_FAILED');
    expect(await snapshot(t.app, user)).toEqual(before);
    const res = await post(c.id, { before_id: a.id }, { 'if-match': '"v1"' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await fixtureIds(list.id))[0]).toBe(c.id);
    expect((await post(c.id, {}, { 'if-match': '*' })).statusCode).toBe(200);
  });
});

type Fixture = Awaited<ReturnType<typeof refusalFixture>>;
async function refusalFixture() {
  const f = await fixture();
  const inboxTask = await createTask(t.app, user, { title: 'in the Inbox' });
  const deep = await chain(t.app, user, 5, f.list.id);
  return { ...f, inboxTask, deep };
}
