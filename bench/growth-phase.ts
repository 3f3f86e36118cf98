// Growth: list and search latency for the same users (their own task count fixed) while other
// users' tasks fill the table: 10k, 100k, 1M, 10M rows. How the table grows is the suite's
// business (PostgreSQL: bulk SQL beside the running service; PGlite: with the service stopped).
import type { PhaseContext } from './comparison-phases.js';
import { probeLatency, runLoad } from './load-runner.js';
import type { GrowthPoint } from './results-types.js';
import { listWorkload, searchWorkload, type Target } from './workloads.js';

export const GROWTH_SIZES = [10_000, 100_000, 1_000_000, 10_000_000];

export interface Grower {
  /** Grows the table to at least `rows` tasks and settles it; returns the row count and the database's plans. */
  growTo(rows: number): Promise<{ rows: number; plans: GrowthPoint['plans'] }>;
  /** The service to measure after growing (PGlite restarts it). */
  service(): Target;
}

export async function measureGrowth(ctx: PhaseContext, grower: Grower, maxRows: number, userTasks: number): Promise<GrowthPoint[]> {
  const points: GrowthPoint[] = [];
  const sizes = GROWTH_SIZES.filter((size) => size <= maxRows);
  if (!sizes.includes(maxRows) && maxRows > sizes.at(-1)!) sizes.push(maxRows);
  for (const size of sizes) {
    const started = Date.now();
    const { rows: tableRows, plans } = await grower.growTo(size);
    const seedSeconds = Math.round((Date.now() - started) / 100) / 10;
    const target = grower.service();
    await ctx.keepTokensFresh();
    const probe = (workload: typeof listWorkload) => probeLatency(target.baseUrl, ctx.settings.probeRequests, workload.start(ctx.users, target).next);
    const load = (workload: typeof listWorkload) =>
      runLoad({ baseUrl: target.baseUrl, connections: ctx.settings.connections, durationS: ctx.settings.durationS, next: workload.start(ctx.users, target).next });
    const point: GrowthPoint = {
      tableRows,
      userTasks,
      list: await probe(listWorkload),
      search: await probe(searchWorkload),
      listLoad: await load(listWorkload),
      searchLoad: await load(searchWorkload),
      seedSeconds,
      plans,
    };
    ctx.log(
      `  ${tableRows.toLocaleString('en').padStart(12)} rows: list p50 ${point.list.p50} ms p99 ${point.list.p99} ms, ${point.listLoad.rps} req/s; ` +
        `search p50 ${point.search.p50} ms p99 ${point.search.p99} ms, ${point.searchLoad.rps} req/s`,
    );
    if (plans) {
      ctx.log(`    database: list ${plans.list.executionMs} ms / ${plans.list.buffers} buffers (${plans.list.plan}); ` +
        `search ${plans.search.executionMs} ms / ${plans.search.buffers} buffers (${plans.search.plan})`);
    }
    points.push(point);
  }
  return points;
}
