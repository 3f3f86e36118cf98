// The embedded-database suite: the service on PGlite in a temporary DATA_DIR. PGlite belongs to
// one process, so the harness seeds with the service stopped, and the floor runs on a copy of
// the seeded data directory with the same driver. Growth stops at BENCH_PGLITE_MAX_ROWS (100k):
// the embedded database is for one machine's worth of users, and 10M rows is PostgreSQL's test.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runsPhase, type BenchSettings } from './bench-settings.js';
import { loadTaskIds, signUpUsers } from './bench-users.js';
import { compareWorkloads, fixedRate, type PhaseContext } from './comparison-phases.js';
import { summarizeCpuProfile } from './cpu-profile-summary.js';
import { measureGrowth } from './growth-phase.js';
import { growthPlans } from './query-plans.js';
import { memorySoak } from './memory-soak.js';
import type { SuiteResults } from './results-types.js';
import { addBackgroundTasks, countTasks, removeCreatedTasks, seedUserTasks, settle } from './seed-tasks-sql.js';
import { freePort, startFloor, startService, TMP, type RunningServer } from './server-processes.js';
import { tokenKeeper } from './suite-postgres.js';
import { openPglite, type SuperuserSql } from './superuser-sql.js';
import type { Target } from './workloads.js';

export async function runPgliteSuite(settings: BenchSettings, runId: string, log: (line: string) => void): Promise<SuiteResults> {
  const dataDir = path.join(TMP, `pglite-${runId}`);
  const floorDir = path.join(TMP, `pglite-floor-${runId}`);
  const profileDir = settings.cpuProfile ? path.join(TMP, `profile-pglite-${runId}`) : undefined;
  log(`PGlite suite in ${path.relative(process.cwd(), dataDir)}`);
  const port = await freePort();
  const secret = crypto.randomBytes(32).toString('base64url');
  const start = () => startService({ port, secret, dataDir, poolSize: settings.poolSize, cpuProfileDir: profileDir && path.join(profileDir, 'service') });
  /** Runs fn on the service's database while the service is stopped, then starts it again. */
  const withServiceStopped = async <T>(fn: (sql: SuperuserSql) => Promise<T>, afterClose?: () => void): Promise<T> => {
    await service?.stop();
    const sql = await openPglite(dataDir);
    try {
      return await fn(sql);
    } finally {
      await sql.close();
      afterClose?.();
      service = await start();
    }
  };
  let service: RunningServer | undefined;
  let floor: RunningServer | undefined;
  const results: SuiteResults = {
    kind: 'pglite', database: `PGlite in a temporary DATA_DIR (${path.relative(process.cwd(), dataDir)})`, users: settings.users,
    tasksPerUser: settings.tasksPerUser, workloads: [], fixedRate: [], rls: [], memory: undefined, growth: [], profile: [], floorProfile: [],
    notes: [
      `Growth on PGlite stops at ${settings.pgliteMaxRows.toLocaleString('en')} rows; the 10M-row curve is measured on PostgreSQL only.`,
      'Row-level security cost is measured on PostgreSQL only (the switch needs a superuser connection beside the running service).',
      'PGlite runs the database inside the service process: its RSS includes the database.',
      'The changes workload runs on PostgreSQL only: its poll tokens come from the service\'s database, and the floor here runs on a copy of it. The fan-out phase is PostgreSQL\'s too (LISTEN or polling behind PgBouncer).',
      'Tasks the write workloads create are not removed between runs on PGlite (only one process may open its database), so later runs see more tasks per user than on PostgreSQL.',
    ],
  };
  try {
    service = await start();
    const prefix = `bench-${runId}-`;
    log(`  signing up ${settings.users} users`);
    const users = await signUpUsers(service.baseUrl, prefix, settings.users);
    await withServiceStopped(async (sql) => {
      await seedUserTasks(sql, prefix, settings.tasksPerUser, 1);
      await settle(sql);
      await loadTaskIds(sql, users);
    }, () => {
      fs.rmSync(floorDir, { recursive: true, force: true });
      fs.cpSync(path.join(dataDir, 'pglite'), floorDir, { recursive: true });
    });
    log(`  seeded ${settings.users} x ${settings.tasksPerUser} tasks; floor on a copy of the data directory`);
    const serviceTarget: Target = { name: 'service', baseUrl: service!.baseUrl, created: [] };
    floor = await startFloor({
      port: await freePort(), serviceUrl: serviceTarget.baseUrl, pgliteDir: floorDir, poolSize: settings.poolSize,
      cpuProfileDir: profileDir && path.join(profileDir, 'floor'), authSecret: secret,
    });
    const floorTarget: Target = { name: 'floor', baseUrl: floor.baseUrl, created: [] };
    const ctx: PhaseContext = {
      settings, users, service: serviceTarget, floor: floorTarget, log, sharedDatabase: false,
      keepTokensFresh: tokenKeeper(() => serviceTarget.baseUrl, users),
    };
    if (runsPhase(settings, 'workloads')) {
      log('  workloads, service and floor alternately (A B A B):');
      results.workloads = await compareWorkloads(ctx);
    }
    if (runsPhase(settings, 'fixed-rate')) {
      log(`  fixed rate (${settings.fixedRateFractions.join(', ')} of the floor's maximum):`);
      results.fixedRate = await fixedRate(ctx, results.workloads);
    }
    if (runsPhase(settings, 'memory')) {
      log(`  memory under the mixed load for ${settings.soakS} s:`);
      results.memory = await memorySoak(ctx, service!.pid);
    }
    await floor.stop();
    floor = undefined;
    let cleaned = false;
    const growTo = (rows: number) =>
      withServiceStopped(async (sql) => {
        if (!cleaned) log(`  removed ${await removeCreatedTasks(sql)} tasks the load created`);
        cleaned = true;
        const have = await countTasks(sql);
        if (rows > have) await addBackgroundTasks(sql, runId, rows - have, settings.backgroundTasksPerUser, log);
        await settle(sql);
        return { rows: await countTasks(sql), plans: await growthPlans(sql, users) };
      });
    if (runsPhase(settings, 'growth')) {
      log('  growth:');
      results.growth = await measureGrowth(ctx, { growTo, service: () => serviceTarget }, settings.pgliteMaxRows, settings.tasksPerUser);
    }
  } finally {
    await floor?.stop();
    await service?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(floorDir, { recursive: true, force: true });
  }
  if (profileDir) {
    results.profile = summarizeCpuProfile(path.join(profileDir, 'service'));
    results.floorProfile = summarizeCpuProfile(path.join(profileDir, 'floor'));
  }
  return results;
}
