// The rules of tasks: input normalisation (trimmed titles, de-duplicated tags; the routes have
// already capitalised priorities), preconditions (If-Match), completion, pagination. Every call runs in one
// transaction scoped to its user (Database.asUser); SQL lives in the repository.
import type { Database } from '../db/client.js';
import { badRequest, MissingReferenceError, notFound, preconditionFailed, unprocessable, type FieldError } from '../errors.js';
import { authFailureError } from '../auth/auth-failures.js';
import { CursorCodec } from './tasks.cursor.js';
import { matches, parseEtagList } from './tasks.etag.js';
import { PAGE_LIMITS, SORT_KEYS, TASK_LIMITS, type SortKey } from '../limits.js';
import { sortValueOf, TasksRepository, type ListFilters, type TaskFields, type TaskRecord } from './tasks.repository.js';
import type { ListQueryParams, TaskCreateBody, TaskPatchBody, TaskReplaceBody } from './tasks.schemas.js';

export interface TaskPage {
  items: TaskRecord[];
  count: number;
  nextCursor: string | null;
}

const NOT_FOUND = 'Task not found.';

/** Turns the request's field problems into one 422 (or 400 for the query string). */
class FieldProblems {
  readonly list: FieldError[] = [];
  add(field: string, message: string) {
    this.list.push({ field, message });
  }
  throwIfAny(status: 400 | 422) {
    if (this.list.length === 0) return;
    throw status === 400 ? badRequest('The query string is invalid.', this.list) : unprocessable('The request body is invalid.', this.list);
  }
}

/** ISO-8601 text → Date, within the years PostgreSQL and JavaScript both represent exactly. */
function parseTime(value: string, field: string, problems: FieldProblems): Date | undefined {
  const date = new Date(value);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999) {
    problems.add(field, 'must be an ISO-8601 time between years 0001 and 9999');
    return undefined;
  }
  return date;
}

function normalizeTitle(title: string, problems: FieldProblems): string {
  const trimmed = title.trim();
  if (trimmed === '') problems.add('title', 'must not be blank');
  return trimmed;
}

function normalizeTags(tags: string[], problems: FieldProblems): string[] {
  const distinct: string[] = [];
  tags.forEach((raw, index) => {
    const tag = raw.trim();
    if (tag === '') problems.add(`tags[${index}]`, 'must not be blank');
    else if (!distinct.includes(tag)) distinct.push(tag);
  });
  if (distinct.length > TASK_LIMITS.tagsMax) problems.add('tags', `must hold at most ${TASK_LIMITS.tagsMax} distinct tags`);
  return distinct;
}

function dueDateOf(value: string | null | undefined, problems: FieldProblems): Date | null | undefined {
  if (value === undefined || value === null) return value;
  return parseTime(value, 'due_date', problems);
}

export class TasksService {
  private readonly cursors: CursorCodec;

  constructor(private readonly database: Database, cursorSecret: string) {
    this.cursors = new CursorCodec(cursorSecret);
  }

  private run<T>(userId: string, fn: (repo: TasksRepository) => Promise<T>): Promise<T> {
    return this.database.asUser(userId, (tx) => fn(new TasksRepository(tx)));
  }

  async create(userId: string, body: TaskCreateBody): Promise<TaskRecord> {
    const problems = new FieldProblems();
    const fields: TaskFields = {
      title: normalizeTitle(body.title, problems),
      description: body.description ?? null,
      isCompleted: body.is_completed ?? false,
      priority: body.priority ?? 'Medium',
      dueDate: dueDateOf(body.due_date, problems) ?? null,
      tags: normalizeTags(body.tags ?? [], problems),
    };
    problems.throwIfAny(422);
    try {
      return await this.run(userId, (repo) => repo.insert(userId, fields));
    } catch (error) {
      // The token was valid but its user is gone (account deleted while a JWT lives on).
      if (error instanceof MissingReferenceError && error.reference === 'user') throw authFailureError('account_gone');
      throw error;
    }
  }

  async get(userId: string, id: string): Promise<TaskRecord> {
    const task = await this.run(userId, (repo) => repo.find(userId, id));
    if (!task) throw notFound(NOT_FOUND);
    return task;
  }

  replace(userId: string, id: string, body: TaskReplaceBody, ifMatch: string | undefined): Promise<TaskRecord> {
    const problems = new FieldProblems();
    const fields: TaskFields = {
      title: normalizeTitle(body.title, problems),
      description: body.description,
      isCompleted: body.is_completed,
      priority: body.priority ?? 'Medium',
      dueDate: dueDateOf(body.due_date, problems) ?? null,
      tags: normalizeTags(body.tags ?? [], problems),
    };
    problems.throwIfAny(422);
    return this.change(userId, id, ifMatch, (repo, versions) => repo.update(userId, id, fields, versions));
  }

  async patch(userId: string, id: string, body: TaskPatchBody, ifMatch: string | undefined): Promise<TaskRecord> {
    const problems = new FieldProblems();
    const changes: Partial<TaskFields> = {};
    if (body.title !== undefined) changes.title = normalizeTitle(body.title, problems);
    if (body.description !== undefined) changes.description = body.description;
    if (body.is_completed !== undefined) changes.isCompleted = body.is_completed;
    if (body.priority !== undefined) changes.priority = body.priority;
    if (body.due_date !== undefined) changes.dueDate = dueDateOf(body.due_date, problems) ?? null;
    if (body.tags !== undefined) changes.tags = normalizeTags(body.tags, problems);
    problems.throwIfAny(422);
    if (Object.keys(changes).length === 0) {
      // An empty PATCH changes nothing and keeps the version, but still honours If-Match.
      const task = await this.get(userId, id);
      if (ifMatch !== undefined && !matches(parseEtagList(ifMatch), task.version)) {
        throw preconditionFailed('The task has changed since you read it (If-Match does not match).');
      }
      return task;
    }
    return this.change(userId, id, ifMatch, (repo, versions) => repo.update(userId, id, changes, versions));
  }

  toggle(userId: string, id: string, ifMatch: string | undefined): Promise<TaskRecord> {
    return this.change(userId, id, ifMatch, (repo, versions) => repo.toggle(userId, id, versions));
  }

  async delete(userId: string, id: string, ifMatch: string | undefined): Promise<void> {
    await this.change(userId, id, ifMatch, async (repo, versions) => ((await repo.delete(userId, id, versions)) ? true : undefined));
  }

  /**
   * Runs one conditional write. When it touches no row, a second look tells "no such task"
   * (404, also for another user's task) from "stale If-Match" (412).
   */
  private async change<T>(
    userId: string,
    id: string,
    ifMatch: string | undefined,
    write: (repo: TasksRepository, versions: number[] | undefined) => Promise<T | undefined>,
  ): Promise<T> {
    const precondition = ifMatch === undefined ? undefined : parseEtagList(ifMatch);
    const versions = precondition === undefined || precondition.any ? undefined : precondition.versions;
    const outcome = await this.run(userId, async (repo) => {
      const result = await write(repo, versions);
      if (result !== undefined) return { result };
      return { missing: !(await repo.exists(userId, id)) };
    });
    if ('result' in outcome) return outcome.result as T;
    if (outcome.missing) throw notFound(NOT_FOUND);
    throw preconditionFailed('The task has changed since you read it (If-Match does not match).');
  }

  async list(userId: string, query: ListQueryParams): Promise<TaskPage> {
    const problems = new FieldProblems();
    const sort = query.sort ?? '-created_at';
    const descending = sort.startsWith('-');
    const key = (descending ? sort.slice(1) : sort) as SortKey;
    if (!SORT_KEYS.includes(key)) problems.add('sort', 'is not a sortable field');
    const filters: ListFilters = {
      status: query.status ?? 'all',
      // The routes have already put priorities in their canonical case (input is case-insensitive).
      priorities: [...new Set(query.priority ?? [])],
      tags: [...new Set((query.tag ?? []).map((t) => t.trim()))],
      q: query.q === undefined || query.q.trim() === '' ? undefined : query.q,
      dueBefore: query.due_before === undefined ? undefined : parseTime(query.due_before, 'due_before', problems),
      dueAfter: query.due_after === undefined ? undefined : parseTime(query.due_after, 'due_after', problems),
      overdue: query.overdue,
    };
    let after: { value: string | number; id: string } | undefined;
    if (query.cursor !== undefined) {
      const position = this.cursors.decode(query.cursor, sort, key);
      if (position === null) problems.add('cursor', 'is not a cursor this list issued (it must come from next_cursor with the same sort)');
      else after = { value: position.value, id: position.id };
    }
    problems.throwIfAny(400);
    const limit = query.limit ?? PAGE_LIMITS.default;
    const { rows, total } = await this.run(userId, async (repo) => {
      // One extra row tells whether another page exists without a second query.
      const rows = await repo.list(userId, filters, { key, descending, after, limit: limit + 1 });
      return { rows, total: await repo.count(userId, filters) };
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > limit && last ? this.cursors.encode({ sort, value: sortValueOf(key, descending, last), id: last.id }) : null;
    return { items, count: total, nextCursor };
  }

  metrics(userId: string) {
    return this.run(userId, (repo) => repo.metrics(userId));
  }
}
