// The SQL of completing recurring tasks: the advance to the next occurrence (with its completion
// row, in one statement), the completion history, and the checklist that starts over. Every
// statement filters on the user id; row-level security stands behind it.
import { sql } from 'drizzle-orm';
import type { RequestTx } from '../db/client.js';
import { taskCompletions, tasks } from '../db/schema.js';
import { compileSql, placeholder as p } from '../db/statement.js';
import { LIST_LIMITS } from '../limits.js';
import { RESPONSE_COLUMN_LIST, type TaskRecord } from './tasks.repository.js';

const MAX_HOPS = sql.raw(String(LIST_LIMITS.maxDepth + 2));

export interface CompletionRecord {
  completed_at: Date;
  due_date: Date | null;
}

/**
 * Completes the occurrence due at `occurrence`: due_date moves to `next` and the task stays open,
 * or, with no next occurrence, it is completed for good. The row must still be open, recurring and
 * due at that occurrence: a concurrent completion of the same occurrence (which moved due_date)
 * matches nothing, so one occurrence is never completed twice. With If-Match, the version too.
 */
const completeStatement = (withVersions: boolean) =>
  compileSql<{ userId: string; id: string; occurrence: Date; next: Date | null; versions?: number[] | undefined }>(sql`with done as (
    update ${tasks} set
      due_date = coalesce(${p('next')}::timestamptz, ${tasks.dueDate}),
      is_completed = ${p('next')}::timestamptz is null,
      completed_at = case when ${p('next')}::timestamptz is null then now() end,
      last_completed_at = now(),
      version = ${tasks.version} + 1,
      updated_at = now()
    where ${tasks.userId} = ${p('userId')} and ${tasks.id} = ${p('id')} and not ${tasks.isCompleted}
      and ${tasks.recurrence} is not null and ${tasks.dueDate} = ${p('occurrence')}::timestamptz
      ${withVersions ? sql`and ${tasks.version} = any(${p('versions')}::integer[])` : sql``}
    returning ${RESPONSE_COLUMN_LIST}),
  recorded as (
    insert into ${taskCompletions} (user_id, task_id, completed_at, due_date)
    select done.user_id, done.id, done.last_completed_at, ${p('occurrence')}::timestamptz from done)
  select * from done`);
const COMPLETE = [completeStatement(false), completeStatement(true)] as const;

/** Completions of tasks that are not recurring: recorded by the same statement that completes them. */
const RECORD = compileSql<{ userId: string; id: string }>(sql`insert into ${taskCompletions} (user_id, task_id, completed_at, due_date)
  select ${tasks.userId}, ${tasks.id}, ${tasks.lastCompletedAt}, ${tasks.dueDate} from ${tasks}
  where ${tasks.userId} = ${p('userId')} and ${tasks.id} = ${p('id')} and ${tasks.isCompleted}`);

const COMPLETIONS = compileSql<{ userId: string; id: string; limit: number }>(sql`select ${taskCompletions.completedAt}, ${taskCompletions.dueDate}
  from ${taskCompletions} where ${taskCompletions.userId} = ${p('userId')} and ${taskCompletions.taskId} = ${p('id')}
  order by ${taskCompletions.completedAt} desc, ${taskCompletions.id} desc limit ${p('limit')}`);

/** The checklist starts over: every subtask below the task is open again. */
const REOPEN_SUBTREE = compileSql<{ userId: string; id: string }>(sql`with recursive subtree(id, hops) as (
    select ${tasks.id}, 1 from ${tasks} where ${tasks.userId} = ${p('userId')} and ${tasks.parentId} = ${p('id')}
    union all
    select t.id, s.hops + 1 from ${tasks} t join subtree s on t.user_id = ${p('userId')} and t.parent_id = s.id where s.hops < ${MAX_HOPS})
  update ${tasks} set is_completed = false, completed_at = null, version = ${tasks.version} + 1, updated_at = now()
  where ${tasks.userId} = ${p('userId')} and ${tasks.id} in (select id from subtree) and ${tasks.isCompleted}`);

export class TaskRecurrenceRepository {
  constructor(private readonly tx: RequestTx) {}

  /** undefined: the occurrence was not there to complete (see completeStatement). */
  async completeOccurrence(userId: string, id: string, occurrence: Date, next: Date | null, versions: number[] | undefined): Promise<TaskRecord | undefined> {
    const statement = COMPLETE[versions === undefined ? 0 : 1];
    const [row] = await this.tx.query<TaskRecord>(statement.with({ userId, id, occurrence, next, versions }));
    return row;
  }

  async recordCompletion(userId: string, id: string): Promise<void> {
    await this.tx.query(RECORD.with({ userId, id }));
  }

  completions(userId: string, id: string, limit: number): Promise<CompletionRecord[]> {
    return this.tx.query<CompletionRecord>(COMPLETIONS.with({ userId, id, limit }));
  }

  async reopenSubtree(userId: string, id: string): Promise<void> {
    await this.tx.query(REOPEN_SUBTREE.with({ userId, id }));
  }
}
