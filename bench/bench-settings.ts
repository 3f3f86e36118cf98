// Every knob of the benchmark, read once from the environment. Defaults give the full run the
// issue asks for; the short development run is
//   BENCH_MAX_ROWS=100000 BENCH_DURATION_S=2 BENCH_SOAK_S=5 npm run bench
export type SuiteKind = 'postgres' | 'pglite';

export interface BenchSettings {
  /** A database to use as is (never dropped); unset: a fresh one is created on adminUrl and dropped. */
  databaseUrl: string | undefined;
  adminUrl: string;
  suites: SuiteKind[];
  /** Only these workloads (all when empty). */
  workloads: string[];
  /** Only these phases (all when empty): workloads, fixed-rate, rls, memory, fanout, growth. */
  phases: string[];
  durationS: number;
  /** Service-floor pairs per workload (A B A B ...); the figures are their medians. */
  passes: number;
  /** Fixed-rate runs, as shares of the floor's maximum; 0.5 is the target, the others show where it holds. */
  fixedRateFractions: number[];
  warmupS: number;
  connections: number;
  users: number;
  tasksPerUser: number;
  /** Largest table size of the growth test on PostgreSQL. */
  maxRows: number;
  /** Largest table size of the growth test on PGlite. */
  pgliteMaxRows: number;
  backgroundTasksPerUser: number;
  soakS: number;
  poolSize: number;
  /** Run the service under node --cpu-prof and summarise the profile into the results. */
  cpuProfile: boolean;
  /** Requests per probe of the one-connection latency probe (growth). */
  probeRequests: number;
  keepDatabase: boolean;
  /** Write only bench/results/<run>.json, leaving RESULTS.md and growth.svg as they are. */
  jsonOnly: boolean;
  fanout: FanoutSettings;
}

/** The live-update fan-out (PostgreSQL): streams held open while a writer commits at a fixed rate. */
export interface FanoutSettings {
  users: number;
  streamsPerUser: number;
  /** Writes per second (task creates, spread over the users). */
  rate: number;
  /** Seconds of writing, per mode. */
  durationS: number;
  /** Which setups: push (DATABASE_URL direct, LISTEN heard), poll (DATABASE_URL through PgBouncer). */
  modes: FanoutMode[];
}

export type FanoutMode = 'push' | 'poll';

function int(name: string, fallback: number, min = 0): number {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}, got "${raw}"`);
  return Math.round(value);
}

function list(name: string): string[] {
  return (process.env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function fractions(name: string, fallback: number[]): number[] {
  const entries = list(name);
  if (entries.length === 0) return fallback;
  return entries.map((raw) => {
    const value = Number(raw);
    if (!(value > 0 && value <= 1)) throw new Error(`${name} entries must be numbers in (0, 1], got "${raw}"`);
    return value;
  });
}

function flag(name: string): boolean {
  return ['1', 'true', 'yes', 'on'].includes((process.env[name] ?? '').trim().toLowerCase());
}

export const PHASES = ['workloads', 'fixed-rate', 'rls', 'memory', 'fanout', 'growth'];

/** Whether a phase runs in this run (BENCH_PHASES). */
export function runsPhase(settings: BenchSettings, phase: string): boolean {
  return settings.phases.length === 0 || settings.phases.includes(phase);
}

export function loadBenchSettings(): BenchSettings {
  const suites = list('BENCH_SUITES');
  for (const suite of suites) {
    if (suite !== 'postgres' && suite !== 'pglite') throw new Error(`BENCH_SUITES entries must be postgres or pglite, got "${suite}"`);
  }
  for (const phase of list('BENCH_PHASES')) {
    if (!PHASES.includes(phase)) throw new Error(`BENCH_PHASES entries must be among ${PHASES.join(', ')}, got "${phase}"`);
  }
  const fanoutModes = list('BENCH_FANOUT_MODES');
  for (const mode of fanoutModes) {
    if (mode !== 'push' && mode !== 'poll') throw new Error(`BENCH_FANOUT_MODES entries must be push or poll, got "${mode}"`);
  }
  const users = int('BENCH_USERS', 50, 2);
  const tasksPerUser = int('BENCH_TASKS_PER_USER', 200, 10);
  return {
    databaseUrl: process.env.BENCH_DATABASE_URL?.trim() || undefined,
    adminUrl: process.env.BENCH_ADMIN_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres',
    suites: suites.length > 0 ? (suites as SuiteKind[]) : ['postgres', 'pglite'],
    workloads: list('BENCH_WORKLOADS'),
    phases: list('BENCH_PHASES'),
    durationS: int('BENCH_DURATION_S', 5, 1),
    passes: int('BENCH_PASSES', 3, 1),
    fixedRateFractions: fractions('BENCH_FIXED_RATE_FRACTIONS', [0.5, 0.25]),
    warmupS: int('BENCH_WARMUP_S', 1, 0),
    connections: int('BENCH_CONNECTIONS', 32, 1),
    users,
    tasksPerUser,
    maxRows: int('BENCH_MAX_ROWS', 10_000_000, users * tasksPerUser),
    pgliteMaxRows: int('BENCH_PGLITE_MAX_ROWS', 100_000, users * tasksPerUser),
    backgroundTasksPerUser: int('BENCH_BACKGROUND_TASKS_PER_USER', 500, 1),
    soakS: int('BENCH_SOAK_S', 60, 1),
    // The service's own default; the floor gets the same.
    poolSize: int('BENCH_POOL_SIZE', 10, 1),
    cpuProfile: flag('BENCH_CPU_PROF'),
    probeRequests: int('BENCH_PROBE_REQUESTS', 300, 20),
    keepDatabase: flag('BENCH_KEEP_DATABASE'),
    jsonOnly: flag('BENCH_JSON_ONLY'),
    // The figure: 1,000 streams over 100 users, 200 writes/s, for about ten seconds.
    fanout: {
      users: int('BENCH_FANOUT_USERS', 100, 1),
      streamsPerUser: int('BENCH_FANOUT_STREAMS_PER_USER', 10, 1),
      rate: int('BENCH_FANOUT_RATE', 200, 1),
      durationS: int('BENCH_FANOUT_S', 10, 1),
      modes: fanoutModes.length > 0 ? (fanoutModes as FanoutMode[]) : ['push', 'poll'],
    },
  };
}
