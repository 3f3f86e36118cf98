// Memory: the service's resident set size, read from /proc every second while the mixed
// workload runs for BENCH_SOAK_S seconds. A leak shows as a late mean above the early one.
import type { PhaseContext } from './comparison-phases.js';
import { runLoad } from './load-runner.js';
import type { MemoryResult } from './results-types.js';
import { rssMiB } from './server-processes.js';
import { mixedWorkload } from './workloads.js';

const round1 = (value: number) => Math.round(value * 10) / 10;

function meanOf(samples: Array<{ rssMiB: number }>): number {
  return round1(samples.reduce((a, s) => a + s.rssMiB, 0) / Math.max(1, samples.length));
}

export async function memorySoak(ctx: PhaseContext, servicePid: number): Promise<MemoryResult> {
  await ctx.resetTasks?.();
  await ctx.keepTokensFresh();
  const idleMiB = round1(rssMiB(servicePid) ?? NaN);
  const samples: Array<{ t: number; rssMiB: number }> = [];
  const started = Date.now();
  const timer = setInterval(() => {
    const rss = rssMiB(servicePid);
    if (rss !== undefined) samples.push({ t: Math.round((Date.now() - started) / 1000), rssMiB: round1(rss) });
  }, 1000);
  const generator = mixedWorkload.start(ctx.users, ctx.service);
  // JWTs outlive any soak the harness allows (15 minutes), so one generator serves the whole run.
  const load = await runLoad({
    baseUrl: ctx.service.baseUrl,
    connections: ctx.settings.connections,
    durationS: ctx.settings.soakS,
    next: generator.next,
    onBody: generator.onBody,
  }).finally(() => clearInterval(timer));
  const tenth = Math.max(3, Math.floor(samples.length / 10));
  const result: MemoryResult = {
    soakS: ctx.settings.soakS,
    idleMiB,
    peakMiB: Math.max(...samples.map((s) => s.rssMiB)),
    earlyMiB: meanOf(samples.slice(0, tenth)),
    lateMiB: meanOf(samples.slice(-tenth)),
    endMiB: samples.at(-1)?.rssMiB ?? NaN,
    samples,
    load,
  };
  ctx.log(`  RSS idle ${idleMiB} MiB, peak ${result.peakMiB} MiB, early ${result.earlyMiB} → late ${result.lateMiB} MiB over ${ctx.settings.soakS} s (${load.rps.toFixed(0)} req/s)`);
  return result;
}
