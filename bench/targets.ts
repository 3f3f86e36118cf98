// The issue's targets, checked against one suite's results (PostgreSQL's, as the issue states
// them: "on this 2-core machine with PostgreSQL local").
import type { SuiteResults } from './results-types.js';

export interface TargetCheck {
  target: string;
  measured: string;
  /** undefined: not measured in this run. */
  met: boolean | undefined;
}

const THROUGHPUT_WORKLOADS = ['get', 'list', 'create', 'update', 'mixed'];
const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function checkTargets(suite: SuiteResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const targeted = suite.workloads.filter((w) => THROUGHPUT_WORKLOADS.includes(w.workload));
  const missing = (what: string): TargetCheck => ({ target: what, measured: 'not measured in this run', met: undefined });

  const throughput = 'Throughput service/floor >= 0.7 (get, list, create, update, mixed)';
  checks.push(
    targeted.length === 0
      ? missing(throughput)
      : {
          target: throughput,
          measured: targeted.map((w) => `${w.workload} ${fmt(w.rpsRatio, 3)}`).join(', '),
          met: targeted.length === THROUGHPUT_WORKLOADS.length ? targeted.every((w) => w.rpsRatio >= 0.7) : undefined,
        },
  );
  const p99 = 'p99 service/floor <= 1.5 at 32 connections (same workloads)';
  checks.push(
    targeted.length === 0
      ? missing(p99)
      : {
          target: p99,
          measured: targeted.map((w) => `${w.workload} ${fmt(w.p99Ratio, 3)}`).join(', '),
          met: targeted.length === THROUGHPUT_WORKLOADS.length ? targeted.every((w) => w.p99Ratio <= 1.5) : undefined,
        },
  );
  const fixed = 'p99 <= 10 ms at half the floor\'s maximum rate (get, list)';
  const atHalf = suite.fixedRate.filter((f) => (f.fraction ?? 0.5) === 0.5);
  checks.push(
    atHalf.length === 0
      ? missing(fixed)
      : {
          target: fixed,
          measured: atHalf.map((f) => `${f.workload} ${fmt(f.service.p99)} ms at ${f.rate} req/s`).join(', '),
          met: atHalf.every((f) => f.service.p99 <= 10 && f.service.non2xx === 0),
        },
  );
  const growth = 'List and search latency at 10M tasks within 1.5x of 10k (p50, one connection)';
  const first = suite.growth[0];
  const last = suite.growth.at(-1);
  if (!first || !last || last === first) {
    checks.push(missing(growth));
  } else {
    const list = last.list.p50 / first.list.p50;
    const search = last.search.p50 / first.search.p50;
    const reached = last.tableRows >= 10_000_000;
    const database = first.plans && last.plans
      ? `; database time list ${fmt(last.plans.list.executionMs / first.plans.list.executionMs)}x, search ${fmt(last.plans.search.executionMs / first.plans.search.executionMs)}x, ` +
        `buffers ${first.plans.list.buffers} → ${last.plans.list.buffers} (list), ${first.plans.search.buffers} → ${last.plans.search.buffers} (search)`
      : '';
    checks.push({
      target: growth,
      measured: `at ${last.tableRows.toLocaleString('en')} rows vs ${first.tableRows.toLocaleString('en')}: list ${fmt(list)}x, search ${fmt(search)}x` +
        database + (reached ? '' : ' (10M not reached in this run: BENCH_MAX_ROWS)'),
      met: reached ? list <= 1.5 && search <= 1.5 : undefined,
    });
  }
  const rls = 'Row-level security overhead <= 10% (get, list)';
  checks.push(
    suite.rls.length === 0
      ? missing(rls)
      : {
          target: rls,
          measured: suite.rls.map((r) => `${r.workload} ${fmt(r.overhead * 100, 1)}%`).join(', '),
          met: suite.rls.every((r) => r.overhead <= 0.1),
        },
  );
  const memory = 'RSS under the mixed load <= 200 MB and flat over the minute';
  const m = suite.memory;
  checks.push(
    !m
      ? missing(memory)
      : {
          target: memory,
          measured: `peak ${fmt(m.peakMiB, 0)} MiB; mean ${fmt(m.earlyMiB, 0)} MiB early, ${fmt(m.lateMiB, 0)} MiB late, over ${m.soakS} s`,
          // 200 MB read as 10^6 bytes (190.7 MiB), the stricter reading; "flat": late within 10% of early.
          // A soak shorter than the minute the target names is reported but not judged.
          met: m.soakS < 60 ? undefined : m.peakMiB * 1.048576 <= 200 && m.lateMiB <= m.earlyMiB * 1.1,
        },
  );
  checks.push(...fanoutTargets(suite));
  return checks;
}

/** The fan-out's: p99 from commit to event per setup (every event delivered), and RSS with the streams open. */
function fanoutTargets(suite: SuiteResults): TargetCheck[] {
  const runs = suite.fanout ?? [];
  const checks: TargetCheck[] = [];
  for (const [mode, what] of [['push', 'direct listener'], ['poll', 'polling (PgBouncer)']] as const) {
    const target = `Fan-out delivery p99 <= ${mode === 'push' ? '250 ms' : '1.5 s'}, ${what}: 1,000 streams, 200 writes/s, every event delivered`;
    const run = runs.find((r) => r.mode === mode);
    const full = run !== undefined && run.streamsOpened >= 1000 && run.rate >= 200;
    checks.push(
      !run
        ? { target, measured: 'not measured in this run', met: undefined }
        : {
            target,
            measured: `p99 ${fmt(run.delivery.p99, 0)} ms (p50 ${fmt(run.delivery.p50, 0)}, max ${fmt(run.delivery.max, 0)}); ${run.received}/${run.expected} events; ` +
              `${run.streamsOpened} streams, ${run.writes.achievedRate} writes/s${run.modeLogged === mode ? '' : `; the service logged ${run.modeLogged ?? 'no mode'}`}`,
            // Fewer streams or writes than the issue names: reported, not judged.
            met: full ? run.delivery.p99 <= run.targets.p99Ms && run.received === run.expected && run.modeLogged === mode : undefined,
          },
    );
  }
  const rss = 'Service RSS with 1,000 streams open <= 250 MB';
  const full = runs.filter((r) => r.streamsOpened >= 1000);
  const highest = (r: (typeof runs)[number]) => Math.max(r.rssMiB.streamsOpen, r.rssMiB.peakWriting, r.rssMiB.afterWrites);
  checks.push(
    runs.length === 0
      ? { target: rss, measured: 'not measured in this run', met: undefined }
      : {
          target: rss,
          measured: runs.map((r) => `${r.mode}: ${fmt(r.rssMiB.streamsOpen, 0)} MiB open, peak ${fmt(r.rssMiB.peakWriting, 0)}, after ${fmt(r.rssMiB.afterWrites, 0)}`).join('; '),
          // 250 MB read as 10^6 bytes (238.4 MiB), the stricter reading, as for the memory target.
          met: full.length === 0 ? undefined : full.every((r) => highest(r) * 1.048576 <= 250),
        },
  );
  return checks;
}

export const verdict = (met: boolean | undefined) => (met === undefined ? 'not judged' : met ? 'met' : '**not met**');
