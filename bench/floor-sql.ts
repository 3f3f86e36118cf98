// The floor's SQL: the exact statements Drizzle sends for the service's repository methods
// (captured from the compiled statements of src/tasks/tasks.repository.ts, tasks.tree.repository.ts
// and tasks.recurrence.repository.ts),
// so the floor and the service ask the database for the same work. test/bench/floor-sql.test.ts
// compares them with what the repositories compile and fails when the two drift apart. The move
// is the exception: the floor's own minimal reorder (MOVE_GAP, REORDER; floor-move.test.ts).

/** The response columns, as the repository's RESPONSE_COLUMNS: recurrence_start is read but not on the wire (see dto()). */
export const COLUMNS = `"id", "user_id", "title", "description", "is_completed", "priority", "due_date", "tags", "created_at", "updated_at", "completed_at", "version", "list_id", "parent_id", "position", "recurrence", "time_zone", "reminders", "last_completed_at", "recurrence_start"`;

/** The parent key of a top-level task (src/db/schema.ts's NO_PARENT). */
export const NO_PARENT = '00000000-0000-0000-0000-000000000000';

export const REQUEST_ROLE = 'task_api';
/** The settings as the service sends them after BEGIN: literals, since a multi-statement simple query takes no parameters. */
export const scopePostgres = (userId: string, statementTimeoutMs: string) =>
  `select set_config('role', '${REQUEST_ROLE}', true), set_config('app.user_id', '${userId}', true), set_config('statement_timeout', '${statementTimeoutMs}', true)`;
// PGlite runs in-process: the service sets no statement timeout there.
export const SCOPE_PGLITE = `select set_config('role', $1, true), set_config('app.user_id', $2, true)`;

export const FIND = `select ${COLUMNS} from "tasks" where ("tasks"."user_id" = $1 and "tasks"."id" = $2)`;

export const EXISTS = `select 1 from "tasks" where ("tasks"."user_id" = $1 and "tasks"."id" = $2)`;

/** Where a create goes by default: the Inbox's id and its last top-level position. $1 user, $2 NO_PARENT, $3 user */
export const INBOX_TAIL = `select l.id as list_id,
  (select max(t.position) from "tasks" t where t.user_id = $1 and t.list_id = l.id and t.parent_key = $2::uuid) as last
  from "lists" l where l.user_id = $3 and l.is_inbox`;

/**
 * $1 user, $2 title, $3 description, $4 is_completed, $5 priority, $6 due_date, $7 tags, $8 is_completed again,
 * $9 list_id, $10 parent_id, $11 position, $12 recurrence, $13 recurrence again, $14 due_date again (the series'
 * start), $15 time_zone (null: the user's setting, else UTC), $16 user, $17 reminders (JSON text)
 */
export const INSERT = `insert into "tasks" ("user_id", "id", "title", "description", "is_completed", "priority", "due_date", "tags", "created_at", "updated_at", "completed_at", "version", "list_id", "parent_id", "position", "recurrence", "recurrence_start", "time_zone", "reminders", "last_completed_at") values ($1, default, $2, $3, $4, $5, $6, $7, default, default, case when $8::boolean then now() end, default, $9, $10, $11, $12, case when $13::text is not null then $14::timestamptz end, coalesce($15::text, (select "user_settings"."time_zone" from "user_settings" where "user_settings"."user_id" = $16), 'UTC'), $17::jsonb, default) returning ${COLUMNS}`;

/**
 * $1 title, $2 description, $3 is_completed, $4 priority, $5 due_date, $6 tags, $7 is_completed again, $8 recurrence,
 * $9 recurrence again, $10 due_date again (the series' start), $11 time_zone (null: the user's setting, else UTC),
 * $12 user, $13 reminders (JSON text), $14 is_completed again, $15 user, $16 id, $17 is_completed again,
 * $18 recurrence again (completing an open recurring task is not this update), $19 user, $20 id again
 * (was_completed: whether the task was completed before, so a completing PUT completes the subtasks)
 */
export const REPLACE = `update "tasks" set "title" = $1, "description" = $2, "is_completed" = $3, "priority" = $4, "due_date" = $5, "tags" = $6, "updated_at" = now(), "completed_at" = case when $7::boolean then coalesce("tasks"."completed_at", now()) end, "version" = "tasks"."version" + 1, "recurrence" = $8, "recurrence_start" = case when $9::text is not null then $10::timestamptz end, "time_zone" = coalesce($11::text, (select "user_settings"."time_zone" from "user_settings" where "user_settings"."user_id" = $12), 'UTC'), "reminders" = $13::jsonb, "last_completed_at" = case when $14::boolean and not "tasks"."is_completed" then now() else "tasks"."last_completed_at" end where (("tasks"."user_id" = $15 and "tasks"."id" = $16) and (not $17::boolean or $18::text is null or "tasks"."is_completed")) returning ${COLUMNS}, (select before.is_completed from "tasks" before where before.user_id = $19 and before.id = $20) as "was_completed"`;

/** Completing a task (PUT or toggle) completes its open subtasks. $1 user, $2 id, $3 user, $4 user */
export const COMPLETE_SUBTREE = `with recursive subtree(id, hops) as (
    select "tasks"."id", 1 from "tasks" where "tasks"."user_id" = $1 and "tasks"."parent_id" = $2
    union all
    select t.id, s.hops + 1 from "tasks" t join subtree s on t.user_id = $3 and t.parent_id = s.id where s.hops < 6)
  update "tasks" set is_completed = true, completed_at = now(), version = "tasks"."version" + 1, updated_at = now()
  where "tasks"."user_id" = $4 and "tasks"."id" in (select id from subtree) and not "tasks"."is_completed"`;

/** $1 user, $2 id. An open recurring task is not toggled (the service completes its occurrence instead). */
export const TOGGLE = `update "tasks" set "is_completed" = not "tasks"."is_completed", "updated_at" = now(), "completed_at" = case when "tasks"."is_completed" then null else now() end, "version" = "tasks"."version" + 1, "last_completed_at" = case when "tasks"."is_completed" then "tasks"."last_completed_at" else now() end where (("tasks"."user_id" = $1 and "tasks"."id" = $2) and ("tasks"."recurrence" is null or "tasks"."is_completed")) returning ${COLUMNS}`;

/** Completing a plain task (PUT or toggle), after COMPLETE_SUBTREE, records it in its history. $1 user, $2 id */
export const RECORD_COMPLETION = `insert into "task_completions" (user_id, task_id, completed_at, due_date)
  select "tasks"."user_id", "tasks"."id", "tasks"."last_completed_at", "tasks"."due_date" from "tasks"
  where "tasks"."user_id" = $1 and "tasks"."id" = $2 and "tasks"."is_completed"`;

export const DELETE = `delete from "tasks" where ("tasks"."user_id" = $1 and "tasks"."id" = $2) returning "id"`;

export const METRICS = `select count(*)::int as "total", count(*) filter (where "is_completed")::int as "completed", count(*) filter (where not "is_completed")::int as "pending", count(*) filter (where not "is_completed" and "due_date" < now())::int as "overdue", count(*) filter (where "priority" = 'High')::int as "high_priority", count(*) filter (where "priority" = 'Medium')::int as "medium_priority", count(*) filter (where "priority" = 'Low')::int as "low_priority" from "tasks" where "tasks"."user_id" = $1`;

/**
 * The floor's own move (floor-move.ts), a reorder among siblings: not the service's statements,
 * which serve every move (list and parent changes, cycle and depth checks under a per-user lock).
 * One read gives the neighbour's position, whether it is the moving task's sibling, and the
 * position on the far side of the gap (the moving task left out, as the service does); then one
 * update. $1 user, $2 the moving task, $3 the neighbour.
 */
const moveGap = (side: 'after' | 'before') => `select n.position as neighbour, (n.list_id = m.list_id and n.parent_key = m.parent_key) as sibling,
  (select ${side === 'after' ? 'min' : 'max'}(t.position) from "tasks" t where t.user_id = $1 and t.list_id = n.list_id and t.parent_key = n.parent_key
    and t.id <> $2 and t.position ${side === 'after' ? '>' : '<'} n.position) as beyond
  from "tasks" m join "tasks" n on n.user_id = $1 and n.id = $3 where m.user_id = $1 and m.id = $2`;
export const MOVE_GAP = { after: moveGap('after'), before: moveGap('before') } as const;

/** $1 user, $2 id, $3 the new position */
export const REORDER = `update "tasks" set "position" = $3, "version" = "tasks"."version" + 1, "updated_at" = now() where ("tasks"."user_id" = $1 and "tasks"."id" = $2) returning ${COLUMNS}`;

export interface ListQuery {
  status: 'all' | 'pending' | 'completed';
  tags: string[];
  q: string | undefined;
  /** Tasks in any of these lists (empty: every list). */
  listIds: string[];
  sort: '-created_at' | 'due_date' | 'position';
  limit: number;
}

/** The list and count statements with their parameters, built as Drizzle builds them. */
export function listStatements(userId: string, query: ListQuery): { list: [string, unknown[]]; count: [string, unknown[]] } {
  const params: unknown[] = [userId];
  const conditions = [`"tasks"."user_id" = $1`];
  if (query.status !== 'all') {
    params.push(query.status === 'completed');
    conditions.push(`"tasks"."is_completed" = $${params.length}`);
  }
  if (query.tags.length > 0) {
    params.push(query.tags);
    conditions.push(`"tasks"."tags" @> $${params.length}`);
  }
  if (query.q !== undefined) {
    params.push(query.q);
    conditions.push(`"tasks"."search" @@ websearch_to_tsquery('english', $${params.length})`);
  }
  // One list is an equality, so sort=position reads the sibling index in order; several, any of them.
  if (query.listIds.length === 1) {
    params.push(query.listIds[0]);
    conditions.push(`"tasks"."list_id" = $${params.length}`);
  } else if (query.listIds.length > 1) {
    params.push(query.listIds);
    conditions.push(`"tasks"."list_id" = any($${params.length}::uuid[])`);
  }
  const where = conditions.length === 1 ? conditions[0] : `(${conditions.join(' and ')})`;
  const order = {
    due_date: `(case when "tasks"."due_date" is null then 'infinity'::timestamptz else "tasks"."due_date" end) asc, "tasks"."id" asc`,
    '-created_at': `"tasks"."created_at" desc, "tasks"."id" desc`,
    position: `"tasks"."parent_key" asc, "tasks"."position" asc, "tasks"."list_id" asc`,
  }[query.sort];
  const listParams = [...params, query.limit + 1];
  return {
    list: [`select ${COLUMNS} from "tasks" where ${where} order by ${order} limit $${listParams.length}`, listParams],
    count: [`select count(*)::int as "n" from "tasks" where ${where}`, params],
  };
}
