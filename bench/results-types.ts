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
