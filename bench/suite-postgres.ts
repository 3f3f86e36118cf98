// The PostgreSQL suite: service and floor on one database (a fresh one by default), every phase,
// and the growth test up to BENCH_MAX_ROWS (10M by default) by bulk SQL beside the running service.
import crypto from 'node:crypto';
import path from 'node:path';
import { runsPhase, type BenchSettings } from './bench-settings.js';
import { loadTaskIds, refreshJwts, signUpUsers, type BenchUser } from './bench-users.js';
import { compareWorkloads, fixedRate, rowLevelSecurityCost, type PhaseContext } from './comparison-phases.js';
import { summarizeCpuProfile } from './cpu-profile-summary.js';
import { fanoutNote, measureFanout } from './fanout-phase.js';
import { measureGrowth } from './growth-phase.js';
import { growthPlans } from './query-plans.js';
import { memorySoak } from './memory-soak.js';
import type { SuiteResults } from './results-types.js';
import { addBackgroundTasks, countTasks, removeCreatedTasks, seedUserTasks, settle } from './seed-tasks-sql.js';
import { freePort, startFloor, startService, TMP, type RunningServer } from './server-processes.js';
import { benchDatabase, connectPostgres, setRowLevelSecurity, type SuperuserSql } from './superuser-sql.js';
import type { Target } from './workloads.js';

/** Fetches fresh JWTs when the current ones are more than ten minutes old (they live fifteen). */
export function tokenKeeper(baseUrl: () => string, users: BenchUser[]): () => Promise<void> {
  let fetchedAt = Date.now();
  return async () => {
    if (Date.now() - fetchedAt < 10 * 60_000) return;
    await refreshJwts(baseUrl(), users);
    fetchedAt = Date.now();
  };
}

export async function runPostgresSuite(settings: BenchSettings, runId: string, log: (line: string) => void): Promise<SuiteResults> {
  const database = await benchDatabase(settings.databaseUrl, settings.adminUrl, settings.keepDatabase);
  log(`PostgreSQL suite on ${database.label}`);
  const profileDir = settings.cpuProfile ? path.join(TMP, `profile-postgres-${runId}`) : undefined;
  let service: RunningServer | undefined;
  let floor: RunningServer | undefined;
  let sql: SuperuserSql | undefined;
  const results: SuiteResults = {
    kind: 'postgres', database: database.label, users: settings.users, tasksPerUser: settings.tasksPerUser,
    workloads: [], fixedRate: [], rls: [], memory: undefined, growth: [], fanout: [], profile: [], floorProfile: [], notes: [],
  };
  try {
    const secret = crypto.randomBytes(32).toString('base64url');
    service = await startService({
      port: await freePort(), secret, databaseUrl: database.url,
      poolSize: settings.poolSize, cpuProfileDir: profileDir && path.join(profileDir, 'service'),
    });
    const prefix = `bench-${runId}-`;
    log(`  signing up ${settings.users} users`);
    const users = await signUpUsers(service.baseUrl, prefix, settings.users);
    sql = await connectPostgres(database.url);
    const superuser = sql;
    const seedStarted = Date.now();
    await seedUserTasks(sql, prefix, settings.tasksPerUser, 1);
    await settle(sql);
    await loadTaskIds(sql, users);
    log(`  seeded ${settings.users} x ${settings.tasksPerUser} tasks in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
    floor = await startFloor({
      port: await freePort(), serviceUrl: service.baseUrl, databaseUrl: database.url, poolSize: settings.poolSize,
      cpuProfileDir: profileDir && path.join(profileDir, 'floor'), authSecret: secret,
    });
    const serviceTarget: Target = { name: 'service', baseUrl: service.baseUrl, created: [] };
    const floorTarget: Target = { name: 'floor', baseUrl: floor.baseUrl, created: [] };
    const ctx: PhaseContext = {
      settings, users, service: serviceTarget, floor: floorTarget, log, sharedDatabase: true,
      keepTokensFresh: tokenKeeper(() => serviceTarget.baseUrl, users),
      resetTasks: async () => {
        await removeCreatedTasks(superuser);
        await superuser.query('vacuum (analyze) tasks');
        serviceTarget.created.length = 0;
        floorTarget.created.length = 0;
      },
    };
    if (runsPhase(settings, 'workloads')) {
      log('  workloads, service and floor alternately (A B A B):');
      results.workloads = await compareWorkloads(ctx);
    }
    if (runsPhase(settings, 'fixed-rate')) {
      log(`  fixed rate (${settings.fixedRateFractions.join(', ')} of the floor's maximum):`);
      results.fixedRate = await fixedRate(ctx, results.workloads);
    }
    if (runsPhase(settings, 'rls')) {
      log('  row-level security on and off:');
      results.rls = await rowLevelSecurityCost(ctx, (on) => setRowLevelSecurity(superuser, on));
    }
    if (runsPhase(settings, 'memory')) {
      log(`  memory under the mixed load for ${settings.soakS} s:`);
      results.memory = await memorySoak(ctx, service.pid);
    }
    await floor.stop();
    floor = undefined;
    if (runsPhase(settings, 'fanout')) {
      const f = settings.fanout;
      log(`  fan-out: ${f.users * f.streamsPerUser} streams over ${f.users} users, ${f.rate} writes/s for ${f.durationS} s (${f.modes.join(', ')}):`);
      results.fanout = await measureFanout({ settings, databaseUrl: database.url, secret, serviceUrl: service.baseUrl, users, runId, log });
      results.notes.push(fanoutNote());
    }
    const removed = await removeCreatedTasks(sql);
    await settle(sql);
    log(`  removed ${removed} tasks the load created`);
    const growTo = async (rows: number) => {
      const have = await countTasks(superuser);
      if (rows > have) {
        await addBackgroundTasks(superuser, runId, rows - have, settings.backgroundTasksPerUser, log);
        await settle(superuser);
      }
      return { rows: await countTasks(superuser), plans: await growthPlans(superuser, users) };
    };
    if (runsPhase(settings, 'growth')) {
      log('  growth:');
      results.growth = await measureGrowth(ctx, { growTo, service: () => serviceTarget }, settings.maxRows, settings.tasksPerUser);
    }
  } finally {
    await floor?.stop();
    await service?.stop();
    await sql?.close();
    await database.drop();
  }
  if (profileDir) {
    results.profile = summarizeCpuProfile(path.join(profileDir, 'service'));
    results.floorProfile = summarizeCpuProfile(path.join(profileDir, 'floor'));
  }
  return results;
}
