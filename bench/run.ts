// npm run bench: builds the service, then for PostgreSQL and PGlite runs it as a real process
// beside the floor server and measures throughput, latency, fixed-rate latency, row-level
// security cost, memory, the live-update fan-out (PostgreSQL) and growth; writes
// bench/results/<run>.json, bench/RESULTS.md and bench/growth.svg. Knobs: bench/bench-settings.ts
// (BENCH_* environment variables).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadBenchSettings } from './bench-settings.js';
import { machineInfo } from './machine-info.js';
import type { RunResults } from './results-types.js';
import { buildService, ROOT } from './server-processes.js';
import { runPgliteSuite } from './suite-pglite.js';
import { runPostgresSuite } from './suite-postgres.js';
import { writeReportFiles } from './write-report.js';

const started = new Date();
const log = (line: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const settings = loadBenchSettings();
const runId = crypto.randomBytes(4).toString('hex');

log(`benchmark ${runId}: ${settings.suites.join(' + ')}, ${settings.durationS} s runs, ${settings.connections} connections, growth to ${settings.maxRows.toLocaleString('en')} rows`);
buildService(log);
const machine = await machineInfo(settings.databaseUrl ?? settings.adminUrl);
const run: RunResults = {
  startedAt: started.toISOString(),
  finishedAt: '',
  durationS: settings.durationS,
  connections: settings.connections,
  machine,
  settings: {
    BENCH_DURATION_S: settings.durationS, BENCH_PASSES: settings.passes, BENCH_FIXED_RATE_FRACTIONS: settings.fixedRateFractions.join(','), BENCH_WARMUP_S: settings.warmupS, BENCH_CONNECTIONS: settings.connections,
    BENCH_USERS: settings.users, BENCH_TASKS_PER_USER: settings.tasksPerUser, BENCH_MAX_ROWS: settings.maxRows,
    BENCH_PGLITE_MAX_ROWS: settings.pgliteMaxRows, BENCH_SOAK_S: settings.soakS, BENCH_POOL_SIZE: settings.poolSize,
    BENCH_CPU_PROF: settings.cpuProfile, BENCH_WORKLOADS: settings.workloads.join(',') || 'all', BENCH_PHASES: settings.phases.join(',') || 'all',
    BENCH_FANOUT_USERS: settings.fanout.users, BENCH_FANOUT_STREAMS_PER_USER: settings.fanout.streamsPerUser, BENCH_FANOUT_RATE: settings.fanout.rate,
    BENCH_FANOUT_S: settings.fanout.durationS, BENCH_FANOUT_MODES: settings.fanout.modes.join(','),
  },
  suites: [],
};

for (const kind of settings.suites) {
  try {
    run.suites.push(await (kind === 'postgres' ? runPostgresSuite : runPgliteSuite)(settings, runId, log));
  } catch (error) {
    log(`${kind} suite failed: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  }
}

run.finishedAt = new Date().toISOString();
machine.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
const resultsDir = path.join(ROOT, 'bench', 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const jsonFile = path.join(resultsDir, `run-${run.startedAt.replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(jsonFile, `${JSON.stringify(run, null, 1)}\n`);
const written = settings.jsonOnly ? [] : writeReportFiles(run);
log(`wrote ${[jsonFile, ...written].map((p) => path.relative(ROOT, p)).join(', ')}`);
