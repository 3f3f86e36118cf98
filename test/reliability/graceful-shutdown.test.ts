// Graceful shutdown: on SIGTERM the server stops accepting connections at once, lets the
// requests already in flight finish (2xx), then exits 0; a request that outlives
// SHUTDOWN_GRACE_MS does not keep the process alive (exit 1, bounded); an idle server stops at
// once on SIGINT as well.
// In-flight requests are made slow for real: their bodies are still uploading when SIGTERM lands.
import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../helpers/app.js';
import { request, signUpHttp, type HttpUser } from '../helpers/http-client.js';
import { createDatabase, type PgDatabase } from '../helpers/pg-database.js';
import { removeTempDirs, startServer, stopAllServers, tempDir, type ServerProcess } from '../helpers/server-process.js';
import { sleep } from '../helpers/sleep.js';

interface SlowUpload {
  /** Sends the rest of the body. */
  finish(): void;
  response: Promise<{ status: number; body: string }>;
}

/** A POST whose headers and first half of the body are sent now, the rest on finish(). */
function slowCreate(server: ServerProcess, token: string, title: string): SlowUpload {
  const body = Buffer.from(JSON.stringify({ title, description: 'x'.repeat(2000) }));
  const req = http.request({
    host: '127.0.0.1',
    port: server.port,
    method: 'POST',
    path: '/api/me/tasks',
    agent: false,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': String(body.length) },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('slow upload timed out')));
  });
  req.write(body.subarray(0, body.length >> 1));
  return { finish: () => req.end(body.subarray(body.length >> 1)), response };
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

let database: PgDatabase | undefined;
let dataDir: string;
beforeAll(async () => {
  if (onPostgres) database = await createDatabase('shutdown');
  dataDir = tempDir();
});
afterEach(() => stopAllServers());
afterAll(async () => {
  await stopAllServers();
  removeTempDirs();
  await database?.drop();
});

async function start(env: Record<string, string> = {}): Promise<{ server: ServerProcess; user: HttpUser }> {
  const server = await startServer({ dataDir, ...(database ? { databaseUrl: database.url } : {}), env });
  return { server, user: await signUpHttp(server.url) };
}

describe(`SIGTERM with requests in flight (${onPostgres ? 'PostgreSQL' : 'embedded database'})`, () => {
  it('finishes them with 2xx, refuses new connections, exits 0', async () => {
    const { server, user } = await start({ SHUTDOWN_GRACE_MS: '15000' });
    const uploads = Array.from({ length: 5 }, (_, i) => slowCreate(server, user.jwt, `in flight ${i}`));
    // Let the server take the headers in (authentication runs on them) before the signal.
    await sleep(750);
    server.child.kill('SIGTERM');
    const signalledAt = Date.now();

    let refused = false;
    for (let i = 0; i < 50 && !refused; i++) {
      refused = await connectionRefused(server.port);
      if (!refused) await sleep(100);
    }
    expect(refused, 'new connections are refused while draining').toBe(true);
    expect(server.child.exitCode, 'still draining the in-flight requests').toBeNull();

    for (const upload of uploads) upload.finish();
    const responses = await Promise.all(uploads.map((u) => u.response));
    for (const res of responses) expect(res.status, res.body).toBe(201);

    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(15_000);

    // What was acknowledged during the drain is kept.
    const restarted = await startServer({ dataDir, port: server.port, ...(database ? { databaseUrl: database.url } : {}) });
    const list = await request(`${restarted.url}/api/me/tasks?limit=100`, { token: user.sessionToken });
    const titles = (list.body as { items: Array<{ title: string }> }).items.map((t) => t.title).sort();
    expect(titles).toEqual(uploads.map((_, i) => `in flight ${i}`));

    // An idle server stops at once, on SIGINT (Ctrl-C) too.
    const interruptedAt = Date.now();
    expect(await restarted.stop('SIGINT')).toEqual({ code: 0, signal: null });
    expect(Date.now() - interruptedAt).toBeLessThan(5000);
  }, 150_000);

  it('does not wait past SHUTDOWN_GRACE_MS for a request that never completes (exit 1)', async () => {
    const { server, user } = await start({ SHUTDOWN_GRACE_MS: '1500' });
    const stuck = slowCreate(server, user.jwt, 'never finished');
    stuck.response.catch(() => undefined);
    await sleep(500);
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    const elapsed = Date.now() - signalledAt;
    expect(exit.code).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(1500 + 5000);
    expect(server.output()).toMatch(/did not finish in time/);
  }, 120_000);
});
