// GET /changes: a snapshot without since, then every change after a token (deletions included,
// each object once per page in its latest state), paged by has_more; bad tokens are 400s and a
// token older than the kept deletions a 410. A client that replays the pages holds exactly what
// the API says.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncService } from '../../src/sync/sync.service.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { expectError } from '../helpers/expect-error.js';
import { as, signUp, type TestUser } from '../helpers/users.js';
import { resolveAuthSecret } from '../../src/auth/secret.js';
import { createTask, taskUrl } from '../tasks/task-api.js';
import { child, createList, getList, inboxOf, listUrl, move } from '../lists/list-api.js';
import { apply, changes, CHANGES, syncAll, truth, type Replica } from './sync-api.js';

let t: AppWithUsers;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await appWithUsers(2);
  [alice, bob] = t.users as [TestUser, TestUser];
});
afterAll(() => t.close());

const keys = (page: { changes: { kind: string; id: string; op: string }[] }) => page.changes.map((c) => `${c.op}:${c.kind}:${c.id}`);

describe('the snapshot (no since)', () => {
  it('a new account: its Inbox, as an upsert with the List shape, and a token', async () => {
    const page = await changes(t.app, bob);
    const inbox = await inboxOf(t.app, bob);
    expect(page.changes).toEqual([{ kind: 'list', id: inbox.id, op: 'upsert', data: inbox, changed_at: expect.any(String) as string }]);
    expect(page.has_more).toBe(false);
    expect(page.next_token).toMatch(/^\d+\.[A-Za-z0-9_-]{22}$/);
    // Nothing happened since: an empty page, the same token.
    const again = await changes(t.app, bob, { since: page.next_token });
    expect(again).toEqual({ changes: [], next_token: page.next_token, has_more: false });
  });

  it('pages by has_more and the pages together are every live task and list, each once', async () => {
    const list = await createList(t.app, alice, { name: 'Snapshot' });
    for (let i = 0; i < 5; i += 1) await createTask(t.app, alice, { title: `s${i}`, list_id: list.id });
    const whole = await changes(t.app, alice);
    const replica: Replica = new Map();
    let pages = 0;
    let token: string | undefined;
    for (let more = true; more; pages += 1) {
      const page = await changes(t.app, alice, { limit: 2, ...(token ? { since: token } : {}) });
      expect(page.changes.length).toBeLessThanOrEqual(2);
      expect(page.changes.every((c) => c.op === 'upsert')).toBe(true);
      apply(replica, page.changes);
      ({ next_token: token, has_more: more } = page);
    }
    expect(pages).toBeGreaterThan(3);
    expect(replica.size).toBe(whole.changes.length);
    expect(replica).toEqual(await truth(t.app, alice));
  });

  it('a task deleted while the snapshot is paged through arrives as a delete; older deletions never do', async () => {
    const gone = await createTask(t.app, alice, { title: 'deleted before the snapshot' });
    await as(t.app, alice).delete(taskUrl(gone.id));
    const first = await changes(t.app, alice, { limit: 1 });
    expect(first.has_more).toBe(true);
    const victim = await createTask(t.app, alice, { title: 'deleted during the snapshot' });
    await as(t.app, alice).delete(taskUrl(victim.id));
    const replica: Replica = new Map();
    apply(replica, first.changes);
    const seen: string[] = [];
    let token = first.next_token;
    for (let more = true; more;) {
      const page = await changes(t.app, alice, { since: token, limit: 3 });
      seen.push(...keys(page));
      apply(replica, page.changes);
      ({ next_token: token, has_more: more } = page);
    }
    expect(seen).not.toContain(`delete:task:${gone.id}`);
    expect(seen).toContain(`delete:task:${victim.id}`);
    expect(replica).toEqual(await truth(t.app, alice));
  });
});

describe('changes after a token', () => {
  it('create, edit, complete and delete: upserts in their latest state, the delete with data null, in order', async () => {
    const token = (await changes(t.app, alice)).next_token;
    const edited = await createTask(t.app, alice, { title: 'to edit' });
    const deleted = await createTask(t.app, alice, { title: 'to delete' });
    await as(t.app, alice).patch(taskUrl(edited.id), { title: 'edited' });
    await as(t.app, alice).patch(`${taskUrl(edited.id)}/complete`);
    await as(t.app, alice).delete(taskUrl(deleted.id));
    const page = await changes(t.app, alice, { since: token });
    // Each object once, at the number of its latest change: the delete came last, and then the
    // Inbox, whose counts it changed.
    const inbox = await inboxOf(t.app, alice);
    expect(keys(page)).toEqual([`upsert:task:${edited.id}`, `delete:task:${deleted.id}`, `upsert:list:${inbox.id}`]);
    expect(page.changes[2]!.data).toEqual(inbox);
    const [upsert, tombstone] = page.changes;
    expect(upsert!.data).toMatchObject({ id: edited.id, title: 'edited', is_completed: true, version: 3 });
    expect(tombstone!.data).toBeNull();
    expect(Date.parse(tombstone!.changed_at)).not.toBeNaN();
    expect((await changes(t.app, alice, { since: page.next_token })).changes).toEqual([]);
  });

  it('a subtree delete and a list delete leave a tombstone for every object that went', async () => {
    const token = (await changes(t.app, alice)).next_token;
    const root = await createTask(t.app, alice, { title: 'root' });
    const a = await child(t.app, alice, root, 'a');
    const a1 = await child(t.app, alice, a, 'a1');
    const list = await createList(t.app, alice, { name: 'Doomed' });
    const inList = await createTask(t.app, alice, { title: 'in doomed', list_id: list.id });
    const under = await child(t.app, alice, inList, 'under');
    const middle = (await changes(t.app, alice, { since: token })).next_token;
    expect((await as(t.app, alice).delete(taskUrl(root.id))).statusCode).toBe(204);
    expect((await as(t.app, alice).delete(listUrl(list.id))).statusCode).toBe(204);
    const page = await changes(t.app, alice, { since: middle });
    // The Inbox lost the subtree (its counts changed); the deleted list is a tombstone, not recounted.
    const inbox = await inboxOf(t.app, alice);
    expect(keys(page).sort()).toEqual([root, a, a1, inList, under].map((task) => `delete:task:${task.id}`).concat(`delete:list:${list.id}`, `upsert:list:${inbox.id}`).sort());
  });

  it('a move of a subtree to another list: the task and every descendant come as upserts with their new list', async () => {
    const root = await createTask(t.app, alice, { title: 'mover' });
    const kid = await child(t.app, alice, root, 'kid');
    const target = await createList(t.app, alice, { name: 'Moved here' });
    const token = (await changes(t.app, alice)).next_token;
    await move(t.app, alice, root.id, { list_id: target.id });
    const page = await changes(t.app, alice, { since: token });
    const inbox = await inboxOf(t.app, alice);
    // Both lists' counts changed: each comes once, as it is now.
    expect(keys(page).sort()).toEqual([`upsert:task:${root.id}`, `upsert:task:${kid.id}`, `upsert:list:${inbox.id}`, `upsert:list:${target.id}`].sort());
    for (const change of page.changes.filter((c) => c.kind === 'task')) expect(change.data).toMatchObject({ list_id: target.id });
    expect(page.changes.find((c) => c.id === target.id)!.data).toMatchObject({ task_count: 2, open_count: 2 });
  });

  it('a task added, completed, reopened or moved re-sends the lists whose counts it changed; an edit does not', async () => {
    const list = await createList(t.app, alice, { name: 'Counted' });
    const inbox = await inboxOf(t.app, alice);
    let token = (await changes(t.app, alice)).next_token;
    const step = async (write: () => Promise<unknown>, lists: string[]) => {
      await write();
      const page = await changes(t.app, alice, { since: token });
      token = page.next_token;
      const sent = page.changes.filter((c) => c.kind === 'list');
      expect(sent.map((c) => c.id).sort()).toEqual([...lists].sort());
      for (const change of sent) expect(change.data).toEqual(await getList(t.app, alice, change.id));
      return sent;
    };
    let task: { id: string } | undefined;
    const [added] = await step(async () => (task = await createTask(t.app, alice, { title: 'counted', list_id: list.id })), [list.id]);
    expect(added!.data).toMatchObject({ task_count: 1, open_count: 1 });
    const [done] = await step(() => as(t.app, alice).patch(`${taskUrl(task!.id)}/complete`), [list.id]);
    expect(done!.data).toMatchObject({ task_count: 1, open_count: 0 });
    await step(() => as(t.app, alice).patch(taskUrl(task!.id), { is_completed: false }), [list.id]);
    await step(() => as(t.app, alice).patch(taskUrl(task!.id), { title: 'renamed' }), []);
    await step(() => move(t.app, alice, task!.id, { list_id: inbox.id }), [list.id, inbox.id]);
  });

  it('a replica kept by tokens equals the API after a mixed series of writes', async () => {
    const replica: Replica = new Map();
    let token = await syncAll(t.app, alice, replica);
    const list = await createList(t.app, alice, { name: 'Mixed' });
    const tasks = await Promise.all(['m1', 'm2', 'm3'].map((title) => createTask(t.app, alice, { title, list_id: list.id })));
    token = await syncAll(t.app, alice, replica, token, 2);
    await as(t.app, alice).patch(listUrl(list.id), { name: 'Mixed, renamed' });
    await move(t.app, alice, tasks[2]!.id, { before_id: tasks[0]!.id });
    await as(t.app, alice).delete(taskUrl(tasks[1]!.id));
    await syncAll(t.app, alice, replica, token, 2);
    expect(replica).toEqual(await truth(t.app, alice));
  });

  it('a refused write logs nothing', async () => {
    const token = (await changes(t.app, alice)).next_token;
    const inbox = await inboxOf(t.app, alice);
    expect((await as(t.app, alice).delete(listUrl(inbox.id))).statusCode).toBe(409);
    expect((await as(t.app, alice).post('/api/me/tasks', { title: '' })).statusCode).toBe(422);
    expect(await changes(t.app, alice, { since: token })).toEqual({ changes: [], next_token: token, has_more: false });
  });
});

describe('isolation', () => {
  it('bob\'s changes never carry alice\'s objects, and alice\'s token is not bob\'s', async () => {
    const aliceToken = (await changes(t.app, alice)).next_token;
    const bobToken = (await changes(t.app, bob)).next_token;
    const secret = await createTask(t.app, alice, { title: 'alice only' });
    expect((await changes(t.app, bob, { since: bobToken })).changes).toEqual([]);
    const snapshot = await changes(t.app, bob);
    expect(snapshot.changes.map((c) => c.id)).not.toContain(secret.id);
    expectError(await as(t.app, bob).get(`${CHANGES}?since=${aliceToken}`), 400, 'VALIDATION_ERROR', ['since']);
    expectError(await as(t.app, bob).get(`/api/${alice.id}/changes`), 403, 'FORBIDDEN');
  });
});

describe('bad input', () => {
  it.each([
    ['garbage', 'since=garbage'],
    ['an edited number', 'since=999.AAAAAAAAAAAAAAAAAAAAAA'],
    ['limit 0', 'limit=0'],
    ['limit 1001', 'limit=1001'],
    ['limit not a number', 'limit=ten'],
    ['an unknown parameter', 'cursor=x'],
  ])('%s is a 400', async (_name, query) => {
    expectError(await as(t.app, alice).get(`${CHANGES}?${query}`), 400, 'VALIDATION_ERROR');
  });

  it('a token signed for a number past the counter (a log that is gone) is a 410', async () => {
    const service = new SyncService(t.database, resolveAuthSecret(t.config));
    const future = service.tokens.encode(alice.id, { seq: 1e9, horizon: 1e9 });
    expectError(await as(t.app, alice).get(`${CHANGES}?since=${future}`), 410, 'SYNC_TOKEN_EXPIRED');
  });
});

describe('tombstones are kept 30 days', () => {
  it('a token from before a pruned deletion is a 410; a fresh snapshot then works', async () => {
    const carol = await signUp(t.app, {});
    const doomed = await createTask(t.app, carol, { title: 'old deletion' });
    const before = (await changes(t.app, carol)).next_token;
    await as(t.app, carol).delete(taskUrl(doomed.id));
    const after = (await changes(t.app, carol, { since: before })).next_token;
    // Age the tombstone past the retention (as the superuser), then sweep as the service does.
    await t.database.db.execute(sql`update change_log set changed_at = now() - interval '31 days' where user_id = ${carol.id} and op = 'delete'`);
    const service = new SyncService(t.database, resolveAuthSecret(t.config));
    expect(await service.pruneTombstones([carol.id, alice.id])).toBe(1);
    expectError(await as(t.app, carol).get(`${CHANGES}?since=${before}`), 410, 'SYNC_TOKEN_EXPIRED');
    // A token past the pruned deletion still works, and so does starting over.
    expect((await changes(t.app, carol, { since: after })).changes).toEqual([]);
    expect((await changes(t.app, carol)).changes.map((c) => c.id)).not.toContain(doomed.id);
  });
});
