// No acknowledged write is lost on a crash: several clients stream creates, the server is killed
// with SIGKILL mid-stream (no shutdown code runs), the next process is killed again while it
// starts, and the one after it, on the same data, must show every task that got a 201, exactly
// once. On PostgreSQL and on the embedded database, whose data directory must survive a kill at
// any moment and open cleanly.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { listAllTasks, request, signUpHttp } from '../helpers/http-client.js';
import { createDatabase, type PgDatabase } from '../helpers/pg-database.js';
import { removeTempDirs, startServer, stopAllServers, tempDir, type ServerOptions, type ServerProcess } from '../helpers/server-process.js';
import { sleep } from '../helpers/sleep.js';

const CLIENTS = 6;
const MIN_ACKED_BEFORE_KILL = 60;

interface Stream {
  /** id → title of every create that got a 201. */
  acked: Map<string, string>;
  /** Titles sent (each once; a client never retries). */
  sent: number;
  /** Responses that were neither 201 nor a dropped connection. */
  unexpected: string[];
}

/** Clients creating tasks until their connection dies (bounded in count and time). */
function streamCreates(server: ServerProcess, token: string): { stream: Stream; done: Promise<void> } {
  const stream: Stream = { acked: new Map(), sent: 0, unexpected: [] };
  const deadline = Date.now() + 60_000;
  const client = async (c: number) => {
    for (let i = 0; i < 5000 && Date.now() < deadline; i++) {
      const title = `crash c${c} #${i}`;
      stream.sent += 1;
      try {
        const res = await request(`${server.url}/api/me/tasks`, { method: 'POST', token, body: { title, tags: [`c${c}`] }, timeoutMs: 10_000 });
        if (res.status === 201) stream.acked.set((res.body as { id: string }).id, title);
        else stream.unexpected.push(`${res.status} ${JSON.stringify(res.body)}`);
      } catch {
        return; // the server is gone
      }
    }
  };
  return { stream, done: Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c))).then(() => undefined) };
}

async function crashAndRecover(options: ServerOptions) {
  const first = await startServer(options);
  const user = await signUpHttp(first.url);
  const { stream, done } = streamCreates(first, user.sessionToken);
  const waitUntil = Date.now() + 30_000;
  while (stream.acked.size < MIN_ACKED_BEFORE_KILL && Date.now() < waitUntil) await sleep(20);
  const killed = await first.stop('SIGKILL');
  await done;
  expect(killed.signal).toBe('SIGKILL');
  expect(stream.unexpected).toEqual([]);
  expect(stream.acked.size).toBeGreaterThanOrEqual(MIN_ACKED_BEFORE_KILL);

  // A kill while the next process starts (opening, recovering, migrating) is survived too.
  const same = { ...options, dataDir: first.dataDir, port: first.port };
  const interrupted = await startServer({ ...same, wait: 'none' });
  await sleep(500 + Math.floor(Math.random() * 3000));
  await interrupted.stop('SIGKILL');

  // Same data, same address (the session token is checked against the database).
  const second = await startServer({ ...same, wait: 'ready' });
  const tasks = await listAllTasks(second.url, user.sessionToken);
  const seen = new Map<string, number>();
  for (const task of tasks) seen.set(task.id, (seen.get(task.id) ?? 0) + 1);
  const missing = [...stream.acked.keys()].filter((id) => !seen.has(id));
  expect(missing, 'acknowledged tasks missing after the crash').toEqual([]);
  expect([...seen.values()].every((n) => n === 1)).toBe(true);
  for (const task of tasks) {
    if (stream.acked.has(task.id)) expect(task.title).toBe(stream.acked.get(task.id));
  }
  // Each title was sent once: a duplicate would be a write applied twice.
  expect(new Set(tasks.map((t) => t.title)).size).toBe(tasks.length);
  // Requests in flight at the kill may have committed unacknowledged; nothing else appears.
  expect(tasks.length).toBeLessThanOrEqual(stream.sent);

  // The recovered service keeps working: writes and reads.
  const after = await request(`${second.url}/api/me/tasks`, { method: 'POST', token: user.sessionToken, body: { title: 'after the crash' } });
  expect(after.status).toBe(201);
  expect((await request(`${second.url}/ready`)).status).toBe(200);
  const stopped = await second.stop('SIGTERM');
  expect(stopped.code).toBe(0);
}

afterEach(() => stopAllServers());
afterAll(async () => {
  await stopAllServers();
  removeTempDirs();
});

describe('SIGKILL mid-stream loses no acknowledged write', () => {
  it('on the embedded database (PGlite data directory)', async () => {
    await crashAndRecover({ dataDir: tempDir() });
  }, 150_000);

  describe('on PostgreSQL', () => {
    let database: PgDatabase | undefined;
    afterAll(async () => {
      await stopAllServers();
      await database?.drop();
    });

    it('every 201 is there exactly once after a restart', async () => {
      database = await createDatabase('crash');
      await crashAndRecover({ databaseUrl: database.url });
    }, 150_000);
  });
});
