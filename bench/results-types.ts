// The shape of bench/results/*.json, which the report and the chart are written from.
import type { SuiteKind } from './bench-settings.js';
import type { LoadResult, ProbeResult } from './load-runner.js';
import type { PlanStats } from './query-plans.js';

export interface SideSummary {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface WorkloadComparison {
  workload: string;
  targeted: boolean;
  service: LoadResult[];
  floor: LoadResult[];
  serviceSummary: SideSummary;
  floorSummary: SideSummary;
  /** service / floor requests per second (higher is better, target >= 0.7). */
  rpsRatio: number;
  /** service / floor p99 (lower is better, target <= 1.5). */
  p99Ratio: number;
}

export interface FixedRateResult {
  workload: string;
  /** The rate as a share of the floor's saturated req/s (runs before 2026-12-01T12:30 have only 0.5, unrecorded). */
  fraction?: number;
  rate: number;
  service: LoadResult;
  floor: LoadResult;
}

export interface RlsResult {
  workload: string;
  on: LoadResult[];
  off: LoadResult[];
  rpsOn: number;
  rpsOff: number;
  /** 1 - rps(on) / rps(off): the share of throughput the policy costs. */
  overhead: number;
}

export interface MemoryResult {
  soakS: number;
  idleMiB: number;
  peakMiB: number;
  /** Mean RSS over the first and the last tenth of the soak (at least 3 samples each). */
  earlyMiB: number;
  lateMiB: number;
  endMiB: number;
  samples: Array<{ t: number; rssMiB: number }>;
  load: LoadResult;
}

export interface GrowthPoint {
  tableRows: number;
  userTasks: number;
  list: ProbeResult;
  search: ProbeResult;
  listLoad: LoadResult;
  searchLoad: LoadResult;
  seedSeconds: number;
  /** EXPLAIN (ANALYZE, BUFFERS) of the same statements (absent in results from before it was measured). */
  plans?: { list: PlanStats; search: PlanStats };
}

export interface LatencySummary {
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** One setup of the fan-out: streams held open on one service process while a writer commits. */
export interface FanoutResult {
  mode: 'push' | 'poll';
  /** How the service reached the database (DATABASE_URL direct, or through PgBouncer). */
  setup: string;
  /** The mode the service's log reported last (its change signals' self-test), if it did. */
  modeLogged: 'push' | 'poll' | undefined;
  pollMs: number;
  users: number;
  streamsPerUser: number;
  streamsOpened: number;
  /** Streams refused or not open within the timeout. */
  streamsFailed: number;
  /** Streams the server ended (or that broke) while the run went on. */
  streamsEnded: number;
  openSeconds: number;
  /** Asked for: writes per second and seconds. */
  rate: number;
  durationS: number;
  writes: { sent: number; ok: number; failed: number; achievedRate: number; latency: LatencySummary };
  /** Event deliveries: one per successful write per stream of its user. */
  expected: number;
  received: number;
  /** Deliveries of the same write to the same stream again (allowed: at least once). */
  duplicates: number;
  /** Objects the writer did not make that change events came for, once per stream (the Inbox, whose counts each create changes). */
  otherEvents: number;
  /** From the write's HTTP response to the event on the stream (ms; negative: the event came first). */
  delivery: LatencySummary;
  /** From when the write was sent (ms): the response's own time included. */
  deliveryFromSend: LatencySummary;
  /** Service VmRSS (MiB): before the streams, with them open before and after the writes, and the peak while writing. */
  rssMiB: { idle: number; streamsOpen: number; peakWriting: number; afterWrites: number };
  targets: { p99Ms: number; rssMB: number };
}

export interface ProfileEntry {
  selfPercent: number;
  functionName: string;
  location: string;
}

export interface SuiteResults {
  kind: SuiteKind;
  database: string;
  users: number;
  tasksPerUser: number;
  workloads: WorkloadComparison[];
  fixedRate: FixedRateResult[];
  rls: RlsResult[];
  memory: MemoryResult | undefined;
  growth: GrowthPoint[];
  /** Live-update fan-out, per setup (absent in results from before it was measured). */
  fanout?: FanoutResult[];
  /** node --cpu-prof of the service and of the floor (BENCH_CPU_PROF=1). */
  profile: ProfileEntry[];
  floorProfile: ProfileEntry[];
  notes: string[];
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
  os: string;
  node: string;
  postgres: string;
  packages: Record<string, string>;
}

export interface RunResults {
  startedAt: string;
  finishedAt: string;
  durationS: number;
  connections: number;
  machine: MachineInfo;
  settings: Record<string, unknown>;
  suites: SuiteResults[];
}
