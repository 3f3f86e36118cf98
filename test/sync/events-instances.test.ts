// Live updates across processes: four server processes on one PostgreSQL database, as behind a
// load balancer. A change made through any of them reaches the streams on every one: within a
// second where the LISTEN connection hears notifications (a direct URL, or DATABASE_LISTEN_URL
// beside a PgBouncer in transaction mode), a poll interval later where it cannot (PgBouncer
// alone). A stream resumed on another instance replays what it missed; SIGTERM ends open streams
// at once. PostgreSQL by nature (the local one when TEST_DATABASE_URL is unset).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, signUpHttp, type HttpUser } from '../helpers/http-client.js';
import { createDatabase, type PgDatabase } from '../helpers/pg-database.js';
import { startBouncer, type Bouncer } from '../../bench/pgbouncer.js';
import { startServer, stopAllServers, type ServerProcess } from '../helpers/server-process.js';
import { SseClient } from './sse-client.js';

let database: PgDatabase;
let bouncer: Bouncer;
/** direct: DATABASE_URL direct. listenUrl: through PgBouncer, DATABASE_LISTEN_URL direct. pooled: PgBouncer only. */
let direct: ServerProcess;
let direct2: ServerProcess;
let listenUrl: ServerProcess;
let pooled: ServerProcess;
let user: HttpUser;
let other: HttpUser;
const streams: SseClient[] = [];

beforeAll(async () => {
  database = await createDatabase('events');
  bouncer = await startBouncer(database.url, 4);
  direct = await startServer({ databaseUrl: database.url, env: { LOG_LEVEL: 'info' } });
  [direct2, listenUrl, pooled] = await Promise.all([
    startServer({ databaseUrl: database.url, env: { LOG_LEVEL: 'info' } }),
    startServer({ databaseUrl: bouncer.url, env: { DATABASE_LISTEN_URL: database.url, LOG_LEVEL: 'info' } }),
    startServer({ databaseUrl: bouncer.url, env: { LOG_LEVEL: 'info' } }),
  ]);
  [user, other] = await Promise.all([signUpHttp(direct.url, { mintJwt: false }), signUpHttp(direct.url, { mintJwt: false })]);
}, 180_000);
afterAll(async () => {
  for (const stream of streams) stream.close();
  await stopAllServers();
  await bouncer?.stop();
  await database?.drop();
});

async function openOn(server: ServerProcess, who: HttpUser = user, headers: Record<string, string> = {}): Promise<SseClient> {
  // The session token: BETTER_AUTH_URL (the JWTs' issuer) differs between these processes.
  const client = await SseClient.open(`${server.url}/api/me/events`, { authorization: `Bearer ${who.sessionToken}`, ...headers });
  streams.push(client);
  expect(client.status).toBe(200);
  await client.until((c) => c.lastEventId !== undefined, 5000, 'the starting id');
  return client;
}

async function createOn(server: ServerProcess, title: string, who: HttpUser = user): Promise<{ id: string; at: number }> {
  const res = await request(`${server.url}/api/me/tasks`, { method: 'POST', token: who.sessionToken, body: { title } });
  expect(res.status).toBe(201);
  return { id: (res.body as { id: string }).id, at: performance.now() };
}

/** Milliseconds from the write's response to the event on the stream. */
async function deliveredWithin(client: SseClient, write: { id: string; at: number }, timeoutMs: number): Promise<number> {
  await client.until((c) => c.changes.some((e) => e.id === write.id), timeoutMs, `task ${write.id}`);
  return performance.now() - write.at;
}

describe('four instances on one PostgreSQL database', () => {
  it('each knows whether notifications reach it: pushed on direct URLs and with DATABASE_LISTEN_URL, polling behind PgBouncer alone', async () => {
    await expect.poll(() => direct.output(), { timeout: 5000 }).toContain('streams are pushed');
    await expect.poll(() => listenUrl.output(), { timeout: 5000 }).toContain('streams are pushed');
    // The self-test's notification never arrives through the pooler.
    await expect.poll(() => pooled.output(), { timeout: 5000 }).toContain('streams poll the change log');
    expect(pooled.output()).not.toContain('streams are pushed');
  });

  it('a change made through one reaches the streams on all of them: within 1 s pushed, within a poll interval (1 s) and a bit polling', async () => {
    const [onDirect, onDirect2, onListen, onPooled] = [await openOn(direct), await openOn(direct2), await openOn(listenUrl), await openOn(pooled)];
    const bystander = await openOn(direct2, other);
    for (const [via, round] of [[direct2, 0], [pooled, 1], [listenUrl, 2]] as const) {
      const write = await createOn(via, `round ${round}`);
      const [a, b, c, d] = await Promise.all([
        deliveredWithin(onDirect, write, 1000),
        deliveredWithin(onDirect2, write, 1000),
        deliveredWithin(onListen, write, 1000),
        deliveredWithin(onPooled, write, 2500),
      ]);
      for (const ms of [a, b, c]) expect(ms).toBeLessThan(1000);
      expect(d).toBeLessThan(2500);
    }
    // Another user's stream on the same instances carried none of it.
    expect(bystander.changes).toEqual([]);
  });

  it('a stream cut on one instance and resumed on another (Last-Event-ID) misses nothing', async () => {
    const first = await openOn(direct);
    const seen = await createOn(direct2, 'seen');
    await first.until((c) => c.changes.some((e) => e.id === seen.id));
    const from = first.lastEventId!;
    first.close();
    const missed = [await createOn(pooled, 'missed 1'), await createOn(direct, 'missed 2')];
    const resumed = await openOn(pooled, user, { 'last-event-id': from });
    await resumed.until((c) => missed.every((m) => c.changes.some((e) => e.id === m.id)), 3000);
    expect(resumed.changes.filter((e) => e.kind === 'task').map((e) => e.id)).toEqual(missed.map((m) => m.id));
  });

  it('SIGTERM with streams open: the streams end and the process exits 0 at once', async () => {
    const victim = await startServer({ databaseUrl: database.url });
    const open = [await openOn(victim), await openOn(victim, other)];
    const started = performance.now();
    const exit = await victim.stop('SIGTERM');
    expect(exit.code).toBe(0);
    expect(performance.now() - started).toBeLessThan(3000);
    for (const client of open) await client.ended;
  });
});
