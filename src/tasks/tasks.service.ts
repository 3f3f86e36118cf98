// The rules of tasks: input normalisation (trimmed titles, de-duplicated tags; the routes have
// already capitalised priorities), preconditions (If-Match), completion, pagination. Every call runs in one
// transaction scoped to its user (Database.asUser); SQL lives in the repository.
import type { Database, RequestTx } from '../db/client.js';
import { NO_PARENT } from '../db/schema.js';
import { MissingReferenceError, notFound, PositionTakenError, preconditionFailed, unprocessable } from '../errors.js';
import { ListsRepository } from '../lists/lists.repository.js';
import type { TaskMoveBody } from '../lists/lists.schemas.js';
import { keyBetween } from '../order-keys.js';
import { authFailureError } from '../auth/auth-failures.js';
import { CursorCodec } from './tasks.cursor.js';
import { matches, parseEtagList, type Precondition } from '../etag.js';
import { PAGE_LIMITS, SORT_KEYS, TASK_LIMITS, type SortKey } from '../limits.js';
import { checkNewChildDepth, LIST_NOT_FOUND, PARENT_NOT_FOUND, planMove } from './tasks.placement.js';
import { cursorPointOf, TasksRepository, type CursorPoint, type ListFilters, type Placement, type TaskFields, type TaskRecord } from './tasks.repository.js';
import { TaskTreeRepository } from './tasks.tree.repository.js';
import { afterPlainCompletion, completeOccurrence } from './tasks.completion.js';
import { FieldProblems, parseTime } from './tasks.field-problems.js';
import { TaskRecurrenceRepository, type CompletionRecord } from './tasks.recurrence.repository.js';
import { recurrenceOf, remindersOf, timeZoneOf } from './tasks.recurrence-fields.js';
import type { ListQueryParams, MetricsQueryParams, TaskCreateBody, TaskPatchBody, TaskReplaceBody } from './tasks.schemas.js';

export interface TaskPage {
  items: TaskRecord[];
  count: number;
  nextCursor: string | null;
}

const NOT_FOUND = 'Task not found.';
const STALE = 'The task has changed since you read it (If-Match does not match).';
/** Two writers rarely pick the same sibling position at once; a handful of tries always suffices. */
const POSITION_ATTEMPTS = 5;

/** One request transaction's repositories. */
interface Repositories {
  tasks: TasksRepository;
  tree: TaskTreeRepository;
  recurrence: TaskRecurrenceRepository;
  tx: RequestTx;
}

/** The completion history a task response links to: the latest this many. */
const COMPLETIONS_SHOWN = 1000;

/** Runs fn again when a concurrent writer took the sibling position it picked. */
async function retryingPositions<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof PositionTakenError) || attempt >= POSITION_ATTEMPTS) throw error;
    }
  }
}

/** A reference that vanished between the read and the write: the client sees what a fresh request would. */
function missingReference(error: unknown): never {
  if (error instanceof MissingReferenceError) {
    // The token was valid but its user is gone (account deleted while a JWT lives on).
    if (error.reference === 'user') throw authFailureError('account_gone');
    throw notFound(error.reference === 'list' ? LIST_NOT_FOUND : PARENT_NOT_FOUND);
  }
  throw error;
}

/** A move that names neither a list nor a parent: a reorder among the task's current siblings. */
const isReorder = (body: TaskMoveBody) => body.list_id === undefined && body.parent_id === undefined;

const lower = (id: string | null | undefined) => (id === null || id === undefined ? id : id.toLowerCase());

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

  private run<T>(userId: string, fn: (repo: TasksRepository, more: Repositories) => Promise<T>): Promise<T> {
    return this.database.asUser(userId, (tx) => {
      const tasks = new TasksRepository(tx);
      return fn(tasks, { tasks, tree: new TaskTreeRepository(tx), recurrence: new TaskRecurrenceRepository(tx), tx });
    });
  }

  /**
   * Where a new task goes: under its parent (whose list it joins) or at the top level of its list
   * (the Inbox by default), after the last sibling.
   */
  private async placeNew(userId: string, listId: string | null | undefined, parentId: string | null | undefined, { tree, tx }: Repositories): Promise<Placement> {
    if (parentId) {
      await tree.lockTree(userId);
      const parent = await tree.parentTail(userId, parentId);
      if (!parent) throw notFound(PARENT_NOT_FOUND);
      if (listId != null && listId !== parent.list_id) {
        if (!(await tree.listTail(userId, listId))) throw notFound(LIST_NOT_FOUND);
        throw unprocessable('The parent is in another list.', [{ field: 'parent_id', message: 'must be in the list given as list_id' }]);
      }
      checkNewChildDepth(parent.depth);
      return { listId: parent.list_id, parentId, position: keyBetween(parent.last, null) };
    }
    let tail = listId == null ? await tree.inboxTail(userId) : await tree.listTail(userId, listId);
    if (!tail && listId != null) throw notFound(LIST_NOT_FOUND);
    if (!tail) {
      // Sign-up makes the Inbox; an account whose hook never ran gets it now.
      await new ListsRepository(tx).ensureInbox(userId);
      tail = await tree.inboxTail(userId);
    }
    return { listId: tail!.list_id, parentId: null, position: keyBetween(tail!.last, null) };
  }

  async create(userId: string, body: TaskCreateBody): Promise<TaskRecord> {
    const problems = new FieldProblems();
    const dueDate = dueDateOf(body.due_date, problems) ?? null;
    const timeZone = body.time_zone === undefined ? null : timeZoneOf(body.time_zone, problems);
    const fields: TaskFields = {
      title: normalizeTitle(body.title, problems),
      description: body.description ?? null,
      isCompleted: body.is_completed ?? false,
      priority: body.priority ?? 'Medium',
      dueDate,
      tags: normalizeTags(body.tags ?? [], problems),
      recurrence: recurrenceOf(body.recurrence ?? null, { dueDate, timeZone }, problems),
      timeZone,
      reminders: remindersOf(body.reminders ?? [], problems),
    };
    problems.throwIfAny(422);
    const listId = lower(body.list_id);
    const parentId = lower(body.parent_id);
    try {
      return await retryingPositions(() =>
        this.run(userId, async (repo, more) => repo.insert(userId, fields, await this.placeNew(userId, listId, parentId, more))),
      );
    } catch (error) {
      return missingReference(error);
    }
  }

  /**
   * Moves a task (and its subtree); see tasks.placement.ts for the rules. A move that may change the
   * tree's shape (list_id or parent_id given) runs under the user's tree lock. A plain reorder
   * among the task's siblings does not need it: its write only lands while the task is still under
   * the parent it was read under, and when it is not, the move is redone under the lock.
   */
  async move(userId: string, id: string, body: TaskMoveBody, ifMatch: string | undefined): Promise<TaskRecord> {
    const precondition = ifMatch === undefined ? undefined : parseEtagList(ifMatch);
    const reorderOnly = isReorder(body);
    try {
      return await retryingPositions(async () => {
        if (reorderOnly) {
          const moved = await this.run(userId, (_repo, { tree }) => this.moveOnce(userId, id, body, precondition, tree, false));
          if (moved) return moved;
        }
        return (await this.run(userId, (_repo, { tree }) => this.moveOnce(userId, id, body, precondition, tree, true)))!;
      });
    } catch (error) {
      return missingReference(error);
    }
  }

  /** One attempt at a move; undefined when an unlocked reorder found the task moved meanwhile. */
  private async moveOnce(
    userId: string, id: string, body: TaskMoveBody, precondition: Precondition | undefined, tree: TaskTreeRepository, locked: boolean,
  ): Promise<TaskRecord | undefined> {
    if (locked) await tree.lockTree(userId);
    const versions = precondition === undefined || precondition.any ? undefined : precondition.versions;
    const side = body.after_id !== undefined ? 'after' : body.before_id !== undefined ? 'before' : null;
    const request = { listId: lower(body.list_id) ?? null, parentId: lower(body.parent_id) ?? null, neighbourId: lower(body.after_id ?? body.before_id) ?? null, side } as const;
    const ctx = isReorder(body)
      ? await tree.reorderContext(userId, id, request.neighbourId, side)
      : await tree.moveContext(userId, id, request);
    if (!ctx) throw notFound(NOT_FOUND);
    if (precondition !== undefined && !matches(precondition, ctx.version)) throw preconditionFailed(STALE);
    const plan = planMove(id, body, ctx);
    const staysPut = plan.listId === ctx.list_id && plan.parentId === ctx.parent_id;
    let position: string;
    if (plan.neighbour?.side === 'after') position = keyBetween(plan.neighbour.position, ctx.neighbour_beyond);
    else if (plan.neighbour?.side === 'before') position = keyBetween(ctx.neighbour_beyond, plan.neighbour.position);
    else if (staysPut) position = keyBetween(ctx.own_tail, null);
    else position = keyBetween(await tree.endOf(userId, { listId: plan.listId, parentKey: plan.parentId ?? NO_PARENT, id }), null);

    if (staysPut) {
      const moved = await tree.reorder(userId, id, { listId: plan.listId, parentKey: plan.parentId ?? NO_PARENT, position }, versions);
      // Unlocked, a miss may be a concurrent move of this task: the caller redoes it under the lock.
      if (moved || !locked) return moved;
    } else {
      const moved = await tree.move(userId, id, { listId: plan.listId, parentId: plan.parentId, position }, versions);
      if (moved) return moved;
    }
    // The lock keeps other moves out, not edits: one may have changed the version since the read.
    throw precondition === undefined ? notFound(NOT_FOUND) : preconditionFailed(STALE);
  }

  async get(userId: string, id: string): Promise<TaskRecord> {
    const task = await this.run(userId, (repo) => repo.find(userId, id));
    if (!task) throw notFound(NOT_FOUND);
    return task;
  }

  replace(userId: string, id: string, body: TaskReplaceBody, ifMatch: string | undefined): Promise<TaskRecord> {
    const problems = new FieldProblems();
    const dueDate = dueDateOf(body.due_date, problems) ?? null;
    const timeZone = body.time_zone === undefined ? null : timeZoneOf(body.time_zone, problems);
    const fields: TaskFields = {
      title: normalizeTitle(body.title, problems),
      description: body.description,
      isCompleted: body.is_completed,
      priority: body.priority ?? 'Medium',
      dueDate,
      tags: normalizeTags(body.tags ?? [], problems),
      recurrence: recurrenceOf(body.recurrence ?? null, { dueDate, timeZone }, problems),
      timeZone,
      reminders: remindersOf(body.reminders ?? [], problems),
    };
    problems.throwIfAny(422);
    return this.change(userId, id, ifMatch, (repo, versions, more) => this.update(userId, id, fields, versions, more));
  }

  /**
   * An update; when it completes the task, its open subtasks are completed too, in the same
   * transaction. Completing an open recurring task completes its occurrence instead (see
   * tasks.completion.ts), after the request's other changes.
   */
  private async update(userId: string, id: string, changes: Partial<TaskFields>, versions: number[] | undefined, repos: Repositories): Promise<TaskRecord | undefined> {
    const row = await repos.tasks.update(userId, id, changes, versions);
    if (row) {
      if (changes.isCompleted === true && row.was_completed === false) await afterPlainCompletion(userId, id, repos);
      delete row.was_completed;
      return row;
    }
    if (changes.isCompleted !== true) return undefined;
    const { isCompleted: _completing, ...others } = changes;
    let expected = versions;
    if (Object.keys(others).length > 0) {
      if (!(await repos.tasks.update(userId, id, others, versions))) return undefined;
      expected = undefined;
    }
    return completeOccurrence(userId, id, expected, repos);
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
    if (body.time_zone !== undefined) changes.timeZone = timeZoneOf(body.time_zone, problems);
    if (body.recurrence !== undefined) changes.recurrence = recurrenceOf(body.recurrence, { dueDate: changes.dueDate, timeZone: changes.timeZone ?? null }, problems);
    if (body.reminders !== undefined) changes.reminders = remindersOf(body.reminders, problems);
    problems.throwIfAny(422);
    if (Object.keys(changes).length === 0) {
      // An empty PATCH changes nothing and keeps the version, but still honours If-Match.
      const task = await this.get(userId, id);
      if (ifMatch !== undefined && !matches(parseEtagList(ifMatch), task.version)) {
        throw preconditionFailed('The task has changed since you read it (If-Match does not match).');
      }
      return task;
    }
    return this.change(userId, id, ifMatch, (repo, versions, more) => this.update(userId, id, changes, versions, more));
  }

  /** Completing completes the open subtasks (or moves a recurring task on); reopening reopens none of them. */
  toggle(userId: string, id: string, ifMatch: string | undefined): Promise<TaskRecord> {
    return this.change(userId, id, ifMatch, async (repo, versions, repos) => {
      const row = await repo.toggle(userId, id, versions);
      if (!row) return completeOccurrence(userId, id, versions, repos);
      if (row.is_completed) await afterPlainCompletion(userId, id, repos);
      return row;
    });
  }

  /** The task's completions, newest first (404 for a task that is not the user's). */
  async completions(userId: string, id: string): Promise<CompletionRecord[]> {
    const found = await this.run(userId, async (repo, { recurrence }) =>
      (await repo.exists(userId, id)) ? recurrence.completions(userId, id, COMPLETIONS_SHOWN) : undefined,
    );
    if (!found) throw notFound(NOT_FOUND);
    return found;
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
    write: (repo: TasksRepository, versions: number[] | undefined, more: Repositories) => Promise<T | undefined>,
  ): Promise<T> {
    const precondition = ifMatch === undefined ? undefined : parseEtagList(ifMatch);
    const versions = precondition === undefined || precondition.any ? undefined : precondition.versions;
    const outcome = await this.run(userId, async (repo, more) => {
      const result = await write(repo, versions, more);
      if (result !== undefined) return { result };
      return { missing: !(await repo.exists(userId, id)) };
    });
    if ('result' in outcome) return outcome.result as T;
    if (outcome.missing) throw notFound(NOT_FOUND);
    throw preconditionFailed(STALE);
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
      listIds: [...new Set((query.list_id ?? []).map((listId) => listId.toLowerCase()))],
      parentId: query.parent_id === undefined || query.parent_id === 'none' ? query.parent_id : query.parent_id.toLowerCase(),
    };
    let after: CursorPoint | undefined;
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
    const nextCursor = rows.length > limit && last ? this.cursors.encode({ sort, ...cursorPointOf(key, descending, last) }) : null;
    return { items, count: total, nextCursor };
  }

  metrics(userId: string, query: MetricsQueryParams) {
    const listIds = [...new Set((query.list_id ?? []).map((listId) => listId.toLowerCase()))];
    return this.run(userId, (repo) => repo.metrics(userId, listIds));
  }
}
