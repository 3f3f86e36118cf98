// The database's side of the growth curve: EXPLAIN (ANALYZE, BUFFERS) of the list and search
// statements (the floor's copy of the service's SQL, run as task_api with app.user_id set, so
// row-level security applies) for several bench users. Buffers touched is the noise-free
// measure: if it stays put as the table grows, so does the work.
import type { BenchUser } from './bench-users.js';
import { listStatements, REQUEST_ROLE, type ListQuery } from './floor-sql.js';
import { percentile } from './load-runner.js';
import { SEARCH_WORDS } from './seed-tasks-sql.js';
import type { SuperuserSql } from './superuser-sql.js';

export interface PlanStats {
  /** Median over the sampled users of the list and count statements' execution times, summed. */
  executionMs: number;
  /** Median shared buffers (hit + read) of both statements. */
  buffers: number;
  /** The scans the list statement used, e.g. "Index Scan using tasks_user_created_idx". */
  plan: string;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

function scans(node: PlanNode): string[] {
  const own = /Scan/.test(node['Node Type']) ? [`${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scans)];
}

async function explain(sql: SuperuserSql, text: string, params: unknown[]) {
  const [row] = await sql.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(
    `explain (analyze, buffers, format json) ${text}`,
    params,
  );
  const { Plan, 'Execution Time': ms } = row!['QUERY PLAN'][0]!;
  return { ms, buffers: (Plan['Shared Hit Blocks'] ?? 0) + (Plan['Shared Read Blocks'] ?? 0), scans: scans(Plan) };
}

async function statsFor(sql: SuperuserSql, users: BenchUser[], query: (i: number) => ListQuery): Promise<PlanStats> {
  const times: number[] = [];
  const buffers: number[] = [];
  let plan = '';
  for (const [i, user] of users.entries()) {
    await sql.query('begin');
    try {
      await sql.query(`select set_config('role', $1, true), set_config('app.user_id', $2, true)`, [REQUEST_ROLE, user.id]);
      const statements = listStatements(user.id, query(i));
      const list = await explain(sql, ...statements.list);
      const count = await explain(sql, ...statements.count);
      times.push(list.ms + count.ms);
      buffers.push(list.buffers + count.buffers);
      plan ||= [...new Set(list.scans)].join(', ');
    } finally {
      await sql.query('rollback');
    }
  }
  const median = (values: number[]) => percentile(Float64Array.from(values).sort(), 50);
  return { executionMs: Math.round(median(times) * 1000) / 1000, buffers: median(buffers), plan };
}

/** List (first page of 50, newest first) and search (one word) plans for up to 10 bench users. */
export async function growthPlans(sql: SuperuserSql, users: BenchUser[]): Promise<{ list: PlanStats; search: PlanStats }> {
  const sample = users.slice(0, 10);
  const base: ListQuery = { status: 'all', tags: [], q: undefined, listIds: [], sort: '-created_at', limit: 50 };
  // Twice: the first pass warms the cache the way the HTTP probe's warm-up does.
  await statsFor(sql, sample, () => base);
  const list = await statsFor(sql, sample, () => base);
  await statsFor(sql, sample, (i) => ({ ...base, q: SEARCH_WORDS[i % SEARCH_WORDS.length] }));
  const search = await statsFor(sql, sample, (i) => ({ ...base, q: SEARCH_WORDS[i % SEARCH_WORDS.length] }));
  return { list, search };
}
