// The floor's GET /changes?since=: the incremental read, the least it needs. Where the service's
// request runs up to four statements (the user's counter, the log page, the tasks, the lists: see
// src/sync/sync.service.ts), the floor asks for the same rows in one: the counter, the page of the
// log after the token (bounded by the counter, deletions past the horizon, oldest first), each
// upserted task and list in its current state (a list with its counts, computed as the lists
// repository computes them). It is its own SQL, so no text comparison holds it to the service's:
// the changes workload's preparation checks that it answers what the service answers.
// The token is checked and issued by the service's own codec (src/sync/sync.token.ts, plain
// HMAC-SHA256): the same check in the same code, nothing a floor could strip.
import type { Query } from './floor-database.js';
import { BadInput } from './floor-input.js';
import { COLUMNS } from './floor-sql.js';
import type { SyncPoint, SyncTokenCodec } from '../src/sync/sync.token.js';

type Row = Record<string, unknown>;

const TASK_COLUMNS = COLUMNS.split(', ').map((column) => `t.${column}`).join(', ');
const LIST_FIELDS = ['id', 'user_id', 'name', 'color', 'is_inbox', 'position', 'version', 'created_at', 'updated_at'];
const LIST_COLUMNS = LIST_FIELDS.map((field) => `li.${field} as li_${field}`).join(', ');

/** $1 user, $2 since (seq), $3 horizon, $4 limit + 1 */
export const CHANGES_PAGE = `with counter as (
    select last_seq::float8 as last_seq, pruned_through::float8 as pruned_through from sync_counters where user_id = $1),
  page as (
    select log.kind, log.object_id, log.op, log.seq::float8 as seq, log.changed_at from change_log log
    where log.user_id = $1 and log.seq > $2 and log.seq <= (select last_seq from counter) and (log.op = 'upsert' or log.seq > $3)
    order by log.seq limit $4)
  select c.last_seq, c.pruned_through, p.kind, p.object_id, p.op, p.seq, p.changed_at, ${TASK_COLUMNS}, ${LIST_COLUMNS},
    counts.open_count as li_open_count, counts.task_count as li_task_count
  from (select 1) one
    left join counter c on true
    left join page p on true
    left join tasks t on p.kind = 'task' and p.op = 'upsert' and t.user_id = $1 and t.id = p.object_id
    left join lists li on p.kind = 'list' and p.op = 'upsert' and li.user_id = $1 and li.id = p.object_id
    left join lateral (select count(*) filter (where not n.is_completed)::int as open_count, count(*)::int as task_count
      from tasks n where li.id is not null and n.user_id = li.user_id and n.list_id = li.id) counts on true
  order by p.seq`;

const listDto = (row: Row) => ({
  id: row.li_id, user_id: row.li_user_id, name: row.li_name, color: row.li_color, is_inbox: row.li_is_inbox, position: row.li_position,
  open_count: row.li_open_count, task_count: row.li_task_count, version: row.li_version,
  created_at: (row.li_created_at as Date).toISOString(), updated_at: (row.li_updated_at as Date).toISOString(),
});

export interface FloorChangeQuery {
  point: SyncPoint;
  limit: number;
}

/** since (required: the floor serves the incremental read only) and limit, checked as the service's schema does. */
export function parseChangesQuery(params: URLSearchParams, codec: SyncTokenCodec, userId: string): FloorChangeQuery {
  const since = params.get('since');
  const point = since === null || since.length > 60 ? null : codec.decode(userId, since);
  if (!point) throw new BadInput(400, 'VALIDATION_ERROR', 'The since token is not valid.');
  const rawLimit = params.get('limit');
  const limit = rawLimit === null ? 500 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new BadInput(400, 'VALIDATION_ERROR', 'limit must be an integer from 1 to 1000.');
  return { point, limit };
}

/** The page as the service's ChangePage: changes oldest first, next_token, has_more. */
export async function changesPage(query: Query, codec: SyncTokenCodec, userId: string, { point, limit }: FloorChangeQuery, toDto: (task: Row) => unknown) {
  const rows = await query(CHANGES_PAGE, [userId, point.seq, point.horizon, limit + 1]);
  const lastSeq = Number(rows[0]?.last_seq ?? 0);
  const prunedThrough = Number(rows[0]?.pruned_through ?? 0);
  if (point.horizon < prunedThrough || point.seq > lastSeq || point.horizon > lastSeq) {
    throw new BadInput(410, 'SYNC_TOKEN_EXPIRED', 'This sync token is older than the kept deletions; start over without since.');
  }
  const entries = rows.filter((row) => row.seq !== null);
  const hasMore = entries.length > limit;
  const page = hasMore ? entries.slice(0, limit) : entries;
  const changes = [];
  for (const row of page) {
    const upsert = row.op === 'upsert';
    const found = row.kind === 'task' ? row.id !== null : row.li_id !== null;
    // Gone since the log was read: the service skips it too (its tombstone comes next time).
    if (upsert && !found) continue;
    const data = !upsert ? null : row.kind === 'task' ? toDto(row) : listDto(row);
    changes.push({ kind: row.kind, id: row.object_id, op: row.op, data, changed_at: (row.changed_at as Date).toISOString() });
  }
  const next = hasMore ? { seq: page.at(-1)!.seq as number, horizon: point.horizon } : { seq: lastSeq, horizon: lastSeq };
  return { changes, next_token: codec.encode(userId, next), has_more: hasMore };
}
