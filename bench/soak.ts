// Soak: the built service (`node dist/server.js`) on a fresh PostgreSQL database, 60 s of mixed
// load (80 % reads, 20 % writes) at high concurrency with autocannon, the server's resident set
// sampled every second. Passes when nothing failed (no errors, timeouts or non-2xx) and memory
// stayed flat.
//   npx tsx bench/soak.ts                        # 60 s, 64 connections
//   SOAK_S=10 SOAK_CONNECTIONS=32 npx tsx bench/soak.ts
// Writes bench/results/soak.json. Not part of npm test. Everything on 127.0.0.1.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inParallel, signUpUsers, type BenchUser } from './bench-users.js';
import { runLoad, type RequestSpec } from './load-runner.js';
import { buildService, freePort, ROOT, rssMiB, startService } from './server-processes.js';

const DURATION_S = Number(process.env.SOAK_S ?? 60);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 64);
const USERS = Number(process.env.SOAK_USERS ?? 20);
const TASKS_PER_USER = Number(process.env.SOAK_TASKS_PER_USER ?? 25);
const ADMIN_URL = process.env.SOAK_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const OUTPUT = path.join(ROOT, 'bench', 'results', 'soak.json');

const log = (line: string) => process.stdout.write(`soak: ${line}\n`);
const round1 = (n: number) => Math.round(n * 10) / 10;
const mean = (xs: number[]) => round1(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

interface Soaker extends BenchUser {
  /** Tasks the load created for this user, deleted again by later writes. */
  created: string[];
}

/** 80 % reads (list, get, filtered list, search, metrics), 20 % writes (create, patch, toggle, delete). */
function mixedLoad(users: Soaker[]) {
  let i = 0;
  const next = (): RequestSpec => {
    const n = i++;
    const user = users[n % users.length]!;
    const auth = { authorization: `Bearer ${user.jwt}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const task = user.taskIds[(n >> 3) % user.taskIds.length]!;
    const slot = n % 20;
    if (slot < 6) return { method: 'GET', path: '/api/me/tasks?limit=50', headers: auth };
    if (slot < 10) return { method: 'GET', path: `/api/me/tasks/${task}`, headers: auth };
    if (slot < 13) return { method: 'GET', path: '/api/me/tasks?status=pending&sort=-priority&limit=20', headers: auth };
    if (slot < 15) return { method: 'GET', path: '/api/me/tasks?q=soak%20report', headers: auth };
    if (slot < 16) return { method: 'GET', path: '/api/me/tasks/metrics', headers: auth };
    if (slot === 16) return { method: 'PATCH', path: `/api/me/tasks/${task}`, headers: json, body: JSON.stringify({ description: `soak edit ${n}` }) };
    if (slot === 17) return { method: 'PATCH', path: `/api/me/tasks/${task}/complete`, headers: auth };
    const doomed = slot === 18 ? user.created.shift() : undefined;
    if (doomed) return { method: 'DELETE', path: `/api/me/tasks/${doomed}`, headers: auth };
    return { method: 'POST', path: '/api/me/tasks', headers: json, body: JSON.stringify({ title: `soak report ${n}`, tags: ['soak'], priority: 'Low' }) };
  };
  // A created task is credited to the user its body names, for a later write to delete.
  const byId = new Map(users.map((u) => [u.id, u] as const));
  const onBody = (status: number, body: string) => {
    if (status !== 201) return;
    const created = JSON.parse(body) as { id: string; user_id: string };
    byId.get(created.user_id)?.created.push(created.id);
  };
  return { next, onBody };
}

async function seed(baseUrl: string, users: Soaker[]) {
  await inParallel(users, 4, async (user) => {
    for (let k = 0; k < TASKS_PER_USER; k++) {
      const response = await fetch(`${baseUrl}/api/me/tasks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.jwt}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Seeded soak report ${k}`, description: 'weekly numbers', tags: ['seed'], priority: ['High', 'Medium', 'Low'][k % 3] }),
      });
      if (response.status !== 201) throw new Error(`seeding answered ${response.status}`);
      user.taskIds.push(((await response.json()) as { id: string }).id);
    }
  });
}

async function main() {
  log('building dist/ (if stale)');
  buildService(log);
  const dbName = `soak_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  await admin((c) => c.query(`create database "${dbName}"`));
  const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
  const port = await freePort();
  const service = await startService({ port, secret: crypto.randomBytes(32).toString('base64'), databaseUrl, poolSize: 10 });
  try {
    log(`service pid ${service.pid} on ${service.baseUrl}, database ${dbName}`);
    const users: Soaker[] = (await signUpUsers(service.baseUrl, `soak-${dbName}-`, USERS)).map((u) => ({ ...u, created: [] }));
    await seed(service.baseUrl, users);
    log(`${USERS} users × ${TASKS_PER_USER} tasks; ${DURATION_S} s at ${CONNECTIONS} connections`);

    const samples: Array<{ t: number; rssMiB: number }> = [];
    const started = Date.now();
    const sample = () => {
      const rss = rssMiB(service.pid);
      if (rss !== undefined) samples.push({ t: Math.round((Date.now() - started) / 1000), rssMiB: round1(rss) });
    };
    sample();
    const timer = setInterval(sample, 1000);
    const result = await runLoad({ baseUrl: service.baseUrl, connections: CONNECTIONS, durationS: DURATION_S, ...mixedLoad(users) }).finally(() => clearInterval(timer));
    sample();

    const rss = samples.map((s) => s.rssMiB);
    // The resident set is a sawtooth (V8 lets the old generation grow, then a full collection
    // brings it down), so its mean says little. The floors do: after a warm-up (the first fifth),
    // the lowest value in the first half of the rest against the lowest in the second half. A
    // leak raises the floor; a warm heap does not.
    const warm = rss.slice(Math.ceil(rss.length / 5));
    const half = Math.floor(warm.length / 2);
    const [floorEarly, floorLate] = [Math.min(...warm.slice(0, half)), Math.min(...warm.slice(half))];
    const summary = {
      when: new Date().toISOString(),
      machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map(round1), node: process.version },
      settings: { durationS: DURATION_S, connections: CONNECTIONS, users: USERS, tasksPerUser: TASKS_PER_USER, mix: '80% reads / 20% writes', database: 'PostgreSQL (fresh)' },
      requests: result.requests,
      rps: result.rps,
      latencyMs: { p50: result.p50, p90: result.p90, p99: result.p99, max: result.max },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      statusCodes: result.statusCodes,
      rssMiB: { start: rss[0], peak: Math.max(...rss), end: rss.at(-1), mean: mean(warm), floorEarly, floorLate, floorGrowth: round1(floorLate - floorEarly) },
      rssSamples: samples,
      // Flat: the late floor within 10 % (at least 16 MiB) of the early one.
      memoryFlat: floorLate - floorEarly <= Math.max(16, floorEarly * 0.1),
      pass: false,
    };
    summary.pass = result.errors === 0 && result.timeouts === 0 && result.non2xx === 0 && summary.memoryFlat;
    fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
    fs.writeFileSync(OUTPUT, `${JSON.stringify(summary, null, 2)}\n`);
    const { rssSamples: _omitted, ...printed } = summary;
    process.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
    log(`written to ${path.relative(ROOT, OUTPUT)}`);
    if (!summary.pass) process.exitCode = 1;
  } finally {
    await service.stop();
    await admin((c) => c.query(`drop database if exists "${dbName}" with (force)`));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
