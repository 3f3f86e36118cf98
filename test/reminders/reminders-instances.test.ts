// Reminders with several instances on one PostgreSQL database (PostgreSQL by nature: the local
// one when TEST_DATABASE_URL is unset). Two apps whose schedulers run at the same moment fire
// each reminder once between them, and every stream of the user, on either app, gets it once. A
// server process killed (SIGKILL) after claiming a reminder and before committing delivered
// nothing; the next process fires it, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReminderScheduler } from '../../src/reminders/reminder-scheduler.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { request, signUpHttp } from '../helpers/http-client.js';
import { createDatabase, type PgDatabase } from '../helpers/pg-database.js';
import { startServer, stopAllServers } from '../helpers/server-process.js';
import { as, signUp, type TestUser } from '../helpers/users.js';
import { SseClient } from '../sync/sse-client.js';

const MINUTE = 60_000;
let database: PgDatabase;
/** The server processes' own: they sign with another secret than the in-process apps. */
let processDatabase: PgDatabase;
const streams: SseClient[] = [];

beforeAll(async () => {
  [database, processDatabase] = await Promise.all([createDatabase('reminders'), createDatabase('reminders_kill')]);
}, 60_000);
afterAll(async () => {
  for (const stream of streams) stream.close();
  await stopAllServers();
  await database?.drop();
  await processDatabase?.drop();
});

async function openStream(baseUrl: string, token: string, query = ''): Promise<SseClient> {
  const client = await SseClient.open(`${baseUrl}/api/me/events${query}`, { authorization: `Bearer ${token}` });
  streams.push(client);
  expect(client.status).toBe(200);
  await client.until((c) => c.lastEventId !== undefined, 5000, 'the starting id');
  return client;
}

const reminderTaskIds = (client: SseClient) => client.events.filter((e) => e.event === 'reminder').map((e) => (JSON.parse(e.data) as { task_id: string }).task_id);

describe('two apps on one database', () => {
  let a: TestApp;
  let b: TestApp;
  const schedulers: ReminderScheduler[] = [];
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);

  beforeAll(async () => {
    const env = { DATABASE_URL: database.url };
    a = await buildTestApp(env, { clock, onReminderScheduler: (s) => schedulers.push(s) });
    b = await buildTestApp(env, { clock, onReminderScheduler: (s) => schedulers.push(s) });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('schedulers running at once fire each reminder once between them; each stream of the user gets each once', async () => {
    const user: TestUser = await signUp(a.app);
    const [urlA, urlB] = [await a.app.listen({ host: '127.0.0.1', port: 0 }), await b.app.listen({ host: '127.0.0.1', port: 0 })];
    const [onA, onB] = [await openStream(urlA, user.jwt), await openStream(urlB, user.jwt)];
    const due = new Date(Date.now() + 10 * MINUTE).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const res = await as(i % 2 === 0 ? a.app : b.app, user).post('/api/me/tasks', { title: `r${i}`, due_date: due, reminders: [{ minutes_before_due: 0 }, { minutes_before_due: 1 }] });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id as string);
    }
    offset = 11 * MINUTE;
    // Both schedulers' rounds at the same moment (a second tick() of one scheduler joins its running round).
    const delivered = await Promise.all(schedulers.map((s) => s.tick()));
    expect(delivered.reduce((x, y) => x + y, 0)).toBe(60);
    const rows = await database.query<{ n: number }>('select count(*)::int as n from reminder_deliveries where user_id = $1', [user.id]);
    expect(rows.rows[0]!.n).toBe(60);
    for (const client of [onA, onB]) {
      await client.until((c) => reminderTaskIds(c).length >= 60, 5000, 'every reminder');
      expect(reminderTaskIds(client).sort()).toEqual([...ids, ...ids].sort());
    }
    // More rounds on both: nothing more.
    await Promise.all(schedulers.map((s) => s.tick()));
    expect((await database.query<{ n: number }>('select count(*)::int as n from reminder_deliveries where user_id = $1', [user.id])).rows[0]!.n).toBe(60);
  });
});

describe('a process killed between claim and commit', () => {
  it('delivered nothing; the next process fires the reminder once', async () => {
    const env = { REMINDERS_POLL_MS: '100', LOG_LEVEL: 'info' };
    const doomed = await startServer({ databaseUrl: processDatabase.url, env: { ...env, REMINDERS_FAULT: 'hold-after-claim' } });
    const user = await signUpHttp(doomed.url, { mintJwt: false });
    const since = ((await request(`${doomed.url}/api/me/changes`, { token: user.sessionToken })).body as { next_token: string }).next_token;
    const created = await request(`${doomed.url}/api/me/tasks`, {
      method: 'POST', token: user.sessionToken, body: { title: 'Once', reminders: [{ at: new Date(Date.now() + 1000).toISOString() }] },
    });
    expect(created.status).toBe(201);
    const taskId = (created.body as { id: string }).id;
    await expect.poll(() => doomed.output(), { timeout: 10_000 }).toContain('claimed, holding the transaction');
    await doomed.stop('SIGKILL');
    const count = async () => (await processDatabase.query<{ n: number }>('select count(*)::int as n from reminder_deliveries where task_id = $1', [taskId])).rows[0]!.n;
    expect(await count()).toBe(0);
    const next = await startServer({ databaseUrl: processDatabase.url, env });
    // The stream resumes from before the task was made: the delivery is replayed whenever it came.
    const client = await openStream(next.url, user.sessionToken, `?since=${encodeURIComponent(since)}`);
    await client.until((c) => reminderTaskIds(c).includes(taskId), 10_000, 'the reminder');
    await expect.poll(count, { timeout: 2000 }).toBe(1);
    // Later rounds of the new process do not deliver it again: once a later reminder has arrived,
    // rounds after the first delivery have run.
    const marker = await request(`${next.url}/api/me/tasks`, {
      method: 'POST', token: user.sessionToken, body: { title: 'Marker', reminders: [{ at: new Date(Date.now() + 300).toISOString() }] },
    });
    await client.until((c) => reminderTaskIds(c).includes((marker.body as { id: string }).id), 10_000, 'the marker reminder');
    expect(reminderTaskIds(client).filter((id) => id === taskId)).toHaveLength(1);
    expect(await count()).toBe(1);
  }, 60_000);
});
