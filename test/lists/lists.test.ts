// The lists API: every account starts with one Inbox; lists are created last, read with an ETag,
// renamed, recoloured and reordered with If-Match honoured, and deleted with their tasks. The
// Inbox stays first and cannot be deleted. Refused requests change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { expectError } from '../helpers/expect-error.js';
import { as, signUp, type TestUser } from '../helpers/users.js';
import { createTask, ISO_UTC } from '../tasks/task-api.js';
import { allLists, chain, createList, getList, inboxOf, LISTS, listUrl, snapshot, taskUrl, type List } from './list-api.js';

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
});
afterAll(() => t.close());

const api = () => as(t.app, user);
const names = (lists: List[]) => lists.map((list) => list.name);

describe('the Inbox', () => {
  it('a new account has exactly one list: its Inbox', async () => {
    const fresh = await signUp(t.app);
    const lists = await allLists(t.app, fresh);
    expect(lists).toHaveLength(1);
    expect(lists[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), user_id: fresh.id, name: 'Inbox', color: null, is_inbox: true,
      position: expect.any(String), open_count: 0, task_count: 0, version: 1,
      created_at: expect.stringMatching(ISO_UTC), updated_at: expect.stringMatching(ISO_UTC),
    });
  });

  it('can be renamed and stays the Inbox, first', async () => {
    const fresh = await signUp(t.app);
    await createList(t.app, fresh, { name: 'Aardvarks' });
    const inbox = await inboxOf(t.app, fresh);
    const res = await as(t.app, fresh).patch(listUrl(inbox.id), { name: 'Everything' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Everything', is_inbox: true, version: 2 });
    expect(names(await allLists(t.app, fresh))).toEqual(['Everything', 'Aardvarks']);
  });

  it('cannot be deleted: 409 CONFLICT, with or without If-Match, and nothing changes', async () => {
    const inbox = await inboxOf(t.app, user);
    const task = await createTask(t.app, user, { title: 'kept in the Inbox' });
    const before = await snapshot(t.app, user);
    expectError(await api().delete(listUrl(inbox.id)), 409, 'CONFLICT');
    expectError(await api().delete(listUrl(inbox.id), { 'if-match': `"v${inbox.version}"` }), 409, 'CONFLICT');
    expect(await snapshot(t.app, user)).toEqual(before);
    expect((await api().get(taskUrl(task.id))).statusCode).toBe(200);
  });
});

describe('POST /lists', () => {
  it('201 with Location and ETag "v1"; the new list goes last', async () => {
    const res = await api().post(LISTS, { name: 'Work' });
    expect(res.statusCode, res.body).toBe(201);
    const list = res.json() as List;
    expect(res.headers.location).toBe(`/api/me/lists/${list.id}`);
    expect(res.headers.etag).toBe('"v1"');
    expect(list).toMatchObject({ name: 'Work', color: null, is_inbox: false, open_count: 0, task_count: 0, version: 1, user_id: user.id });
    const second = await createList(t.app, user, { name: 'Home' });
    const lists = await allLists(t.app, user);
    expect(lists[0]!.is_inbox).toBe(true);
    expect(lists.slice(-2).map((l) => l.id)).toEqual([list.id, second.id]);
    const positions = lists.map((l) => l.position);
    expect([...positions].sort()).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
    expect(await getList(t.app, user, list.id)).toEqual(lists.find((l) => l.id === list.id));
  });

  it('Location names the user id when the path did', async () => {
    const res = await api().post(`/api/${user.id}/lists`, { name: 'By id' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.location).toBe(`/api/${user.id}/lists/${(res.json() as List).id}`);
  });

  it('the name is trimmed; 1..100 characters', async () => {
    expect((await createList(t.app, user, { name: '  Errands \n' })).name).toBe('Errands');
    expect((await createList(t.app, user, { name: 'x'.repeat(100) })).name).toHaveLength(100);
    expect((await createList(t.app, user, { name: '😀'.repeat(100) })).name).toBe('😀'.repeat(100));
  });

  it('colours: #rrggbb in any case, returned in lower case; null is no colour', async () => {
    expect((await createList(t.app, user, { name: 'Red', color: '#FFaa00' })).color).toBe('#ffaa00');
    expect((await createList(t.app, user, { name: 'Plain', color: null })).color).toBeNull();
  });

  it.each([
    ['a missing name', {}, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['an empty name', { name: '' }, 'name'],
    ['a 101-character name', { name: 'x'.repeat(101) }, 'name'],
    ['a name that is not a string', { name: 42 }, 'name'],
    ['a colour name', { name: 'c', color: 'red' }, 'color'],
    ['a short colour', { name: 'c', color: '#fff' }, 'color'],
    ['a colour without #', { name: 'c', color: 'ffffff' }, 'color'],
    ['a colour with a non-hex digit', { name: 'c', color: '#gggggg' }, 'color'],
    ['a long colour', { name: 'c', color: '#1234567' }, 'color'],
    ['an unknown field', { name: 'c', position: 'a0' }, 'position'],
    ['is_inbox', { name: 'c', is_inbox: true }, 'is_inbox'],
  ])('%s → 422 naming the field, nothing created', async (_label, body, field) => {
    const before = await allLists(t.app, user);
    expectError(await api().post(LISTS, body), 422, 'VALIDATION_ERROR', [field]);
    expect(await allLists(t.app, user)).toEqual(before);
  });
});

describe('GET /lists/{id}', () => {
  it('the list with its ETag; ids in any case', async () => {
    const list = await createList(t.app, user, { name: 'Read me' });
    const res = await api().get(listUrl(list.id.toUpperCase()));
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"v1"');
    expect(res.json()).toEqual(list);
  });

  it('an unknown id is 404 NOT_FOUND; a malformed one 400', async () => {
    expectError(await api().get(listUrl(crypto.randomUUID())), 404, 'NOT_FOUND');
    expectError(await api().get(listUrl('not-a-uuid')), 400, 'VALIDATION_ERROR');
  });
});

describe('PATCH /lists/{id}', () => {
  it('renames and recolours: version +1 and a new ETag per change', async () => {
    const list = await createList(t.app, user, { name: 'Before' });
    const renamed = await api().patch(listUrl(list.id), { name: '  After  ' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.headers.etag).toBe('"v2"');
    expect(renamed.json()).toMatchObject({ name: 'After', version: 2 });
    const coloured = await api().patch(listUrl(list.id), { color: '#ABCDEF' }, { 'if-match': '"v2"' });
    expect(coloured.json()).toMatchObject({ name: 'After', color: '#abcdef', version: 3 });
    const cleared = await api().patch(listUrl(list.id), { color: null });
    expect(cleared.json()).toMatchObject({ color: null, version: 4 });
    expect(await getList(t.app, user, list.id)).toEqual(cleared.json());
  });

  it('an empty PATCH is 200 with the same version', async () => {
    const list = await createList(t.app, user, { name: 'Untouched' });
    const res = await api().patch(listUrl(list.id), {});
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"v1"');
    expect(res.json()).toEqual(list);
  });

  it('a stale If-Match is 412 and changes nothing', async () => {
    const list = await createList(t.app, user, { name: 'Guarded' });
    const others = await createList(t.app, user, { name: 'Other' });
    const before = await allLists(t.app, user);
    for (const body of [{ name: 'x' }, { color: '#000000' }, { before_id: others.id }, {}]) {
      expectError(await api().patch(listUrl(list.id), body, { 'if-match': '"v9"' }), 412, 'PRECONDITION_FAILED');
    }
    expect(await allLists(t.app, user)).toEqual(before);
  });

  it.each([
    ['a blank name', { name: ' ' }, 'name'],
    ['a long name', { name: 'y'.repeat(101) }, 'name'],
    ['a bad colour', { color: '#12345' }, 'color'],
    ['an unknown field', { is_inbox: true }, 'is_inbox'],
    ['a position', { position: 'a0' }, 'position'],
  ])('%s → 422 naming the field, nothing changes', async (_label, body, field) => {
    const list = await createList(t.app, user, { name: 'Valid' });
    expectError(await api().patch(listUrl(list.id), body), 422, 'VALIDATION_ERROR', [field]);
    expect(await getList(t.app, user, list.id)).toEqual(list);
  });

  it('unknown list → 404', async () => {
    expectError(await api().patch(listUrl(crypto.randomUUID()), { name: 'ghost' }), 404, 'NOT_FOUND');
  });
});

describe('reordering lists with after_id / before_id', () => {
  let owner: TestUser;
  let inbox: List;
  let a: List, b: List, c: List;
  const order = async () => (await allLists(t.app, owner)).map((l) => l.name);
  beforeAll(async () => {
    owner = await signUp(t.app);
    inbox = await inboxOf(t.app, owner);
    for (const name of ['A', 'B', 'C']) await createList(t.app, owner, { name });
    [, a, b, c] = (await allLists(t.app, owner)) as [List, List, List, List];
  });
  const patch = (id: string, body: Record<string, unknown>, headers?: Record<string, string>) => as(t.app, owner).patch(listUrl(id), body, headers);

  it('after_id, before_id, after the Inbox: the order follows and the version grows', async () => {
    expect(await order()).toEqual(['Inbox', 'A', 'B', 'C']);
    const moved = await patch(a.id, { after_id: c.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ version: 2 });
    expect(await order()).toEqual(['Inbox', 'B', 'C', 'A']);
    expect((await patch(c.id, { before_id: b.id })).statusCode).toBe(200);
    expect(await order()).toEqual(['Inbox', 'C', 'B', 'A']);
    expect((await patch(a.id, { after_id: inbox.id })).statusCode).toBe(200);
    expect(await order()).toEqual(['Inbox', 'A', 'C', 'B']);
    expect((await patch(a.id, { before_id: b.id, name: 'A2' })).json()).toMatchObject({ name: 'A2' });
    expect(await order()).toEqual(['Inbox', 'C', 'A2', 'B']);
    const positions = (await allLists(t.app, owner)).map((l) => l.position);
    expect([...positions].sort()).toEqual(positions);
  });

  it('with a current If-Match it moves; a stale one is 412', async () => {
    const current = await getList(t.app, owner, b.id);
    expectError(await patch(b.id, { after_id: inbox.id }, { 'if-match': `"v${current.version + 1}"` }), 412, 'PRECONDITION_FAILED');
    expect((await patch(b.id, { after_id: inbox.id }, { 'if-match': `"v${current.version}"` })).statusCode).toBe(200);
    expect((await order())[1]).toBe('B');
  });

  it.each([
    ['both after_id and before_id', () => [b.id, { after_id: c.id, before_id: a.id }], 'before_id'],
    ['after_id the list itself', () => [b.id, { after_id: b.id }], 'after_id'],
    ['before_id the list itself', () => [b.id, { before_id: b.id }], 'before_id'],
    ['before the Inbox', () => [b.id, { before_id: inbox.id }], 'before_id'],
    ['moving the Inbox after a list', () => [inbox.id, { after_id: c.id }], 'after_id'],
    ['moving the Inbox before a list', () => [inbox.id, { before_id: c.id }], 'before_id'],
  ] as Array<[string, () => [string, Record<string, unknown>], string]>)('%s → 422 naming %s, nothing changes', async (_label, args, field) => {
    const before = await allLists(t.app, owner);
    const [id, body] = args();
    expectError(await patch(id, body), 422, 'VALIDATION_ERROR', [field]);
    expect(await allLists(t.app, owner)).toEqual(before);
  });

  it('an unknown neighbour, or another user\'s list, is 404 and nothing changes', async () => {
    const theirs = await createList(t.app, user, { name: 'Not yours' });
    const before = await allLists(t.app, owner);
    for (const body of [{ after_id: crypto.randomUUID() }, { before_id: crypto.randomUUID() }, { after_id: theirs.id }, { before_id: theirs.id }]) {
      expectError(await patch(b.id, body), 404, 'NOT_FOUND');
    }
    expect(await allLists(t.app, owner)).toEqual(before);
    expect(await getList(t.app, user, theirs.id)).toEqual(theirs);
  });
});

describe('DELETE /lists/{id}', () => {
  it('204; its tasks and their subtasks are gone; other lists keep theirs', async () => {
    const list = await createList(t.app, user, { name: 'Doomed' });
    const tree = await chain(t.app, user, 3, list.id);
    const loose = await createTask(t.app, user, { title: 'loose', list_id: list.id });
    const elsewhere = await createTask(t.app, user, { title: 'elsewhere' });
    const res = await api().delete(listUrl(list.id));
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    for (const task of [...tree, loose]) expectError(await api().get(taskUrl(task.id)), 404, 'NOT_FOUND');
    expect((await api().get(taskUrl(elsewhere.id))).statusCode).toBe(200);
    expectError(await api().get(listUrl(list.id)), 404, 'NOT_FOUND');
    expect((await allLists(t.app, user)).map((l) => l.id)).not.toContain(list.id);
    expectError(await api().delete(listUrl(list.id)), 404, 'NOT_FOUND');
  });

  it('If-Match: stale → 412 and the list and its tasks stay; current → 204', async () => {
    const list = await createList(t.app, user, { name: 'Guarded delete' });
    const task = await createTask(t.app, user, { title: 'inside', list_id: list.id });
    expectError(await api().delete(listUrl(list.id), { 'if-match': '"v2"' }), 412, 'PRECONDITION_FAILED');
    expect(await getList(t.app, user, list.id)).toMatchObject({ task_count: 1, version: 1 });
    expect((await api().get(taskUrl(task.id))).statusCode).toBe(200);
    expect((await api().delete(listUrl(list.id), { 'if-match': '"v1"' })).statusCode).toBe(204);
  });

  it('an unknown list is 404; a malformed id 400', async () => {
    expectError(await api().delete(listUrl(crypto.randomUUID())), 404, 'NOT_FOUND');
    expectError(await api().delete(listUrl('123')), 400, 'VALIDATION_ERROR');
  });
});
