// The floor's SQL: the exact statements Drizzle sends for the service's repository methods
// (captured from src/tasks/tasks.repository.ts's compiled statements), so the floor and the service ask the database
// for the same work. test/bench/floor-sql.test.ts compares them with what the repository compiles
// and fails when the two drift apart.

const COLUMNS = `"id", "user_id", "title", "description", "is_completed", "priority", "due_date", "tags", "created_at", "updated_at", "completed_at", "version"`;

export const REQUEST_ROLE = 'task_api';
/** The settings as the service sends them after BEGIN: literals, since a multi-statement simple query takes no parameters. */
export const scopePostgres = (userId: string, statementTimeoutMs: string) =>
  `select set_config('role', '${REQUEST_ROLE}', true), set_config('app.user_id', '${userId}', true), set_config('statement_timeout', '${statementTimeoutMs}', true)`;
// PGlite runs in-process: the service sets no statement timeout there.
export const SCOPE_PGLITE = `select set_config('role', $1, true), set_config('app.user_id', $2, true)`;

export const FIND = `select ${COLUMNS} from "tasks" where ("tasks"."user_id" = $1 and "tasks"."id" = $2)`;

export const EXISTS = `select 1 from "tasks" where ("tasks"."user_id" = $1 and "tasks"."id" = $2)`;

/** $1 user, $2 title, $3 description, $4 is_completed, $5 priority, $6 due_date, $7 tags, $8 is_completed again */
export const INSERT = `insert into "tasks" ("user_id", "id", "title", "description", "is_completed", "priority", "due_date", "tags", "created_at", "updated_at", "completed_at", "version") values ($1, default, $2, $3, $4, $5, $6, $7, default, default, case when $8::boolean then now() end, default) returning ${COLUMNS}`;

/** $1 title, $2 description, $3 is_completed, $4 priority, $5 due_date, $6 tags, $7 is_completed again, $8 user, $9 id */
export const REPLACE = `update "tasks" set "title" = $1, "description" = $2, "is_completed" = $3, "priority" = $4, "due_date" = $5, "tags" = $6, "updated_at" = now(), "completed_at" = case when $7::boolean then coalesce("tasks"."completed_at", now()) end, "version" = "tasks"."version" + 1 where ("tasks"."user_id" = $8 and "tasks"."id" = $9) returning ${COLUMNS}`;

export const TOGGLE = `update "tasks" set "is_completed" = not "tasks"."is_completed", "updated_at" = now(), "completed_at" = case when "tasks"."is_completed" then null else now() end, "version" = "tasks"."version" + 1 where ("tasks"."user_id" = $1 and "tasks"."id" = $2) returning ${COLUMNS}`;

export const DELETE = `delete from "tasks" where ("tasks"."user_id" = $1 and "tasks"."id" = $2) returning "id"`;

export const METRICS = `select count(*)::int as "total", count(*) filter (where "is_completed")::int as "completed", count(*) filter (where not "is_completed")::int as "pending", count(*) filter (where not "is_completed" and "due_date" < now())::int as "overdue", count(*) filter (where "priority" = 'High')::int as "high_priority", count(*) filter (where "priority" = 'Medium')::int as "medium_priority", count(*) filter (where "priority" = 'Low')::int as "low_priority" from "tasks" where "tasks"."user_id" = $1`;

export interface ListQuery {
  status: 'all' | 'pending' | 'completed';
  tags: string[];
  q: string | undefined;
  sort: '-created_at' | 'due_date';
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
  const where = conditions.length === 1 ? conditions[0] : `(${conditions.join(' and ')})`;
  const order =
    query.sort === 'due_date'
      ? `(case when "tasks"."due_date" is null then 'infinity'::timestamptz else "tasks"."due_date" end) asc, "tasks"."id" asc`
      : `"tasks"."created_at" desc, "tasks"."id" desc`;
  const listParams = [...params, query.limit + 1];
  return {
    list: [`select ${COLUMNS} from "tasks" where ${where} order by ${order} limit $${listParams.length}`, listParams],
    count: [`select count(*)::int as "n" from "tasks" where ${where}`, params],
  };
}
