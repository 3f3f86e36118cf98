// All SQL about tasks. Every method takes the user id first and filters on it; the request's
// transaction (Database.asUser) adds row-level security behind that, so a forgotten filter
// would still see nothing of another user's. Statements are written with Drizzle against the
// schema and compiled once (db/statement.ts); a request only binds values.
import { and, arrayContains, asc, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import type { RequestTx } from '../db/client.js';
import { constraintOf, sqlState } from '../db/errors.js';
import { MissingReferenceError, PositionTakenError, unprocessable } from '../errors.js';
import { NO_PARENT, tasks, userSettings } from '../db/schema.js';
import { columnValue, compile, placeholder, statementBuilder as build, StatementCache, type BoundQuery } from '../db/statement.js';
import type { Priority, SortKey } from '../limits.js';

/** A tasks row as Drizzle types it (property names), inferred from the table. */
type TaskRow = typeof tasks.$inferSelect;

/**
 * The columns a response needs, by the name the driver returns them under (the column name); the
 * search vector and priority rank stay in the database. Computed fields need .as() to be named.
 * A column added to the table and listed here reaches TaskRecord with its type; nothing else to edit.
 */
const RESPONSE_COLUMNS = {
  id: 'id',
  user_id: 'userId',
  title: 'title',
  description: 'description',
  is_completed: 'isCompleted',
  priority: 'priority',
  due_date: 'dueDate',
  tags: 'tags',
  created_at: 'createdAt',
  updated_at: 'updatedAt',
  completed_at: 'completedAt',
  version: 'version',
  list_id: 'listId',
  parent_id: 'parentId',
  position: 'position',
  recurrence: 'recurrence',
  time_zone: 'timeZone',
  reminders: 'reminders',
  last_completed_at: 'lastCompletedAt',
  // Not on the wire: the series' DTSTART, which completing a recurring task expands from.
  recurrence_start: 'recurrenceStart',
} as const satisfies Record<string, keyof TaskRow>;
type ResponseColumns = typeof RESPONSE_COLUMNS;

/** The same columns for hand-written statements (RETURNING): the keys are the column names. */
export const RESPONSE_COLUMN_LIST = sql.raw(Object.keys(RESPONSE_COLUMNS).join(', '));

const taskColumns = Object.fromEntries(Object.entries(RESPONSE_COLUMNS).map(([name, property]) => [name, tasks[property]])) as {
  [K in keyof ResponseColumns]: (typeof tasks)[ResponseColumns[K]];
};

/** A task row as the driver returns it (keys are the column names), typed from the table. */
export type TaskRecord = { [K in keyof ResponseColumns]: TaskRow[ResponseColumns[K]] };

const FIELD_NAMES = ['title', 'description', 'isCompleted', 'priority', 'dueDate', 'tags', 'recurrence', 'timeZone', 'reminders'] as const satisfies readonly (keyof TaskRow)[];

/**
 * Writable columns as the statements bind them: reminders as JSON text (the drivers would send a
 * JS array as a PostgreSQL array), time_zone null for "the user's setting, else UTC".
 */
export type TaskFields = Omit<Pick<TaskRow, (typeof FIELD_NAMES)[number]>, 'reminders' | 'timeZone'> & {
  reminders: string;
  timeZone: string | null;
};

export interface ListFilters {
  status: 'all' | 'pending' | 'completed';
  priorities: Priority[];
  tags: string[];
  q: string | undefined;
  dueBefore: Date | undefined;
  dueAfter: Date | undefined;
  overdue: boolean | undefined;
  /** Tasks in any of these lists (empty: every list). */
  listIds: string[];
  /** A task's direct subtasks, or 'none' for top-level tasks only. */
  parentId: string | undefined;
}

export interface ListOrder {
  key: SortKey;
  descending: boolean;
  after: CursorPoint | undefined;
  limit: number;
}

/** Where a page ends: the sort value and the tie-breaker (see cursorPointOf). */
export interface CursorPoint {
  value: string | number;
  id: string;
}

export interface TaskMetricsRow {
  total: number;
  completed: number;
  pending: number;
  overdue: number;
  high_priority: number;
  medium_priority: number;
  low_priority: number;
}

const p = placeholder;
const FOREIGN_KEY_VIOLATION = '23503';
const UNIQUE_VIOLATION = '23505';
const CHECK_VIOLATION = '23514';

/** A failed write's cause, in the service's terms (see errors.ts). */
export function translateWriteError(error: unknown): unknown {
  const state = sqlState(error);
  if (state === UNIQUE_VIOLATION && constraintOf(error) === 'tasks_sibling_position_key') return new PositionTakenError();
  if (state === CHECK_VIOLATION && constraintOf(error) === 'tasks_recurrence_needs_due_date') {
    return unprocessable('A recurring task needs a due date.', [{ field: 'recurrence', message: 'needs a due_date (the first occurrence); clear the recurrence to remove the due date' }]);
  }
  if (state === FOREIGN_KEY_VIOLATION) {
    const constraint = constraintOf(error);
    return new MissingReferenceError(constraint === 'tasks_list_fk' ? 'list' : constraint === 'tasks_parent_fk' ? 'parent' : 'user');
  }
  return error;
}

/** The task a write aims at: the user's, with that id, and (with If-Match) at a version listed. */
function target(withVersions: boolean): SQL {
  return and(
    eq(tasks.userId, p('userId')),
    eq(tasks.id, p('id')),
    withVersions ? sql`${tasks.version} = any(${p('versions')}::integer[])` : undefined,
  )!;
}

/**
 * The columns each sort orders by, the last one the tie-breaker; each has an index that leads with
 * user_id. Manual order is (parent, position) and then the list: siblings never share a position
 * (tasks_sibling_position_key), so within a list that is unique, and with list_id fixed the index
 * (user_id, list_id, parent_key, position) gives the order with no sort step.
 */
function sortColumns(key: SortKey, descending: boolean): SQL[] {
  if (key === 'position') return [sql`${tasks.parentKey}`, sql`${tasks.position}`, sql`${tasks.listId}`];
  return [sortExpression(key, descending), sql`${tasks.id}`];
}

function sortExpression(key: Exclude<SortKey, 'position'>, descending: boolean): SQL {
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

const CURSOR_TYPES: Record<SortKey, SQL[]> = {
  title: [sql.raw('text'), sql.raw('uuid')],
  priority: [sql.raw('smallint'), sql.raw('uuid')],
  created_at: [sql.raw('timestamptz'), sql.raw('uuid')],
  updated_at: [sql.raw('timestamptz'), sql.raw('uuid')],
  due_date: [sql.raw('timestamptz'), sql.raw('uuid')],
  position: [sql.raw('uuid'), sql.raw('text collate "C"'), sql.raw('uuid')],
};
/**
 * What a cursor stores for a row, matching sortColumns: the sort value and the tie-breaker (the
 * id; for manual order the value is "parent_key position" and the tie-breaker the list id).
 */
export function cursorPointOf(key: SortKey, descending: boolean, row: TaskRecord): CursorPoint {
  if (key === 'position') return { value: `${row.parent_id ?? NO_PARENT} ${row.position}`, id: row.list_id };
  return { value: sortValueOf(key, descending, row), id: row.id };
}

/** The keyset tuple a cursor resumes after, one value per sortColumns entry. */
function cursorValues(key: SortKey, after: CursorPoint): unknown[] {
  if (key === 'position') {
    const [parentKey, position] = String(after.value).split(' ');
    return [parentKey, position, after.id];
  }
  return [after.value, after.id];
}

function sortValueOf(key: Exclude<SortKey, 'position'>, descending: boolean, row: TaskRecord): string | number {
  switch (key) {
    case 'created_at': return row.created_at.toISOString();
    case 'updated_at': return row.updated_at.toISOString();
    case 'title': return row.title;
    case 'priority': return row.priority === 'High' ? 0 : row.priority === 'Medium' ? 1 : 2;
    case 'due_date': return row.due_date ? row.due_date.toISOString() : descending ? '-infinity' : 'infinity';
  }
}

/**
 * Which conditions a list applies, as a short key: statements are cached per shape, and the
 * number of shapes is bounded (each filter is present or not; values are always parameters).
 */
function filterShape(filters: ListFilters): string {
  const present = (on: unknown) => (on ? '1' : '0');
  return [
    filters.status[0],
    present(filters.priorities.length > 0),
    present(filters.tags.length > 0),
    present(filters.q !== undefined),
    present(filters.dueBefore),
    present(filters.dueAfter),
    filters.overdue === undefined ? 'u' : filters.overdue ? 't' : 'f',
    filters.listIds.length === 0 ? '0' : filters.listIds.length === 1 ? '1' : 'n',
    filters.parentId === undefined ? 'u' : filters.parentId === 'none' ? 'n' : 'p',
  ].join('');
}

function filterConditions(filters: ListFilters): SQL {
  const conditions: SQL[] = [eq(tasks.userId, p('userId'))];
  if (filters.status === 'pending') conditions.push(eq(tasks.isCompleted, false));
  if (filters.status === 'completed') conditions.push(eq(tasks.isCompleted, true));
  if (filters.priorities.length > 0) conditions.push(sql`${tasks.priority} = any(${p('priorities')}::text[])`);
  if (filters.tags.length > 0) conditions.push(arrayContains(tasks.tags, columnValue('tags', tasks.tags)));
  if (filters.q !== undefined) conditions.push(sql`${tasks.search} @@ websearch_to_tsquery('english', ${p('q')})`);
  if (filters.dueBefore) conditions.push(lt(tasks.dueDate, columnValue('dueBefore', tasks.dueDate)));
  if (filters.dueAfter) conditions.push(gt(tasks.dueDate, columnValue('dueAfter', tasks.dueDate)));
  if (filters.overdue === true) conditions.push(sql`(not ${tasks.isCompleted} and ${tasks.dueDate} < now())`);
  if (filters.overdue === false) conditions.push(sql`not (not ${tasks.isCompleted} and coalesce(${tasks.dueDate} < now(), false))`);
  if (filters.listIds.length > 0) conditions.push(listCondition(filters.listIds.length));
  if (filters.parentId === 'none') conditions.push(sql`${tasks.parentId} is null`);
  else if (filters.parentId !== undefined) conditions.push(eq(tasks.parentId, p('parentId')));
  return and(...conditions)!;
}

function filterValues(userId: string, filters: ListFilters) {
  return {
    userId,
    priorities: filters.priorities,
    tags: filters.tags,
    q: filters.q,
    dueBefore: filters.dueBefore,
    dueAfter: filters.dueAfter,
    listIds: filters.listIds,
    listId: filters.listIds[0],
    parentId: filters.parentId === 'none' ? undefined : filters.parentId,
  };
}

/**
 * One list is an equality, not `= any(array)`: with list_id fixed to one value the planner reads
 * sort=position straight off the sibling index (user_id, list_id, parent_key, position), no Sort.
 */
function listCondition(lists: number): SQL {
  return lists === 1 ? eq(tasks.listId, p('listId')) : sql`${tasks.listId} = any(${p('listIds')}::uuid[])`;
}

type Key = { userId: string; id: string };
type Versions = { versions?: number[] | undefined };
type FieldValues = Partial<TaskFields> & Key & Versions;
type FilterValues = ReturnType<typeof filterValues>;
type ListValues = FilterValues & { limit: number; after?: unknown[] };

const FIND = compile<Key>(build.select(taskColumns).from(tasks).where(target(false)));
const FIND_MANY = compile<{ userId: string; ids: string[] }>(
  build.select(taskColumns).from(tasks).where(and(eq(tasks.userId, placeholder('userId')), sql`${tasks.id} = any(${placeholder('ids')}::uuid[])`)),
);
const EXISTS = compile<Key>(build.select({ one: sql`1` }).from(tasks).where(target(false)));
/** Where a new task goes: its list, parent and position (the service computes them). */
export interface Placement {
  listId: string;
  parentId: string | null;
  position: string;
}

/** The zone given, else the user's setting, else UTC: in the writing statement, no extra trip. */
const USERS_TIME_ZONE = sql`coalesce(${p('timeZone')}::text, (select ${userSettings.timeZone} from ${userSettings} where ${userSettings.userId} = ${p('userId')}), 'UTC')`;

const INSERT = compile<TaskFields & Placement & { userId: string }>(
  build
    .insert(tasks)
    .values({
      userId: p('userId'),
      title: p('title'),
      description: p('description'),
      isCompleted: p('isCompleted'),
      priority: p('priority'),
      dueDate: p('dueDate'),
      tags: p('tags'),
      listId: p('listId'),
      parentId: p('parentId'),
      position: p('position'),
      completedAt: sql`case when ${p('isCompleted')}::boolean then now() end`,
      recurrence: p('recurrence'),
      recurrenceStart: sql`case when ${p('recurrence')}::text is not null then ${p('dueDate')}::timestamptz end`,
      timeZone: USERS_TIME_ZONE,
      reminders: sql`${p('reminders')}::jsonb`,
    })
    .returning(taskColumns),
);
const metricsStatement = (byList: boolean) => compile<{ userId: string; listIds?: string[] }>(
  build
    .select({
      total: sql`count(*)::int`.as('total'),
      completed: sql`count(*) filter (where ${tasks.isCompleted})::int`.as('completed'),
      pending: sql`count(*) filter (where not ${tasks.isCompleted})::int`.as('pending'),
      overdue: sql`count(*) filter (where not ${tasks.isCompleted} and ${tasks.dueDate} < now())::int`.as('overdue'),
      high_priority: sql`count(*) filter (where ${tasks.priority} = 'High')::int`.as('high_priority'),
      medium_priority: sql`count(*) filter (where ${tasks.priority} = 'Medium')::int`.as('medium_priority'),
      low_priority: sql`count(*) filter (where ${tasks.priority} = 'Low')::int`.as('low_priority'),
    })
    .from(tasks)
    .where(and(eq(tasks.userId, p('userId')), byList ? listCondition(2) : undefined)),
);
const METRICS = [metricsStatement(false), metricsStatement(true)] as const;
const toggleStatement = (withVersions: boolean) =>
  compile<Key & Versions>(
    build
      .update(tasks)
      .set({
        isCompleted: sql`not ${tasks.isCompleted}`,
        completedAt: sql`case when ${tasks.isCompleted} then null else now() end`,
        lastCompletedAt: sql`case when ${tasks.isCompleted} then ${tasks.lastCompletedAt} else now() end`,
        version: sql`${tasks.version} + 1`,
        updatedAt: sql`now()`,
      })
      // An open recurring task is not toggled: completing it moves it to its next occurrence
      // (TaskRecurrenceRepository.completeOccurrence).
      .where(and(target(withVersions), sql`(${tasks.recurrence} is null or ${tasks.isCompleted})`))
      .returning(taskColumns),
  );
const TOGGLE = [toggleStatement(false), toggleStatement(true)] as const;
const deleteStatement = (withVersions: boolean) =>
  compile<Key & Versions>(build.delete(tasks).where(target(withVersions)).returning({ id: tasks.id }));
const DELETE = [deleteStatement(false), deleteStatement(true)] as const;

/**
 * Whether the task was completed before this statement: a subquery in RETURNING reads the
 * statement's snapshot, which does not include the statement's own change. Completing a task
 * completes its subtasks, so the service must know it was a completion, not an edit of a done task.
 */
const WAS_COMPLETED = sql<boolean>`(select before.is_completed from ${tasks} before where before.user_id = ${p('userId')} and before.id = ${p('id')})`.as('was_completed');

const updates = new StatementCache<FieldValues>();
const pages = new StatementCache<ListValues & Record<string, unknown>>();
const counts = new StatementCache<FilterValues>();

/** Index 1 when the write carries If-Match versions. */
const withVersions = (versions: number[] | undefined) => (versions === undefined ? 0 : 1);

export class TasksRepository {
  constructor(private readonly tx: RequestTx) {}

  /**
   * Throws MissingReferenceError when the user, list or parent is gone (deleted since the
   * placement was read), PositionTakenError when a concurrent write took the position.
   */
  async insert(userId: string, fields: TaskFields, placement: Placement): Promise<TaskRecord> {
    try {
      const [row] = await this.tx.query<TaskRecord>(INSERT.with({ userId, ...fields, ...placement }));
      return row!;
    } catch (error) {
      throw translateWriteError(error);
    }
  }

  async find(userId: string, id: string): Promise<TaskRecord | undefined> {
    const [row] = await this.tx.query<TaskRecord>(FIND.with({ userId, id }));
    return row;
  }

  /** These of the user's tasks that exist, in no particular order. */
  findMany(userId: string, ids: string[]): Promise<TaskRecord[]> {
    return this.tx.query<TaskRecord>(FIND_MANY.with({ userId, ids }));
  }

  async exists(userId: string, id: string): Promise<boolean> {
    return (await this.tx.query(EXISTS.with({ userId, id }))).length > 0;
  }

  /**
   * Applies changes, bumps version and updated_at, in one statement (no read-modify-write race).
   * With expectedVersions, only a row at one of those versions changes. undefined: no row changed.
   */
  async update(userId: string, id: string, changes: Partial<TaskFields>, expectedVersions?: number[]): Promise<(TaskRecord & { was_completed?: boolean }) | undefined> {
    const fields = FIELD_NAMES.filter((name) => changes[name] !== undefined);
    const statement = updates.get(`${fields.join(',')}|${withVersions(expectedVersions)}`, () => {
      const set: Record<string, unknown> = Object.fromEntries(fields.map((name) => [name, p(name)]));
      if (fields.includes('isCompleted')) {
        // Completing keeps an earlier completion time; reopening clears it.
        set.completedAt = sql`case when ${p('isCompleted')}::boolean then coalesce(${tasks.completedAt}, now()) end`;
        set.lastCompletedAt = sql`case when ${p('isCompleted')}::boolean and not ${tasks.isCompleted} then now() else ${tasks.lastCompletedAt} end`;
      }
      if (fields.includes('reminders')) set.reminders = sql`${p('reminders')}::jsonb`;
      if (fields.includes('timeZone')) set.timeZone = USERS_TIME_ZONE;
      if (fields.includes('recurrence') || fields.includes('dueDate') || fields.includes('timeZone')) {
        // The series starts over from the due date whenever its rule, date or zone is set.
        const rule = fields.includes('recurrence') ? sql`${p('recurrence')}::text` : sql`${tasks.recurrence}`;
        const due = fields.includes('dueDate') ? sql`${p('dueDate')}::timestamptz` : sql`${tasks.dueDate}`;
        set.recurrenceStart = sql`case when ${rule} is not null then ${due} end`;
      }
      // Completing an open recurring task is not an update: it moves the task to its next
      // occurrence (TaskRecurrenceRepository.completeOccurrence), so such a row is left alone here.
      const rule = fields.includes('recurrence') ? sql`${p('recurrence')}::text` : sql`${tasks.recurrence}`;
      const notAnOccurrence = fields.includes('isCompleted') ? sql`(not ${p('isCompleted')}::boolean or ${rule} is null or ${tasks.isCompleted})` : undefined;
      return build
        .update(tasks)
        .set({ ...set, version: sql`${tasks.version} + 1`, updatedAt: sql`now()` })
        .where(and(target(expectedVersions !== undefined), notAnOccurrence))
        .returning(fields.includes('isCompleted') ? { ...taskColumns, was_completed: WAS_COMPLETED } : taskColumns);
    });
    try {
      const [row] = await this.tx.query<TaskRecord & { was_completed?: boolean }>(statement.with({ ...changes, userId, id, versions: expectedVersions }));
      return row;
    } catch (error) {
      throw translateWriteError(error);
    }
  }

  /** Flips is_completed in the database itself, so two concurrent toggles give two flips. */
  async toggle(userId: string, id: string, expectedVersions?: number[]): Promise<TaskRecord | undefined> {
    const [row] = await this.tx.query<TaskRecord>(TOGGLE[withVersions(expectedVersions)]!.with({ userId, id, versions: expectedVersions }));
    return row;
  }

  async delete(userId: string, id: string, expectedVersions?: number[]): Promise<boolean> {
    const rows = await this.tx.query(DELETE[withVersions(expectedVersions)]!.with({ userId, id, versions: expectedVersions }));
    return rows.length > 0;
  }

  list(userId: string, filters: ListFilters, order: ListOrder): Promise<TaskRecord[]> {
    return this.tx.query<TaskRecord>(this.listStatement(userId, filters, order));
  }

  /** The bound list statement: list() runs it; the query-plan test EXPLAINs it. */
  listStatement(userId: string, filters: ListFilters, order: ListOrder): BoundQuery {
    const shape = `${filterShape(filters)}|${order.key}|${order.descending ? 'd' : 'a'}|${order.after ? 'c' : ''}`;
    const statement = pages.get(shape, () => {
      const columns = sortColumns(order.key, order.descending);
      const conditions = [filterConditions(filters)];
      if (order.after) {
        const types = CURSOR_TYPES[order.key];
        const after = sql.join(types.map((type, i) => sql`${p(`after${i}`)}::${type}`), sql`, `);
        conditions.push(sql`(${sql.join(columns, sql`, `)}) ${sql.raw(order.descending ? '<' : '>')} (${after})`);
      }
      const direction = order.descending ? desc : asc;
      return build
        .select(taskColumns)
        .from(tasks)
        .where(and(...conditions))
        .orderBy(...columns.map((column) => direction(column)))
        .limit(p('limit'));
    });
    const after = order.after ? Object.fromEntries(cursorValues(order.key, order.after).map((value, i) => [`after${i}`, value])) : {};
    return statement.with({ ...filterValues(userId, filters), limit: order.limit, ...after });
  }

  async count(userId: string, filters: ListFilters): Promise<number> {
    const [row] = await this.tx.query<{ n: number }>(this.countStatement(userId, filters));
    return row?.n ?? 0;
  }

  /** The bound count statement (see listStatement). */
  countStatement(userId: string, filters: ListFilters): BoundQuery {
    const statement = counts.get(filterShape(filters), () =>
      build.select({ n: sql`count(*)::int`.as('n') }).from(tasks).where(filterConditions(filters)),
    );
    return statement.with(filterValues(userId, filters));
  }

  /** The seven counts in one pass over the user's tasks (in the lists given, if any). */
  async metrics(userId: string, listIds: string[]): Promise<TaskMetricsRow> {
    const statement = METRICS[listIds.length > 0 ? 1 : 0];
    const [row] = await this.tx.query<TaskMetricsRow>(statement.with({ userId, listIds }));
    return row!;
  }
}
