// GET /events: a text/event-stream of the user's committed changes, over a real socket (inject
// would wait for a response that never ends). The starting point first (an id alone), then one
// `change` event per change with its token as the id; Last-Event-ID (or since) replays what was
// missed from the change log; heartbeats; refusals in the contract's error shape before anything
// is streamed; the limits; and streams ended at once when the app closes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncTokenCodec } from '../../src/sync/sync.token.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { TEST_SECRET } from '../helpers/app.js';
import { INTERNALS } from '../helpers/expect-error.js';
import { as, signUp, type TestUser } from '../helpers/users.js';
import { createTask, taskUrl } from '../tasks/task-api.js';
import { createList, listUrl } from '../lists/list-api.js';
import { changes } from './sync-api.js';
import { SseClient } from './sse-client.js';

let t: AppWithUsers;
let base: string;
let alice: TestUser;
let bob: TestUser;
const open: SseClient[] = [];

beforeAll(async () => {
  t = await appWithUsers(2, { EVENTS_HEARTBEAT_MS: '150', EVENTS_MAX_STREAMS_PER_USER: '3' });
  [alice, bob] = t.users as [TestUser, TestUser];
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
// Every test's streams end with it: the per-user bound (3 here) is for the test that checks it.
afterEach(() => {
  for (const client of open.splice(0)) client.close();
});
afterAll(() => t.close());

async function stream(user: TestUser | null, headers: Record<string, string> = {}, query = ''): Promise<SseClient> {
  const client = await SseClient.open(`${base}/api/me/events${query}`, { ...(user ? { authorization: `Bearer ${user.jwt}` } : {}), ...headers });
  open.push(client);
  return client;
}

/** A stream that has sent its starting point (so every later change reaches it). */
async function started(user: TestUser, headers: Record<string, string> = {}, query = ''): Promise<SseClient> {
  const client = await stream(user, headers, query);
  expect(client.status).toBe(200);
  await client.until((c) => c.lastEventId !== undefined, 2000, 'the starting id');
  return client;
}

describe('the stream', () => {
  it('is text/event-stream, starts with retry and an id of its own, and carries each change with its token as the id', async () => {
    const client = await started(alice);
    expect(client.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(client.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(client.blocks[0]).toEqual({ fields: { retry: '2000' }, comments: [] });
    expect(Object.keys(client.blocks[1]!.fields)).toEqual(['id']);
    // The starting id is a token /changes takes: nothing has happened since.
    const start = client.lastEventId!;
    expect((await changes(t.app, alice, { since: start })).changes).toEqual([]);

    const task = await createTask(t.app, alice, { title: 'streamed' });
    // The task, then its list (its counts changed).
    await client.until((c) => c.changes.length === 2);
    const [event, listEvent] = client.events;
    expect(event!.event).toBe('change');
    const data = JSON.parse(event!.data) as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(['id', 'kind', 'op', 'token']);
    expect(data).toMatchObject({ kind: 'task', id: task.id, op: 'upsert' });
    expect(event!.id).toBe(data.token);
    expect(JSON.parse(listEvent!.data)).toMatchObject({ kind: 'list', id: task.list_id, op: 'upsert' });
    // The tokens are /changes tokens: from the start, these two changes; after the task's, the list's.
    const after = await changes(t.app, alice, { since: start });
    expect(after.changes.map((c) => c.id)).toEqual([task.id, task.list_id]);
    expect(after.next_token).toBe(listEvent!.id);
    expect((await changes(t.app, alice, { since: data.token as string })).changes.map((c) => c.id)).toEqual([task.list_id]);
  });

  it('an edit, a completion, a delete; a list and its subtree deleted: every one, in order, with op delete for the gone', async () => {
    const list = await createList(t.app, alice, { name: 'Doomed' });
    const parent = await createTask(t.app, alice, { title: 'parent', list_id: list.id });
    const kid = await createTask(t.app, alice, { title: 'kid', parent_id: parent.id });
    const lone = await createTask(t.app, alice, { title: 'lone' });
    const client = await started(alice);
    expect((await as(t.app, alice).patch(taskUrl(lone.id), { title: 'edited' })).statusCode).toBe(200);
    expect((await as(t.app, alice).patch(`${taskUrl(lone.id)}/complete`)).statusCode).toBe(200);
    expect((await as(t.app, alice).delete(taskUrl(lone.id))).statusCode).toBe(204);
    expect((await as(t.app, alice).delete(listUrl(list.id))).statusCode).toBe(204);
    await client.until((c) => c.changes.some((e) => e.kind === 'list' && e.op === 'delete'));
    await client.until((c) => c.changes.filter((e) => e.op === 'delete').length === 4);
    const seen = client.changes.map((e) => `${e.op}:${e.kind}:${e.id}`);
    // The edit and the completion may reach the reader as one (it reads the latest state).
    expect(seen[0]).toBe(`upsert:task:${lone.id}`);
    expect(seen.filter((key) => key.startsWith('delete:')).sort()).toEqual([`delete:list:${list.id}`, `delete:task:${kid.id}`, `delete:task:${lone.id}`, `delete:task:${parent.id}`].sort());
    // Tokens only grow.
    const seqs = client.changes.map((e) => Number(e.token.split(/[.-]/)[0]));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    const client = await started(alice);
    await client.until((c) => c.blocks.some((b) => b.comments.includes('ping')), 2000, 'a heartbeat');
  });

  it('the session cookie works (EventSource sends only cookies), and the session token as Bearer', async () => {
    const byCookie = await started(bob, { authorization: '', cookie: bob.cookie });
    const bySession = await started(bob, { authorization: `Bearer ${bob.sessionToken}` });
    const task = await createTask(t.app, bob, { title: 'for both' });
    await byCookie.until((c) => c.changes.some((e) => e.id === task.id));
    await bySession.until((c) => c.changes.some((e) => e.id === task.id));
    byCookie.close();
    bySession.close();
  });
});

describe('resuming', () => {
  it('Last-Event-ID replays exactly what was missed, in order, once each', async () => {
    const first = await started(alice);
    const kept = await createTask(t.app, alice, { title: 'before the drop' });
    await first.until((c) => c.changes.some((e) => e.id === kept.id));
    const resumeFrom = first.lastEventId!;
    first.close();

    const missed = [];
    for (let i = 0; i < 3; i++) missed.push(await createTask(t.app, alice, { title: `missed ${i}` }));
    expect((await as(t.app, alice).delete(taskUrl(missed[0]!.id))).statusCode).toBe(204);

    const again = await started(alice, { 'last-event-id': resumeFrom });
    await again.until((c) => c.changes.length >= 3);
    // The deleted one once, as a delete (its upsert is folded into its latest state); the others once each.
    expect(again.changes.filter((e) => e.kind === 'task').map((e) => `${e.op}:${e.id}`)).toEqual([`upsert:${missed[1]!.id}`, `upsert:${missed[2]!.id}`, `delete:${missed[0]!.id}`]);
    // And their list once, last (its counts changed with each).
    expect(again.changes.filter((e) => e.kind === 'list').map((e) => e.id)).toEqual([missed[0]!.list_id]);
    // And it stays live after the replay.
    const later = await createTask(t.app, alice, { title: 'after the replay' });
    await again.until((c) => c.changes.some((e) => e.id === later.id));
    expect(again.changes.filter((e) => e.id === kept.id)).toEqual([]);
    again.close();
  });

  it('since= does the same for a first connection (EventSource cannot set Last-Event-ID); Last-Event-ID wins over it', async () => {
    const page = await changes(t.app, alice);
    const token = page.next_token;
    const task = await createTask(t.app, alice, { title: 'after the snapshot' });
    const client = await started(alice, {}, `?since=${encodeURIComponent(token)}`);
    await client.until((c) => c.changes.some((e) => e.id === task.list_id));
    expect(client.changes.map((e) => e.id)).toEqual([task.id, task.list_id]);
    client.close();
    // A newer Last-Event-ID with the old since: nothing replayed.
    const newer = await started(alice, { 'last-event-id': client.lastEventId! }, `?since=${encodeURIComponent(token)}`);
    const marker = await createTask(t.app, alice, { title: 'marker' });
    await newer.until((c) => c.changes.some((e) => e.id === marker.id));
    expect(newer.changes.map((e) => e.id)).not.toContain(task.id);
    newer.close();
  });
});

describe('refusals: a contract error before anything is streamed', () => {
  async function expectRefused(headers: Record<string, string>, query: string, status: number, code: string, user: TestUser | null = alice) {
    const res = await fetch(`${base}/api/me/events${query}`, { headers: { ...(user ? { authorization: `Bearer ${user.jwt}` } : {}), ...headers } });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    const body = JSON.parse(text) as { error_code: string; detail: string; request_id: string };
    expect(body.error_code).toBe(code);
    expect(body.request_id).toEqual(expect.any(String));
    expect(text).not.toMatch(INTERNALS);
    return res;
  }

  it('no credentials → 401; another user in the path → 403; a malformed path → 400', async () => {
    await expectRefused({}, '', 401, 'UNAUTHORIZED', null);
    const res = await fetch(`${base}/api/${bob.id}/events`, { headers: { authorization: `Bearer ${alice.jwt}` } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error_code: string }).error_code).toBe('FORBIDDEN');
    const bad = await fetch(`${base}/api/not-a-uuid/events`, { headers: { authorization: `Bearer ${alice.jwt}` } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error_code: string }).error_code).toBe('VALIDATION_ERROR');
  });

  it('a garbage, tampered or other user\'s Last-Event-ID or since → 400', async () => {
    const own = (await changes(t.app, alice)).next_token;
    const bobs = (await changes(t.app, bob)).next_token;
    await expectRefused({ 'last-event-id': 'garbage' }, '', 400, 'VALIDATION_ERROR');
    await expectRefused({ 'last-event-id': bobs }, '', 400, 'VALIDATION_ERROR');
    // Another number under the same signature.
    await expectRefused({ 'last-event-id': own.replace(/^\d+/, (n) => String(Number(n) + 1)) }, '', 400, 'VALIDATION_ERROR');
    await expectRefused({}, '?since=nope', 400, 'VALIDATION_ERROR');
    await expectRefused({}, '?other=1', 400, 'VALIDATION_ERROR');
  });

  it('a token past the log (from a log that no longer exists) → 410 SYNC_TOKEN_EXPIRED', async () => {
    const future = new SyncTokenCodec(TEST_SECRET).encode(alice.id, { seq: 10_000_000, horizon: 10_000_000 });
    await expectRefused({ 'last-event-id': future }, '', 410, 'SYNC_TOKEN_EXPIRED');
  });

  it('past the streams per user → 429 with Retry-After; closing one frees its place', async () => {
    const carol = await signUp(t.app);
    const streams = [await started(carol), await started(carol), await started(carol)];
    const res = await expectRefused({}, '', 429, 'RATE_LIMITED', carol);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    streams[0]!.close();
    // The server hears the hang-up a moment later.
    await expect.poll(async () => (await stream(carol)).status, { timeout: 2000, interval: 50 }).toBe(200);
  });
});

describe('isolation', () => {
  it('Bob\'s stream never carries Alice\'s objects while both write at once', async () => {
    const bobs = await started(bob);
    const alices = await started(alice);
    const writes = await Promise.all(Array.from({ length: 20 }, (_, i) => createTask(t.app, i % 2 === 0 ? alice : bob, { title: `mixed ${i}` })));
    const bobIds = new Set(writes.filter((_, i) => i % 2 === 1).map((task) => task.id));
    const aliceIds = new Set(writes.filter((_, i) => i % 2 === 0).map((task) => task.id));
    await bobs.until((c) => [...bobIds].every((id) => c.changes.some((e) => e.id === id)));
    await alices.until((c) => [...aliceIds].every((id) => c.changes.some((e) => e.id === id)));
    expect(bobs.changes.filter((e) => aliceIds.has(e.id))).toEqual([]);
    expect(alices.changes.filter((e) => bobIds.has(e.id))).toEqual([]);
    bobs.close();
    alices.close();
  });
});

describe('ending', () => {
  it('a stream is ended cleanly after its lifetime (the client reconnects and its credentials are checked again)', async () => {
    const own = await appWithUsers(1, { EVENTS_MAX_LIFETIME_MS: '1000' });
    try {
      const url = await own.app.listen({ host: '127.0.0.1', port: 0 });
      const short = await SseClient.open(`${url}/api/me/events`, { authorization: `Bearer ${own.users[0]!.jwt}` });
      await short.until((c) => c.isEnded, 3000, 'the end of the stream');
      // A clean end (not a reset): everything sent before it arrived.
      expect(short.lastEventId).toEqual(expect.any(String));
    } finally {
      await own.close();
    }
  });

  it('past the streams of the process → 503; closing the app ends open streams at once', async () => {
    const own = await appWithUsers(1, { EVENTS_MAX_STREAMS: '2' });
    const url = await own.app.listen({ host: '127.0.0.1', port: 0 });
    const headers = { authorization: `Bearer ${own.users[0]!.jwt}` };
    const a = await SseClient.open(`${url}/api/me/events`, headers);
    const b = await SseClient.open(`${url}/api/me/events`, headers);
    await a.until((c) => c.lastEventId !== undefined);
    const third = await fetch(`${url}/api/me/events`, { headers });
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toBe('5');
    expect(((await third.json()) as { error_code: string }).error_code).toBe('SERVICE_UNAVAILABLE');
    const closing = performance.now();
    await own.close();
    expect(performance.now() - closing).toBeLessThan(3000);
    await a.ended;
    await b.ended;
  });
});
