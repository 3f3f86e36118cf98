// All SQL about tasks. Every method takes the user id first and filters on it; the request's
// transaction (Database.asUser) adds row-level security behind that, so a forgotten filter
// would still see nothing of another user's.
import { and, arrayContains, asc, count, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { AppTx } from '../db/client.js';
import { tasks } from '../db/schema.js';
import type { Priority, SortKey } from './tasks.limits.js';

/** The columns a response needs; the search vector and priority rank stay in the database. */
export const taskColumns = {
  id: tasks.id,
  userId: tasks.userId,
  title: tasks.title,
  description: tasks.description,
  isCompleted: tasks.isCompleted,
  priority: tasks.priority,
  dueDate: tasks.dueDate,
  tags: tasks.tags,
  createdAt: tasks.createdAt,
  updatedAt: tasks.updatedAt,
  completedAt: tasks.completedAt,
  version: tasks.version,
};

export interface TaskRecord {
  id: string;
  userId: string;
  title: string;
  description: string | null;
  isCompleted: boolean;
  priority: string;
  dueDate: Date | null;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  version: number;
}

export interface TaskFields {
  title: string;
  description: string | null;
  isCompleted: boolean;
  priority: Priority;
  dueDate: Date | null;
  tags: string[];
}

export interface ListFilters {
  status: 'all' | 'pending' | 'completed';
  priorities: Priority[];
  tags: string[];
  q: string | undefined;
  dueBefore: Date | undefined;
  dueAfter: Date | undefined;
  overdue: boolean | undefined;
}

export interface ListOrder {
  key: SortKey;
  descending: boolean;
  after: { value: string | number; id: string } | undefined;
  limit: number;
}

/** The expression each sort orders by; each has an index (user_id, expression, id). */
function sortExpression(key: SortKey, descending: boolean): SQL {
  switch (key) {
    case 'created_at': return sql`${tasks.createdAt}`;
    case 'updated_at': return sql`${tasks.updatedAt}`;
    case 'title': return sql`${tasks.title}`;
    case 'priority': return sql`${tasks.priorityRank}`;
    // Tasks without a due date sort last in both directions. The same CASE as the indexes (not
    // COALESCE, which row-level security keeps out of index conditions: see schema.ts).
    case 'due_date': {
      const missing = descending ? sql`'-infinity'::timestamptz` : sql`'infinity'::timestamptz`;
      return sql`(case when ${tasks.dueDate} is null then ${missing} else ${tasks.dueDate} end)`;
    }
  }
}

function cursorValueSql(key: SortKey, value: string | number): SQL {
  switch (key) {
    case 'title': return sql`${value}::text`;
    case 'priority': return sql`${value}::smallint`;
    default: return sql`${value}::timestamptz`;
  }
}

/** The value a cursor stores for a row, matching sortExpression. */
export function sortValueOf(key: SortKey, descending: boolean, row: TaskRecord): string | number {
  switch (key) {
    case 'created_at': return row.createdAt.toISOString();
    case 'updated_at': return row.updatedAt.toISOString();
    case 'title': return row.title;
    case 'priority': return row.priority === 'High' ? 0 : row.priority === 'Medium' ? 1 : 2;
    case 'due_date': return row.dueDate ? row.dueDate.toISOString() : descending ? '-infinity' : 'infinity';
  }
}

function filterConditions(userId: string, filters: ListFilters): SQL[] {
  const conditions: (SQL | undefined)[] = [eq(tasks.userId, userId)];
  if (filters.status === 'pending') conditions.push(eq(tasks.isCompleted, false));
  if (filters.status === 'completed') conditions.push(eq(tasks.isCompleted, true));
  if (filters.priorities.length > 0) conditions.push(inArray(tasks.priority, filters.priorities));
  if (filters.tags.length > 0) conditions.push(arrayContains(tasks.tags, filters.tags));
  if (filters.q !== undefined) conditions.push(sql`${tasks.search} @@ websearch_to_tsquery('english', ${filters.q})`);
  if (filters.dueBefore) conditions.push(lt(tasks.dueDate, filters.dueBefore));
  if (filters.dueAfter) conditions.push(gt(tasks.dueDate, filters.dueAfter));
  if (filters.overdue === true) conditions.push(sql`(not ${tasks.isCompleted} and ${tasks.dueDate} < now())`);
  if (filters.overdue === false) conditions.push(sql`not (not ${tasks.isCompleted} and coalesce(${tasks.dueDate} < now(), false))`);
  return conditions.filter((c): c is SQL => c !== undefined);
}

export class TasksRepository {
  constructor(private readonly tx: AppTx) {}

  async insert(userId: string, fields: TaskFields): Promise<TaskRecord> {
    const [row] = await this.tx
      .insert(tasks)
      .values({ userId, ...fields, completedAt: fields.isCompleted ? sql`now()` : null })
      .returning(taskColumns);
    return row!;
  }

  async find(userId: string, id: string): Promise<TaskRecord | undefined> {
    const [row] = await this.tx.select(taskColumns).from(tasks).where(and(eq(tasks.userId, userId), eq(tasks.id, id)));
    return row;
  }

  async exists(userId: string, id: string): Promise<boolean> {
    const [row] = await this.tx.select({ one: sql`1` }).from(tasks).where(and(eq(tasks.userId, userId), eq(tasks.id, id)));
    return row !== undefined;
  }

  /**
   * Applies changes, bumps version and updated_at, in one statement (no read-modify-write race).
   * With expectedVersions, only a row at one of those versions changes. undefined: no row changed.
   */
  async update(userId: string, id: string, changes: Partial<TaskFields>, expectedVersions?: number[]): Promise<TaskRecord | undefined> {
    const completion =
      changes.isCompleted === undefined
        ? {}
        : { completedAt: changes.isCompleted ? sql`coalesce(${tasks.completedAt}, now())` : null };
    const [row] = await this.tx
      .update(tasks)
      .set({ ...changes, ...completion, version: sql`${tasks.version} + 1`, updatedAt: sql`now()` })
      .where(this.target(userId, id, expectedVersions))
      .returning(taskColumns);
    return row;
  }

  /** Flips is_completed in the database itself, so two concurrent toggles give two flips. */
  async toggle(userId: string, id: string, expectedVersions?: number[]): Promise<TaskRecord | undefined> {
    const [row] = await this.tx
      .update(tasks)
      .set({
        isCompleted: sql`not ${tasks.isCompleted}`,
        completedAt: sql`case when ${tasks.isCompleted} then null else now() end`,
        version: sql`${tasks.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(this.target(userId, id, expectedVersions))
      .returning(taskColumns);
    return row;
  }

  async delete(userId: string, id: string, expectedVersions?: number[]): Promise<boolean> {
    const rows = await this.tx.delete(tasks).where(this.target(userId, id, expectedVersions)).returning({ id: tasks.id });
    return rows.length > 0;
  }

  list(userId: string, filters: ListFilters, order: ListOrder): Promise<TaskRecord[]> {
    return this.listQuery(userId, filters, order).execute();
  }

  /** The list statement, unexecuted: list() runs it; the query-plan test EXPLAINs it. */
  listQuery(userId: string, filters: ListFilters, order: ListOrder) {
    const expression = sortExpression(order.key, order.descending);
    const conditions = filterConditions(userId, filters);
    if (order.after) {
      const position = sql`(${expression}, ${tasks.id}) ${sql.raw(order.descending ? '<' : '>')} (${cursorValueSql(order.key, order.after.value)}, ${order.after.id}::uuid)`;
      conditions.push(position);
    }
    const direction = order.descending ? desc : asc;
    return this.tx
      .select(taskColumns)
      .from(tasks)
      .where(and(...conditions))
      .orderBy(direction(expression), direction(tasks.id))
      .limit(order.limit);
  }

  async count(userId: string, filters: ListFilters): Promise<number> {
    const [row] = await this.countQuery(userId, filters);
    return row?.n ?? 0;
  }

  /** The count statement, unexecuted (see listQuery). */
  countQuery(userId: string, filters: ListFilters) {
    return this.tx.select({ n: count() }).from(tasks).where(and(...filterConditions(userId, filters)));
  }

  /** The seven counts in one pass over the user's tasks. */
  async metrics(userId: string) {
    const [row] = await this.tx
      .select({
        total: sql<number>`count(*)::int`,
        completed: sql<number>`count(*) filter (where ${tasks.isCompleted})::int`,
        pending: sql<number>`count(*) filter (where not ${tasks.isCompleted})::int`,
        overdue: sql<number>`count(*) filter (where not ${tasks.isCompleted} and ${tasks.dueDate} < now())::int`,
        high_priority: sql<number>`count(*) filter (where ${tasks.priority} = 'High')::int`,
        medium_priority: sql<number>`count(*) filter (where ${tasks.priority} = 'Medium')::int`,
        low_priority: sql<number>`count(*) filter (where ${tasks.priority} = 'Low')::int`,
      })
      .from(tasks)
      .where(eq(tasks.userId, userId));
    return row!;
  }

  private target(userId: string, id: string, expectedVersions: number[] | undefined): SQL {
    return and(
      eq(tasks.userId, userId),
      eq(tasks.id, id),
      expectedVersions === undefined ? undefined : expectedVersions.length === 0 ? sql`false` : inArray(tasks.version, expectedVersions),
    )!;
  }
}
