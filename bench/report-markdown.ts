// bench/RESULTS.md from one run's results: conditions first, then the targets, then every table.
import type { ProfileEntry, RunResults, SuiteResults } from './results-types.js';
import { checkTargets, verdict } from './targets.js';

const f = (n: number | undefined, digits = 2) => (n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));
const int = (n: number) => Math.round(n).toLocaleString('en');
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const suiteTitle = (suite: SuiteResults) => (suite.kind === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)');

function workloadsSection(suite: SuiteResults): string {
  if (suite.workloads.length === 0) return '';
  const rows = suite.workloads.map((w) => {
    const s = w.serviceSummary;
    const fl = w.floorSummary;
    return [
      `${w.workload}${w.targeted ? ' *' : ''}`, int(s.rps), int(fl.rps), `**${f(w.rpsRatio)}**`,
      f(s.p50), f(s.p99), f(fl.p50), f(fl.p99), `**${f(w.p99Ratio)}**`, `${s.non2xx} / ${fl.non2xx}`, `${s.errors} / ${fl.errors}`,
    ];
  });
  const silent = suite.workloads.filter((w) => w.service.some((r) => r.requests === 0) || w.floor.some((r) => r.requests === 0));
  const note = silent.length === 0 ? '' : `\n\nNo response inside at least one run of: ${silent.map((w) => w.workload).join(', ')}. ` +
    'A sign-in hashes the password with scrypt on 4 libuv threads, so at 32 connections each takes seconds and a 5 s run may see none; the harness now gives sign-in runs at least 20 s (workloads.ts, minDurationS).';
  return `### Service vs floor, ${suiteTitle(suite)}\n\nEach figure is the median of ${suite.workloads[0]?.service.length ?? 0} runs, alternated with the floor's (service, floor, service, floor, ...). ` +
    `Latencies in ms. * = in the issue's throughput and p99 targets.\n\n` +
    table(['workload', 'service req/s', 'floor req/s', 'req/s ratio', 'service p50', 'service p99', 'floor p50', 'floor p99', 'p99 ratio', 'non-2xx s / f', 'errors s / f'], rows) + note;
}

function fixedRateSection(suite: SuiteResults): string {
  if (suite.fixedRate.length === 0) return '';
  const rows = suite.fixedRate.map((r) => [
    r.workload, f(r.fraction ?? 0.5, 2), int(r.rate), int(r.service.rps), f(r.service.p50), f(r.service.p90), f(r.service.p99),
    f(r.floor.p50), f(r.floor.p90), f(r.floor.p99), `${r.service.non2xx} / ${r.floor.non2xx}`,
  ]);
  return `### Fixed rate (shares of the floor's maximum), ${suiteTitle(suite)}\n\n` +
    'Open loop, evenly paced (bench/load-runner.ts, runFixedRate): request i is due at start + i / rate on up to ' +
    'as many kept-alive connections as the saturated runs use, and latency counts from when it was due. ' +
    'The issue\'s target is at 0.5 of the floor\'s saturated req/s. Latencies in ms.\n\n' +
    table(['workload', 'share', 'rate', 'service req/s', 'service p50', 'service p90', 'service p99', 'floor p50', 'floor p90', 'floor p99', 'non-2xx s / f'], rows);
}

function rlsSection(suite: SuiteResults): string {
  if (suite.rls.length === 0) return '';
  const rows = suite.rls.map((r) => [
    r.workload, int(r.rpsOn), int(r.rpsOff), `**${f(r.overhead * 100, 1)}%**`,
    f(r.on.reduce((a, x) => a + x.p99, 0) / r.on.length), f(r.off.reduce((a, x) => a + x.p99, 0) / r.off.length),
  ]);
  return `### Row-level security cost, ${suiteTitle(suite)}\n\nThe service with the policy on and off (switched in SQL by the harness as superuser: ` +
    '`ALTER TABLE tasks NO FORCE / DISABLE ROW LEVEL SECURITY`, then ENABLE + FORCE again; on, off, on, off). ' +
    'Overhead = 1 - req/s(on) / req/s(off); negative means the difference is inside the noise.\n\n' +
    table(['workload', 'req/s RLS on', 'req/s RLS off', 'overhead', 'p99 on', 'p99 off'], rows);
}

function memorySection(suite: SuiteResults): string {
  const m = suite.memory;
  if (!m) return '';
  const every = Math.max(1, Math.ceil(m.samples.length / 12));
  const trace = m.samples.filter((_, i) => i % every === 0 || i === m.samples.length - 1).map((s) => `${s.t}s ${f(s.rssMiB, 0)}`).join(' · ');
  return `### Memory, ${suiteTitle(suite)}\n\nService RSS (VmRSS, sampled every second) under the mixed workload for ${m.soakS} s at ${int(m.load.rps)} req/s.\n\n` +
    table(['idle before', 'peak', `mean, first tenth`, 'mean, last tenth', 'at the end'], [[m.idleMiB, m.peakMiB, m.earlyMiB, m.lateMiB, m.endMiB].map((v) => `${f(v, 1)} MiB`)]) +
    `\n\nTrace (MiB): ${trace}`;
}

function growthSection(suite: SuiteResults): string {
  if (suite.growth.length === 0) return '';
  const base = suite.growth[0]!;
  const withPlans = suite.growth.every((g) => g.plans);
  const rows = suite.growth.map((g) => [
    int(g.tableRows), f(g.list.p50), f(g.list.p99), int(g.listLoad.rps), f(g.search.p50), f(g.search.p99), int(g.searchLoad.rps),
    `${f(g.list.p50 / base.list.p50)}x / ${f(g.search.p50 / base.search.p50)}x`,
    ...(withPlans ? [`${f(g.plans!.list.executionMs, 3)} / ${g.plans!.list.buffers}`, `${f(g.plans!.search.executionMs, 3)} / ${g.plans!.search.buffers}`] : []),
    `${f(g.seedSeconds, 1)} s`,
  ]);
  const head = ['tasks in table', 'list p50', 'list p99', 'list req/s', 'search p50', 'search p99', 'search req/s', 'p50 vs first (list / search)',
    ...(withPlans ? ['database list: ms / buffers', 'database search: ms / buffers'] : []), 'time to grow'];
  const last = suite.growth.at(-1)!;
  const plans = withPlans
    ? `\n\nDatabase columns: EXPLAIN (ANALYZE, BUFFERS) of the same list + count statements as task_api (RLS on), median of 10 users, ` +
      `execution time and shared buffers touched. Plans at ${int(last.tableRows)} rows: list ${last.plans!.list.plan}; search ${last.plans!.search.plan}.`
    : '';
  return `### Growth, ${suiteTitle(suite)}\n\nThe bench users keep ${suite.tasksPerUser} tasks each; other users' tasks fill the table. ` +
    'p50 and p99: sequential requests on one connection, in ms; req/s: the run\'s full connection count.\n\n' +
    table(head, rows) + plans;
}

function fanoutSection(suite: SuiteResults): string {
  const runs = suite.fanout ?? [];
  if (runs.length === 0) return '';
  const first = runs[0]!;
  const latency = (l: { p50: number; p99: number; max: number }) => [f(l.p50, 1), f(l.p99, 1), f(l.max, 1)];
  const rows = runs.map((r) => [
    `${r.mode}${r.modeLogged === r.mode ? '' : ` (logged ${r.modeLogged ?? 'nothing'})`}`, `${r.streamsOpened}${r.streamsFailed ? ` (${r.streamsFailed} failed)` : ''}`,
    `${f(r.writes.achievedRate, 0)} (${r.writes.failed} failed)`, f(r.writes.latency.p99, 1),
    `${int(r.received)} / ${int(r.expected)}`, ...latency(r.delivery), `≤ ${int(r.targets.p99Ms)}`, ...latency(r.deliveryFromSend).slice(0, 2),
    f(r.rssMiB.idle, 0), f(r.rssMiB.streamsOpen, 0), f(r.rssMiB.peakWriting, 0), f(r.rssMiB.afterWrites, 0), `≤ ${r.targets.rssMB} MB`,
  ]);
  return `### Live-update fan-out, ${suiteTitle(suite)}\n\n` +
    `${first.users} users × ${first.streamsPerUser} event streams (GET /api/me/events, raw node:http), then task creates spread over the users at ${first.rate}/s ` +
    `for ${first.durationS} s (after a discarded warm-up). A delivery is a write's event on one of its user's streams, matched by task id; latency from the write's ` +
    'HTTP response (its commit is before it; negative: the event came first) and, for comparison, from when it was sent. ' +
    `push: ${runs.find((r) => r.mode === 'push')?.setup ?? 'DATABASE_URL direct'}; poll: ${runs.find((r) => r.mode === 'poll')?.setup ?? 'through PgBouncer'}. ` +
    'RSS: the service process\'s VmRSS before the streams, with them open, at its peak while writing, and after. Latencies in ms, RSS in MiB. ' +
    'The client shares the machine\'s cores with the service and PostgreSQL (see the note below).\n\n' +
    table(['setup', 'streams', 'writes/s', 'write p99', 'events received / expected', 'delivery p50', 'delivery p99', 'delivery max', 'p99 target',
      'from send p50', 'from send p99', 'RSS idle', 'RSS streams open', 'RSS peak writing', 'RSS after', 'RSS target'], rows);
}

function profileSection(suite: SuiteResults): string {
  if (suite.profile.length === 0) return '';
  const functions = suite.profile.filter((p) => p.location !== 'package');
  const packagesOf = (entries: ProfileEntry[]) => new Map(entries.filter((p) => p.location === 'package').map((p) => [p.functionName, p.selfPercent]));
  const service = packagesOf(suite.profile);
  const floor = packagesOf(suite.floorProfile);
  const names = [...new Set([...service.keys(), ...floor.keys()])].sort((a, b) => (service.get(b) ?? 0) - (service.get(a) ?? 0));
  const percent = (n: number | undefined) => (n === undefined ? '' : `${f(n, 1)}%`);
  return `### CPU profile, ${suiteTitle(suite)}\n\nnode --cpu-prof over the whole suite (start-up and seeding included); self time as a share of busy samples. ` +
    'Only the top 15 packages of each process are listed.\n\n' +
    table(['package', 'service', 'floor'], names.map((name) => [name, percent(service.get(name)), percent(floor.get(name))])) + '\n\n' +
    'The service\'s top functions:\n\n' +
    table(['self', 'function', 'where'], functions.map((p) => [percent(p.selfPercent), `\`${p.functionName}\``, p.location ? `\`${p.location}\`` : '']));
}

export function resultsMarkdown(run: RunResults): string {
  const m = run.machine;
  const postgres = run.suites.find((s) => s.kind === 'postgres');
  const parts: string[] = [];
  parts.push('# Benchmark results\n');
  parts.push(`Written by \`npm run bench\` (bench/run.ts) on ${run.startedAt} (took ${Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 60000)} min). ` +
    `${run.durationS} s per measured run, ${run.connections} connections, load from the same machine on 127.0.0.1. ` +
    'The floor (bench/floor-server.ts) is bare node:http with the same driver, SQL, transaction settings and JWT verification. ' +
    'Raw figures: bench/results/. Chart: [growth.svg](growth.svg).\n');
  parts.push('## Machine\n');
  parts.push(table(['', ''], [
    ['CPU', `${m.cpus} × ${m.cpuModel}`], ['memory', `${m.memoryGiB} GiB`], ['OS', m.os], ['Node', m.node], ['PostgreSQL', m.postgres],
    ['load average (1, 5, 15 min) at start / end', `${m.loadAverageAtStart.join(', ')} / ${m.loadAverageAtEnd.join(', ')}`],
    ['packages', Object.entries(m.packages).map(([k, v]) => `${k} ${v}`).join(', ')],
    ['settings', Object.entries(run.settings).map(([k, v]) => `${k}=${String(v)}`).join(', ')],
  ]));
  if (m.loadAverageAtStart[0]! > m.cpus) {
    parts.push(`\n> The machine was busy with other work when this ran (load average ${m.loadAverageAtStart[0]} on ${m.cpus} cores): absolute figures are low and noisy; ratios measured side by side hold better.`);
  }
  if (postgres) {
    parts.push('\n## Targets (PostgreSQL: issue 6, and the fan-out\'s)\n');
    parts.push(table(['target', 'measured', 'verdict'], checkTargets(postgres).map((c) => [c.target, c.measured, verdict(c.met)])));
  }
  for (const suite of run.suites) {
    parts.push(`\n## ${suiteTitle(suite)}\n\nDatabase: ${suite.database}. ${suite.users} users × ${suite.tasksPerUser} tasks seeded.\n`);
    for (const section of [workloadsSection, fixedRateSection, rlsSection, memorySection, fanoutSection, growthSection, profileSection]) {
      const text = section(suite);
      if (text) parts.push(`${text}\n`);
    }
    if (suite.notes.length > 0) parts.push(suite.notes.map((n) => `- ${n}`).join('\n') + '\n');
  }
  return `${parts.join('\n')}\n`;
}

/** What bench/soak.ts writes to results/soak.json (the fields the report shows). */
export interface SoakSummary {
  when: string;
  machine: { cpus: number; loadAverage: number[] };
  settings: { durationS: number; connections: number; users: number; tasksPerUser: number; mix: string };
  requests: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  rssMiB: { start: number; peak: number; end: number; floorEarly: number; floorLate: number };
  memoryFlat: boolean;
  pass: boolean;
}

/** The soak (issue 7) from results/soak.json: a separate command, reported beside the bench. */
export function soakMarkdown(soak: SoakSummary): string {
  const m = soak.rssMiB;
  return `## Soak (issue 7), PostgreSQL\n\n` +
    `From \`npx tsx bench/soak.ts\` on ${soak.when} (raw: [results/soak.json](results/soak.json)): ${soak.settings.durationS} s of mixed load ` +
    `(${soak.settings.mix}), ${soak.settings.connections} connections, ${soak.settings.users} users × ${soak.settings.tasksPerUser} tasks, a fresh database, ` +
    `load average ${soak.machine.loadAverage[0]} on ${soak.machine.cpus} cores at the end. ${soak.pass ? 'Passed' : 'Failed'}: ` +
    `${soak.errors + soak.timeouts + soak.non2xx === 0 ? 'no errors, timeouts or non-2xx' : 'some requests failed'}, memory ${soak.memoryFlat ? 'flat' : 'grew'}.\n\n` +
    table(['requests', 'req/s', 'p50', 'p90', 'p99', 'max', 'errors', 'timeouts', 'non-2xx', 'RSS start', 'RSS peak', 'RSS end', 'post-GC low, early / late'], [[
      int(soak.requests), int(soak.rps), `${f(soak.latencyMs.p50)} ms`, `${f(soak.latencyMs.p90)} ms`, `${f(soak.latencyMs.p99)} ms`, `${f(soak.latencyMs.max)} ms`,
      `${soak.errors}`, `${soak.timeouts}`, `${soak.non2xx}`, `${f(m.start, 1)} MiB`, `${f(m.peak, 1)} MiB`, `${f(m.end, 1)} MiB`, `${f(m.floorEarly, 1)} / ${f(m.floorLate, 1)} MiB`,
    ]]) + '\n';
}
