// Database outages, injected for real with a TCP proxy between the server process and PostgreSQL.
// Under load, the database goes down (connections reset, new ones refused) and then partitioned
// (nothing answers): every request still ends quickly, as 2xx or 503 SERVICE_UNAVAILABLE, never a
// 500 or a hang; /ready says 503; when the database is back the service heals by itself, and
// every acknowledged write is in the database. PostgreSQL by nature (the local one when
// TEST_DATABASE_URL is unset).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, signUpHttp, type HttpResult, type HttpUser } from '../helpers/http-client.js';
import { createDatabase, viaProxy, type PgDatabase } from '../helpers/pg-database.js';
import { startServer, stopAllServers, type ServerProcess } from '../helpers/server-process.js';
import { TcpProxy, type CutMode } from '../helpers/tcp-proxy.js';
import { sleep } from '../helpers/sleep.js';

const CONNECT_TIMEOUT_MS = 1000;
const STATEMENT_TIMEOUT_MS = 2000;
// A request may wait for a connection, then for one statement on a connection that stopped
// answering (the client-side read timeout: statement timeout + 1 s), plus a loaded machine's
// scheduling. Each outage lasts longer than this, so requests must end by themselves.
const REQUEST_BOUND_MS = CONNECT_TIMEOUT_MS + STATEMENT_TIMEOUT_MS + 1000 + 3000;
const OUTAGE_MS = REQUEST_BOUND_MS;

interface Sample {
  phase: string;
  what: string;
  status: number;
  code: unknown;
  ms: number;
}

let database: PgDatabase;
let proxy: TcpProxy;
let server: ServerProcess;
let user: HttpUser;
beforeAll(async () => {
  database = await createDatabase('outage');
  proxy = await TcpProxy.start({ host: database.host, port: database.port });
  server = await startServer({
    databaseUrl: viaProxy(database.url, proxy.port),
    env: { DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS), DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS), DB_POOL_SIZE: '4' },
  });
  user = await signUpHttp(server.url);
});
afterAll(async () => {
  await stopAllServers();
  await proxy?.close();
  await database?.drop();
});

/** Clients mixing creates and lists until stopped; each response is recorded with its phase. */
function runLoad(clients: number, phase: () => string) {
  const samples: Sample[] = [];
  const acked: string[] = [];
  let stopped = false;
  const record = (what: string, started: number, res: HttpResult | undefined) => {
    const body = res?.body as { error_code?: unknown } | null | undefined;
    samples.push({ phase: phase(), what, status: res?.status ?? 0, code: body?.error_code, ms: performance.now() - started });
  };
  const client = async (c: number) => {
    for (let i = 0; i < 20_000 && !stopped; i++) {
      const started = performance.now();
      const create = i % 2 === 0;
      let res: HttpResult | undefined;
      try {
        res = create
          ? await request(`${server.url}/api/me/tasks`, { method: 'POST', token: user.jwt, body: { title: `outage c${c} #${i}` }, timeoutMs: 20_000 })
          : await request(`${server.url}/api/me/tasks?limit=20`, { token: user.jwt, timeoutMs: 20_000 });
      } catch {
        res = undefined; // timed out (a hang) or the connection failed
      }
      record(create ? 'create' : 'list', started, res);
      if (res?.status === 201) acked.push((res.body as { id: string }).id);
      // Failures come back fast; do not spin on them.
      if (res?.status !== 200 && res?.status !== 201) await sleep(50);
    }
  };
  const done = Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  return { samples, acked, stop: async () => ((stopped = true), await done) };
}

async function timed(what: string, phase: string, fn: () => Promise<HttpResult>): Promise<Sample & { body: unknown }> {
  const started = performance.now();
  const res = await fn().catch(() => undefined);
  const body = res?.body as { error_code?: unknown } | undefined;
  return { phase, what, status: res?.status ?? 0, code: body?.error_code, ms: performance.now() - started, body };
}

/** Waits (bounded) until /ready answers 200; returns how long it took. */
async function waitUntilReady(boundMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < boundMs) {
    const res = await request(`${server.url}/ready`, { timeoutMs: 10_000 }).catch(() => undefined);
    if (res?.status === 200) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`not ready again within ${boundMs} ms`);
}

describe('database outage under load (PostgreSQL behind a TCP proxy)', () => {
  it('fails fast with 503, heals by itself, loses no acknowledged write', async () => {
    let phase = 'before';
    const load = runLoad(4, () => phase);
    const probes: Array<Sample & { body: unknown }> = [];
    await sleep(1000);

    for (const mode of ['refuse', 'blackhole'] as CutMode[]) {
      phase = mode;
      await proxy.cut(mode);
      await sleep(500);
      probes.push(await timed('ready', mode, () => request(`${server.url}/ready`, { timeoutMs: 20_000 })));
      const email = `outage-${mode}@example.test`;
      probes.push(
        ...(await Promise.all([
          timed('sign-up', mode, () => request(`${server.url}/api/auth/sign-up/email`, { method: 'POST', body: { name: 'X', email, password: 'correct horse battery' }, timeoutMs: 20_000 })),
          timed('sign-in', mode, () => request(`${server.url}/api/auth/sign-in/email`, { method: 'POST', body: { email: user.email, password: user.password }, timeoutMs: 20_000 })),
          timed('session', mode, () => request(`${server.url}/api/me/tasks`, { token: user.sessionToken, timeoutMs: 20_000 })),
        ])),
      );
      await sleep(OUTAGE_MS - 500);
      phase = `${mode}: recovering`;
      await proxy.restore();
      const recoveryMs = await waitUntilReady(20_000);
      expect(recoveryMs).toBeLessThan(20_000);
      await sleep(500);
      phase = `after ${mode}`;
      await sleep(1500);
    }
    await load.stop();

    const samples = [...load.samples, ...probes];
    const summary = (s: Sample) => `${s.phase} ${s.what} → ${s.status} ${String(s.code)} in ${Math.round(s.ms)} ms`;
    const phases = [...new Set(samples.map((s) => s.phase))].map((p) => {
      const inPhase = samples.filter((s) => s.phase === p);
      return `${p}: ${inPhase.length} requests, ${inPhase.filter((s) => s.status === 503).length} × 503, slowest ${Math.round(Math.max(...inPhase.map((s) => s.ms)))} ms`;
    });
    // Never a hang, never a 500: each request ends as a success or a clean 503, in bounded time.
    const bad = samples.filter((s) => !(s.status === 200 || s.status === 201 || (s.status === 503 && s.code === 'SERVICE_UNAVAILABLE')));
    expect(bad.map(summary)).toEqual([]);
    const slow = samples.filter((s) => s.ms > REQUEST_BOUND_MS);
    expect(slow.map(summary)).toEqual([]);
    // The fault was real: each outage produced 503s, including /ready and the auth routes.
    for (const mode of ['refuse', 'blackhole']) {
      expect(samples.filter((s) => s.phase === mode && s.status === 503).length, phases.join('\n')).toBeGreaterThan(0);
      for (const what of ['ready', 'sign-up', 'sign-in', 'session']) {
        const probe = probes.find((p) => p.phase === mode && p.what === what)!;
        expect(`${what}: ${probe.status}`, JSON.stringify(probe.body)).toBe(`${what}: 503`);
      }
    }
    // Once ready again, everything succeeds.
    const after = samples.filter((s) => s.phase.startsWith('after'));
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((s) => s.status !== 200 && s.status !== 201).map(summary)).toEqual([]);

    // Every acknowledged write is in the database.
    const { rows } = await database.query<{ id: string }>('select id from tasks where user_id = $1', [user.id]);
    const stored = new Set(rows.map((r) => r.id));
    expect(load.acked.filter((id) => !stored.has(id))).toEqual([]);
    expect(load.acked.length).toBeGreaterThan(10);
  }, 180_000);
});

describe('database unreachable at start', () => {
  async function startAgainst(databaseUrl: string) {
    const started = Date.now();
    const server = await startServer({ databaseUrl, wait: 'none', env: { DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS) } });
    const exit = await Promise.race([server.exited, sleep(60_000).then(() => null)]);
    return { exit, ms: Date.now() - started, output: server.output() };
  }

  it('refused: one clear line, exit 1, no hang, no password echoed', async () => {
    const closed = await TcpProxy.start({ host: '127.0.0.1', port: 1 });
    await closed.cut('refuse');
    const url = `postgres://postgres:s3cret-pw@127.0.0.1:${closed.port}/nowhere`;
    const { exit, ms, output } = await startAgainst(url);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(output).toMatch(/could not start: the PostgreSQL at DATABASE_URL is not usable/);
    expect(output).not.toContain('s3cret-pw');
    expect(ms).toBeLessThan(45_000);
  }, 90_000);

  it('partitioned (connections accepted, never answered): exits 1 after the connect timeout', async () => {
    const hole = await TcpProxy.start({ host: database.host, port: database.port });
    await hole.cut('blackhole');
    try {
      const { exit, ms, output } = await startAgainst(viaProxy(database.url, hole.port));
      expect(exit).toEqual({ code: 1, signal: null });
      expect(output).toMatch(/could not start: the PostgreSQL at DATABASE_URL is not usable/);
      expect(ms).toBeLessThan(45_000);
    } finally {
      await hole.close();
    }
  }, 90_000);
});
