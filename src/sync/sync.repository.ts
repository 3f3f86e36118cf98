// All SQL about the change log (the triggers of drizzle/0005 write it; this only reads it, and
// sweeps old tombstones). Every statement filters on the user id, and row-level security stands
// behind it, as for tasks.
import { sql } from 'drizzle-orm';
import type { RequestTx } from '../db/client.js';
import { changeLog, reminderDeliveries, syncCounters } from '../db/schema.js';
import { compileSql, placeholder as p } from '../db/statement.js';

export interface Counter {
  last_seq: number;
  pruned_through: number;
}

export interface LogEntry {
  kind: 'task' | 'list';
  object_id: string;
  op: 'upsert' | 'delete';
  seq: number;
  changed_at: Date;
}

/** A reminder delivered (reminders/), numbered in the same sequence as the changes. */
export interface ReminderEntry {
  kind: 'reminder';
  seq: number;
  task_id: string;
  title: string;
  due_date: Date | null;
  late: boolean;
}

/** What the event stream sends, in sequence order. */
export type StreamEntry = (LogEntry & { kind: 'task' | 'list' }) | ReminderEntry;

// int8 arrives as text from node-postgres; the counts fit a double exactly (below 2^53).
const COUNTER = compileSql<{ userId: string }>(sql`select ${syncCounters.lastSeq}::float8 as last_seq, ${syncCounters.prunedThrough}::float8 as pruned_through
  from ${syncCounters} where ${syncCounters.userId} = ${p('userId')}`);

/** The log after `since` up to `top`, oldest first; deletions only past the horizon. */
const PAGE = compileSql<{ userId: string; since: number; top: number; horizon: number; limit: number }>(sql`select
    ${changeLog.kind}, ${changeLog.objectId}, ${changeLog.op}, ${changeLog.seq}::float8 as seq, ${changeLog.changedAt}
  from ${changeLog}
  where ${changeLog.userId} = ${p('userId')} and ${changeLog.seq} > ${p('since')} and ${changeLog.seq} <= ${p('top')}
    and (${changeLog.op} = 'upsert' or ${changeLog.seq} > ${p('horizon')})
  order by ${changeLog.seq} limit ${p('limit')}`);

/** The stream's read: the log and the reminder deliveries after `since`, merged in sequence order. */
const STREAM = compileSql<{ userId: string; since: number; limit: number }>(sql`select * from (
    select ${changeLog.kind}, ${changeLog.objectId}, ${changeLog.op}, ${changeLog.seq}::float8 as seq, ${changeLog.changedAt},
      null::uuid as task_id, null::text as title, null::timestamptz as due_date, null::boolean as late
    from ${changeLog} where ${changeLog.userId} = ${p('userId')} and ${changeLog.seq} > ${p('since')}
    union all
    select 'reminder', null, null, ${reminderDeliveries.seq}::float8, ${reminderDeliveries.deliveredAt},
      ${reminderDeliveries.taskId}, ${reminderDeliveries.title}, ${reminderDeliveries.dueDate}, ${reminderDeliveries.late}
    from ${reminderDeliveries} where ${reminderDeliveries.userId} = ${p('userId')} and ${reminderDeliveries.seq} > ${p('since')}
  ) entries order by seq limit ${p('limit')}`);

/** Drops the user's tombstones older than the cutoff and raises pruned_through past them. */
const PRUNE = compileSql<{ userId: string; cutoff: Date }>(sql`with gone as (
    delete from ${changeLog} where ${changeLog.userId} = ${p('userId')} and ${changeLog.op} = 'delete' and ${changeLog.changedAt} < ${p('cutoff')}
    returning ${changeLog.seq})
  update ${syncCounters} set pruned_through = greatest(${syncCounters.prunedThrough}, (select max(seq) from gone))
  where ${syncCounters.userId} = ${p('userId')} and exists (select 1 from gone)
  returning (select count(*) from gone)::int as pruned`);

export class SyncRepository {
  constructor(private readonly tx: RequestTx) {}

  async counter(userId: string): Promise<Counter> {
    const [row] = await this.tx.query<Counter>(COUNTER.with({ userId }));
    return row ?? { last_seq: 0, pruned_through: 0 };
  }

  page(userId: string, range: { since: number; top: number; horizon: number; limit: number }): Promise<LogEntry[]> {
    return this.tx.query<LogEntry>(PAGE.with({ userId, ...range }));
  }

  stream(userId: string, since: number, limit: number): Promise<StreamEntry[]> {
    return this.tx.query<StreamEntry>(STREAM.with({ userId, since, limit }));
  }

  async prune(userId: string, cutoff: Date): Promise<number> {
    const [row] = await this.tx.query<{ pruned: number }>(PRUNE.with({ userId, cutoff }));
    return row?.pruned ?? 0;
  }
}
