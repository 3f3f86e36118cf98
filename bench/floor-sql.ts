// The floor's SQL: the exact statements Drizzle sends for the service's repository methods
// (captured from the compiled statements of src/tasks/tasks.repository.ts and tasks.tree.repository.ts),
// so the floor and the service ask the database for the same work. test/bench/floor-sql.test.ts
// compares them with what the repositories compile and fails when the two drift apart. The move
// is the exception: the floor's own minimal reorder (MOVE_GAP, REORDER; floor-move.test.ts).

export const COLUMNS = `"id", "user_id", "title", "description", "is_completed", "priority", "due_date", "tags", "created_at", "updated_at", "completed_at", "version", "list_id", "parent_id", "position"`;

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
 * $9 list_id, $10 parent_id, $11 position
 */
export const INSERT = `insert into "tasks" ("user_id", "id", "title", "description", "is_completed", "priority", "due_date", "tags", "created_at", "updated_at", "completed_at", "version", "list_id", "parent_id", "position") values ($1, default, $2, $3, $4, $5, $6, $7, default, default, case when $8::boolean then now() end, default, $9, $10, $11) returning ${COLUMNS}`;

/**
 * $1 title, $2 description, $3 is_completed, $4 priority, $5 due_date, $6 tags, $7 is_completed again, $8 user, $9 id,
 * $10 user, $11 id again (was_completed: whether the task was completed before, so a completing PUT completes the subtasks)
 */
export const REPLACE = `update "tasks" set "title" = $1, "description" = $2, "is_completed" = $3, "priority" = $4, "due_date" = $5, "tags" = $6, "updated_at" = now(), "completed_at" = case when $7::boolean then coalesce("tasks"."completed_at", now()) end, "version" = "tasks"."version" + 1 where ("tasks"."user_id" = $8 and "tasks"."id" = $9) returning ${COLUMNS}, (select before.is_completed from "tasks" before where before.user_id = $10 and before.id = $11) as "was_completed"`;

/** Completing a task (PUT or toggle) completes its open subtasks. $1 user, $2 id, $3 user, $4 user */
export const COMPLETE_SUBTREE = `with recursive subtree(id, hops) as (
    select "tasks"."id", 1 from "tasks" where "tasks"."user_id" = $1 and "tasks"."parent_id" = $2
    union all
    select t.id, s.hops + 1 from "tasks" t join subtree s on t.user_id = $3 and t.parent_id = s.id where s.hops < 6)
  update "tasks" set is_completed = true, completed_at = now(), version = "tasks"."version" + 1, updated_at = now()
  where "tasks"."user_id" = $4 and "tasks"."id" in (select id from subtree) and not "tasks"."is_completed"`;

export const TOGGLE = `update "tasks" set "is_completed" = not "tasks"."is_completed", "updated_at" = now(), "completed_at" = case when "tasks"."is_completed" then null else now() end, "version" = "tasks"."version" + 1 where ("tasks"."user_id" = $1 and "tasks"."id" = $2) returning ${COLUMNS}`;

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
