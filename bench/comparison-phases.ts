// Service against floor, alternately (A B A B) in the same minute, so a noisy machine slows
// both alike and the ratios hold; then fixed-rate latency and the row-level-security cost.
import type { BenchSettings } from './bench-settings.js';
import { inParallel, type BenchUser } from './bench-users.js';
import { fixedRateAgent, runFixedRate, runLoad, type LoadResult } from './load-runner.js';
import type { FixedRateResult, RlsResult, SideSummary, WorkloadComparison } from './results-types.js';
import { WORKLOADS, type Target, type Workload } from './workloads.js';

export interface PhaseContext {
  settings: BenchSettings;
  users: BenchUser[];
  service: Target;
  floor: Target;
  log: (line: string) => void;
  /** Fresh JWTs when the current ones are getting old. */
  keepTokensFresh: () => Promise<void>;
  /**
   * Back to the seeded tasks: removes what earlier runs created, so every run (and every later
   * phase) sees the same data; the list's count, for one, grows with the user's tasks. Unset
   * where the harness cannot reach the database beside the running service (PGlite).
   */
  resetTasks?: () => Promise<void>;
  /** The service and the floor use one database (PostgreSQL), which some workloads need. */
  sharedDatabase: boolean;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
/** The middle value (the mean of the two middle ones for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : mean([sorted[middle - 1]!, sorted[middle]!]);
}

// Medians of the passes: on a shared two-core machine one run in a few meets a stall (the other
// process, PostgreSQL's checkpointer, the kernel), and a mean would carry it into the ratio.
function summarize(runs: LoadResult[]): SideSummary {
  return {
    rps: round(median(runs.map((r) => r.rps)), 1),
    p50: round(median(runs.map((r) => r.p50))),
    p99: round(median(runs.map((r) => r.p99))),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    errors: runs.reduce((a, r) => a + r.errors + r.timeouts, 0),
  };
}

const describe = (r: LoadResult) => `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms${r.non2xx ? `, ${r.non2xx} non-2xx` : ''}${r.errors ? `, ${r.errors} errors` : ''}`;

/** Tops target.created up to `count` tasks through the target's own API (POST), 16 at a time. */
async function supplyCreated(ctx: PhaseContext, target: Target, count: number): Promise<void> {
  const missing = Math.max(0, Math.ceil(count) - target.created.length);
  if (missing === 0) return;
  const create = WORKLOADS.find((w) => w.name === 'create')!.start(ctx.users, target);
  await inParallel(Array.from({ length: missing }, (_, i) => i), 16, async () => {
    const spec = create.next();
    const response = await fetch(`${target.baseUrl}${spec.path}`, { method: spec.method, headers: spec.headers, body: spec.body });
    create.onBody!(response.status, await response.text());
  });
}

async function runOnce(ctx: PhaseContext, workload: Workload, target: Target, durationS: number, supply: number): Promise<LoadResult> {
  await ctx.resetTasks?.();
  await ctx.keepTokensFresh();
  if (workload.consumesCreated) await supplyCreated(ctx, target, supply);
  await workload.prepare?.(ctx.users, target, ctx.service);
  const generator = workload.start(ctx.users, target);
  return runLoad({ baseUrl: target.baseUrl, connections: ctx.settings.connections, durationS, next: generator.next, onBody: generator.onBody });
}

export async function compareWorkloads(ctx: PhaseContext): Promise<WorkloadComparison[]> {
  const selected = WORKLOADS.filter((w) => ctx.settings.workloads.length === 0 || ctx.settings.workloads.includes(w.name));
  const chosen = selected.filter((w) => ctx.sharedDatabase || !w.sharedDatabase);
  for (const skipped of selected.filter((w) => !chosen.includes(w))) ctx.log(`  ${skipped.name}: skipped (needs the service and the floor on one database)`);
  const comparisons: WorkloadComparison[] = [];
  // The fastest create or delete run so far on each target: a delete run needs about that many tasks a second.
  const fastestWrite = { service: 0, floor: 0 };
  for (const workload of chosen) {
    const runs: Record<'service' | 'floor', LoadResult[]> = { service: [], floor: [] };
    for (let pass = 1; pass <= ctx.settings.passes; pass++) {
      for (const target of [ctx.service, ctx.floor]) {
        const expected = Math.max(fastestWrite[target.name], 500) * 2;
        if (pass === 1 && ctx.settings.warmupS > 0) await runOnce(ctx, workload, target, ctx.settings.warmupS, expected * ctx.settings.warmupS);
        const durationS = Math.max(ctx.settings.durationS, workload.minDurationS ?? 0);
        const result = await runOnce(ctx, workload, target, durationS, expected * durationS + 100);
        runs[target.name].push(result);
        if (workload.name === 'create' || workload.name === 'delete') fastestWrite[target.name] = Math.max(fastestWrite[target.name], result.rps);
        ctx.log(`  ${workload.name.padEnd(13)} ${target.name.padEnd(7)} #${pass}: ${describe(result)}`);
      }
    }
    const serviceSummary = summarize(runs.service);
    const floorSummary = summarize(runs.floor);
    comparisons.push({
      workload: workload.name,
      targeted: workload.targeted,
      service: runs.service,
      floor: runs.floor,
      serviceSummary,
      floorSummary,
      rpsRatio: round(serviceSummary.rps / floorSummary.rps),
      p99Ratio: round(serviceSummary.p99 / floorSummary.p99),
    });
  }
  return comparisons;
}

/**
 * At a fixed share of the floor's maximum rate (half, the issue's target, and the other
 * BENCH_FIXED_RATE_FRACTIONS): what latency does a user see when the server is not saturated?
 */
export async function fixedRate(ctx: PhaseContext, comparisons: WorkloadComparison[]): Promise<FixedRateResult[]> {
  const results: FixedRateResult[] = [];
  for (const name of ['get', 'list']) {
    const comparison = comparisons.find((c) => c.workload === name);
    const workload = WORKLOADS.find((w) => w.name === name)!;
    if (!comparison) continue;
    for (const fraction of ctx.settings.fixedRateFractions) {
      const rate = Math.max(1, Math.round(comparison.floorSummary.rps * fraction));
      const at = async (target: Target) => {
        await ctx.resetTasks?.();
        await ctx.keepTokensFresh();
        const generator = workload.start(ctx.users, target);
        const agent = fixedRateAgent(ctx.settings.connections);
        const spec = { baseUrl: target.baseUrl, connections: ctx.settings.connections, overallRate: rate, next: generator.next, agent };
        // A discarded second first, on the same sockets: the connections are open and the
        // generator's code is warm before anything is timed.
        try {
          await runFixedRate({ ...spec, durationS: 1 });
          return await runFixedRate({ ...spec, durationS: ctx.settings.durationS });
        } finally {
          agent.destroy();
        }
      };
      const service = await at(ctx.service);
      const floor = await at(ctx.floor);
      ctx.log(`  ${name} at ${rate} req/s (${fraction} of the floor's maximum): service ${describe(service)}; floor ${describe(floor)}`);
      results.push({ workload: name, fraction, rate, service, floor });
    }
  }
  return results;
}

/** The same workloads on the service with the policy on and off (on, off, on, off). */
export async function rowLevelSecurityCost(ctx: PhaseContext, setRls: (on: boolean) => Promise<void>): Promise<RlsResult[]> {
  const results: RlsResult[] = [];
  for (const name of ['get', 'list']) {
    const workload = WORKLOADS.find((w) => w.name === name)!;
    const runs: { on: LoadResult[]; off: LoadResult[] } = { on: [], off: [] };
    try {
      for (const pass of [1, 2]) {
        for (const on of [true, false]) {
          await setRls(on);
          const result = await runOnce(ctx, workload, ctx.service, ctx.settings.durationS, 0);
          runs[on ? 'on' : 'off'].push(result);
          ctx.log(`  ${name} RLS ${on ? 'on ' : 'off'} #${pass}: ${describe(result)}`);
        }
      }
    } finally {
      await setRls(true);
    }
    const rpsOn = round(mean(runs.on.map((r) => r.rps)), 1);
    const rpsOff = round(mean(runs.off.map((r) => r.rps)), 1);
    results.push({ workload: name, ...runs, rpsOn, rpsOff, overhead: round(1 - rpsOn / rpsOff) });
  }
  return results;
}
