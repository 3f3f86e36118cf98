// The live-update fan-out (PostgreSQL): 1,000 event streams over 100 users (BENCH_FANOUT_*) held
// open on one service process while a writer creates tasks at 200/s for 10 s; for each write and
// each of its user's streams, the time from the write's response (its commit is before it) to
// the event on the stream, matched by task id; and the process's RSS with the streams open.
// Twice, on a service process of its own each time: `push`, DATABASE_URL direct (the LISTEN
// connection hears the commits' notifications), and `poll`, DATABASE_URL through PgBouncer in
// transaction mode (LISTEN hears nothing there, so the streams poll the change log every
// EVENTS_POLL_MS). Everything on 127.0.0.1; the bench client shares the CPU with the service.
import os from 'node:os';
import type { BenchSettings, FanoutMode } from './bench-settings.js';
import { inParallel, refreshJwts, signUpUsers, type BenchUser } from './bench-users.js';
import { openEventStream, type OpenStream } from './event-streams.js';
import { writeAtRate, type Write } from './fanout-writer.js';
import { percentile } from './load-runner.js';
import { startBouncer, type Bouncer } from './pgbouncer.js';
import type { FanoutResult, LatencySummary } from './results-types.js';
import { freePort, rssMiB, startService, type RunningServer } from './server-processes.js';

export interface FanoutContext {
  settings: BenchSettings;
  databaseUrl: string;
  /** The suite's BETTER_AUTH_SECRET: the fan-out's processes open the same signing keys. */
  secret: string;
  /** The suite's service, where missing fan-out users sign up. */
  serviceUrl: string;
  /** The suite's users; more are signed up when the fan-out needs more. */
  users: BenchUser[];
  runId: string;
  log: (line: string) => void;
}

/** The service's default poll interval, set explicitly so the figure says what it was measured with. */
const POLL_MS = 1000;
/** How many streams are being opened at once. */
const OPENING = 25;
/** The targets of the issue: p99 from commit to event, and RSS with 1,000 streams open (MB = 10^6 bytes). */
export const FANOUT_TARGETS = { push: { p99Ms: 250 }, poll: { p99Ms: 1500 }, rssMB: 250 } as const;

const SETUPS: Record<FanoutMode, string> = {
  push: 'DATABASE_URL direct (the LISTEN connection hears the notifications)',
  poll: `DATABASE_URL through PgBouncer, transaction mode (no notifications: the streams poll the change log every ${POLL_MS} ms)`,
};

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function summary(values: number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => round(percentile(sorted, p), 2);
  return { samples: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: round(sorted.at(-1) ?? NaN, 2) };
}

/** Writes sent per second, over the span of their sending (the last responses' wait not counted). */
function sendRate(writes: Write[], elapsedS: number): number {
  const sent = writes.map((w) => w.sentAt);
  const spanMs = Math.max(...sent) - Math.min(...sent);
  return writes.length > 1 && spanMs > 0 ? ((writes.length - 1) * 1000) / spanMs : writes.length / elapsedS;
}

/** The mode the service's change signals last logged (they log the first outcome of their self-test). */
function loggedMode(service: RunningServer): 'push' | 'poll' | undefined {
  let mode: 'push' | 'poll' | undefined;
  for (const line of service.output().split('\n')) {
    if (line.includes('streams are pushed')) mode = 'push';
    else if (line.includes('streams poll the change log')) mode = 'poll';
  }
  return mode;
}

export async function measureFanout(ctx: FanoutContext): Promise<FanoutResult[]> {
  const { users: count } = ctx.settings.fanout;
  const extra = Math.max(0, count - ctx.users.length);
  if (extra > 0) ctx.log(`  signing up ${extra} more users for the fan-out`);
  const users = [...ctx.users, ...(await signUpUsers(ctx.serviceUrl, `fanout-${ctx.runId}-`, extra))].slice(0, count);
  const results: FanoutResult[] = [];
  for (const mode of ctx.settings.fanout.modes) results.push(await fanoutOnce(ctx, mode, users));
  return results;
}

async function fanoutOnce(ctx: FanoutContext, mode: FanoutMode, benchUsers: BenchUser[]): Promise<FanoutResult> {
  const { streamsPerUser, rate, durationS } = ctx.settings.fanout;
  const total = benchUsers.length * streamsPerUser;
  let bouncer: Bouncer | undefined;
  let service: RunningServer | undefined;
  const streams: OpenStream[] = [];
  try {
    // The service's pool and its LISTEN connection (which PgBouncer hands back after each statement).
    if (mode === 'poll') bouncer = await startBouncer(ctx.databaseUrl, ctx.settings.poolSize + 2);
    service = await startService({
      name: `service-fanout-${mode}`, port: await freePort(), secret: ctx.secret, databaseUrl: bouncer?.url ?? ctx.databaseUrl, poolSize: ctx.settings.poolSize,
      env: {
        // info: the change signals log which mode they run in (and requests are logged, as in production).
        LOG_LEVEL: 'info',
        EVENTS_MAX_STREAMS_PER_USER: String(Math.max(20, streamsPerUser)),
        EVENTS_MAX_STREAMS: String(Math.max(5000, total)),
        EVENTS_POLL_MS: String(POLL_MS),
      },
    });
    const baseUrl = service.baseUrl;
    const pid = service.pid;
    // The self-test answers within 2 s (src/sync/change-signals.ts).
    for (let waited = 0; loggedMode(service) === undefined && waited < 6000; waited += 200) await sleep(200);
    // JWTs of this process: their issuer is its own BETTER_AUTH_URL. Copies: the suite's users keep theirs.
    const users = benchUsers.map((user) => ({ ...user }));
    await refreshJwts(baseUrl, users);
    const idle = rssMiB(pid) ?? NaN;

    // Per stream: task id -> when its event first arrived, and how often it came.
    const arrivals = Array.from({ length: total }, () => new Map<string, { at: number; count: number }>());
    const opened = new Set<number>();
    let failed = 0;
    let ended = 0;
    let firstFailure = '';
    const openStarted = performance.now();
    await inParallel(Array.from({ length: total }, (_, i) => i), OPENING, async (i) => {
      const seen = arrivals[i]!;
      try {
        streams.push(await openEventStream({
          baseUrl, headers: { authorization: `Bearer ${users[Math.floor(i / streamsPerUser)]!.jwt}` },
          onChange: (change, at) => {
            const entry = seen.get(change.id);
            if (entry) entry.count += 1;
            else seen.set(change.id, { at, count: 1 });
          },
          onEnd: () => (ended += 1),
        }));
        opened.add(i);
      } catch (error) {
        failed += 1;
        firstFailure ||= (error as Error).message;
      }
    });
    const openSeconds = (performance.now() - openStarted) / 1000;
    ctx.log(`  fan-out ${mode}: ${streams.length}/${total} streams open in ${openSeconds.toFixed(1)} s${failed ? ` (${failed} failed: ${firstFailure})` : ''}; service logged ${loggedMode(service) ?? 'no mode'}`);
    await sleep(1000);
    const streamsOpen = rssMiB(pid) ?? NaN;

    // A discarded warm-up at the same rate first (BENCH_WARMUP_S), as the other phases do: the
    // writes' and the deliveries' code paths are compiled before anything is timed.
    const warmupIds = new Set<string>();
    if (ctx.settings.warmupS > 0) {
      const warmup = await writeAtRate({ baseUrl, users, rate, durationS: ctx.settings.warmupS });
      for (const w of warmup.writes) if (w.id) warmupIds.add(w.id);
      await sleep(POLL_MS + 500);
    }
    let peakWriting = streamsOpen;
    const { writes, elapsedS } = await writeAtRate({
      baseUrl, users, rate, durationS, onSecond: () => (peakWriting = Math.max(peakWriting, rssMiB(pid) ?? 0)),
    });
    const ok = writes.filter((w): w is Write & { id: string } => w.id !== undefined);
    // Each write's deliveries: one per open stream of its user (a stream that failed to open expects nothing).
    const streamsOf = (user: number) => Array.from({ length: streamsPerUser }, (_, k) => user * streamsPerUser + k).filter((i) => opened.has(i));
    const deliveries = () => ok.flatMap((w) => streamsOf(w.user).map((i) => ({ w, seen: arrivals[i]!.get(w.id) })));
    const expected = deliveries().length;
    // What is still on its way: a poll interval, and some, after the last write.
    const deadline = performance.now() + Math.max(5000, 3 * POLL_MS);
    while (deliveries().some((d) => !d.seen) && performance.now() < deadline) await sleep(100);
    const afterWrites = rssMiB(pid) ?? NaN;

    const delivered = deliveries().filter((d) => d.seen);
    const ids = new Set(ok.map((w) => w.id));
    const result: FanoutResult = {
      mode, setup: SETUPS[mode], modeLogged: loggedMode(service), pollMs: POLL_MS,
      users: users.length, streamsPerUser, streamsOpened: streams.length, streamsFailed: failed, streamsEnded: ended, openSeconds: round(openSeconds, 2),
      rate, durationS,
      writes: {
        sent: writes.length, ok: ok.length, failed: writes.length - ok.length, achievedRate: round(sendRate(writes, elapsedS)),
        latency: summary(ok.map((w) => w.respondedAt - w.sentAt)),
      },
      expected,
      received: delivered.length,
      duplicates: delivered.reduce((a, d) => a + d.seen!.count - 1, 0),
      otherEvents: arrivals.reduce((a, seen) => a + [...seen.keys()].filter((id) => !ids.has(id) && !warmupIds.has(id)).length, 0),
      delivery: summary(delivered.map((d) => d.seen!.at - d.w.respondedAt)),
      deliveryFromSend: summary(delivered.map((d) => d.seen!.at - d.w.sentAt)),
      rssMiB: { idle: round(idle), streamsOpen: round(streamsOpen), peakWriting: round(peakWriting), afterWrites: round(afterWrites) },
      targets: { p99Ms: FANOUT_TARGETS[mode].p99Ms, rssMB: FANOUT_TARGETS.rssMB },
    };
    const d = result.delivery;
    ctx.log(`  fan-out ${mode}: ${result.writes.sent} writes at ${result.writes.achievedRate}/s (${result.writes.failed} failed, p99 ${result.writes.latency.p99} ms); ` +
      `${result.received}/${result.expected} events; from the response p50 ${d.p50} ms, p99 ${d.p99} ms (target <= ${result.targets.p99Ms}), max ${d.max} ms; ` +
      `RSS ${result.rssMiB.idle} idle, ${result.rssMiB.streamsOpen} with the streams, peak ${result.rssMiB.peakWriting}, after ${result.rssMiB.afterWrites} MiB (target <= ${FANOUT_TARGETS.rssMB} MB)`);
    return result;
  } finally {
    for (const stream of streams) stream.close();
    await service?.stop();
    await bouncer?.stop();
  }
}

/** The note the report carries beside the figures. */
export function fanoutNote(): string {
  return `Fan-out: the bench client (${os.cpus().length} cores shared: every stream's parser and the writer in one Node process), ` +
    'the service, PostgreSQL and, for polling, PgBouncer all run on this machine, on 127.0.0.1; the client\'s own event-loop delays are in the latencies. ' +
    'A fresh service process per setup, with LOG_LEVEL=info (its change signals log the mode they run in).';
}
