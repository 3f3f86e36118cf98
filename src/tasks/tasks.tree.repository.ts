// The SQL of the task tree: where a new task goes, what a move needs to know, the move itself,
// and completing a subtree. Every statement filters on the user id (and row-level security
// stands behind it). Recursion is bounded (MAX_HOPS) though the service never lets a cycle form:
// a corrupt row could not make a statement loop.
import { sql } from 'drizzle-orm';
import type { RequestTx } from '../db/client.js';
import { lists, NO_PARENT, tasks } from '../db/schema.js';
import { compileSql, placeholder as p } from '../db/statement.js';
import { LIST_LIMITS } from '../limits.js';
import { RESPONSE_COLUMN_LIST, translateWriteError, type TaskRecord } from './tasks.repository.js';

const MAX_HOPS = sql.raw(String(LIST_LIMITS.maxDepth + 2));
const NIL = sql`${NO_PARENT}::uuid`;

/** A list and the last position among its top-level tasks (null: none yet). */
export interface ListTail {
  list_id: string;
  last: string | null;
}

/** A parent and what a new child needs: its list, its depth (0: top-level), its last child's position. */
export interface ParentTail {
  list_id: string;
  depth: number;
  last: string | null;
}

/** Everything a move is decided on, read in one statement after the user's tree lock. */
export interface MoveContext {
  list_id: string;
  parent_id: string | null;
  version: number;
  /** Levels below the task in its subtree (0: no subtasks). */
  height: number;
  list_exists: boolean;
  /** The requested parent's list, or null when it does not exist (or is another user's). */
  parent_list_id: string | null;
  parent_depth: number | null;
  /** The requested parent is the task itself or one of its descendants. */
  cycle: boolean;
  /** The after_id/before_id task, if it exists. */
  neighbour_list_id: string | null;
  neighbour_parent_key: string | null;
  neighbour_position: string | null;
  /** The far side of the gap next to the neighbour (on the requested side) among its siblings, the moving task left out. */
  neighbour_beyond: string | null;
  /** The last position among the task's current siblings, the task left out (a move to the end that stays put). */
  own_tail: string | null;
}

type Tail = { userId: string; listId?: string };
const topLevelTail = (list: ReturnType<typeof sql>) => sql`select l.id as list_id,
  (select max(t.position) from ${tasks} t where t.user_id = ${p('userId')} and t.list_id = l.id and t.parent_key = ${NIL}) as last
  from ${lists} l where l.user_id = ${p('userId')} and ${list}`;
const INBOX_TAIL = compileSql<Tail>(topLevelTail(sql`l.is_inbox`));
const LIST_TAIL = compileSql<Tail>(topLevelTail(sql`l.id = ${p('listId')}`));

/** The chain of ancestors from a task up, with hops (0: the task). */
const ancestors = (start: string) => sql`chain(id, parent_id, hops) as (
    select ${tasks.id}, ${tasks.parentId}, 0 from ${tasks} where ${tasks.userId} = ${p('userId')} and ${tasks.id} = ${p(start)}
    union all
    select t.id, t.parent_id, c.hops + 1 from ${tasks} t join chain c on t.user_id = ${p('userId')} and t.id = c.parent_id where c.hops < ${MAX_HOPS})`;

const PARENT_TAIL = compileSql<{ userId: string; parentId: string }>(sql`with recursive ${ancestors('parentId')}
  select parent.list_id, (select max(hops) from chain)::int as depth,
    (select max(t.position) from ${tasks} t where t.user_id = ${p('userId')} and t.list_id = parent.list_id and t.parent_key = parent.id) as last
  from ${tasks} parent where parent.user_id = ${p('userId')} and parent.id = ${p('parentId')}`);

/** The siblings of a row (`of`), in its list under its parent, the moving task left out. */
const siblingsOf = (of: string) => sql`s.user_id = ${p('userId')} and s.list_id = ${sql.raw(of)}.list_id and s.parent_key = ${sql.raw(of)}.parent_key and s.id <> ${p('id')}`;

const MOVE_CONTEXT = compileSql<{ userId: string; id: string; parentId: string | null; listId: string | null; neighbourId: string | null; side: 'after' | 'before' | null }>(sql`with recursive
  ${ancestors('parentId')},
  subtree(id, height) as (
    select ${tasks.id}, 0 from ${tasks} where ${tasks.userId} = ${p('userId')} and ${tasks.id} = ${p('id')}
    union all
    select t.id, s.height + 1 from ${tasks} t join subtree s on t.user_id = ${p('userId')} and t.parent_id = s.id where s.height < ${MAX_HOPS})
  select moving.list_id, moving.parent_id, moving.version,
    (select max(height) from subtree)::int as height,
    exists (select 1 from ${lists} where ${lists.userId} = ${p('userId')} and ${lists.id} = ${p('listId')}::uuid) as list_exists,
    (select list_id from ${tasks} where ${tasks.userId} = ${p('userId')} and ${tasks.id} = ${p('parentId')}::uuid) as parent_list_id,
    (select max(hops) from chain)::int as parent_depth,
    exists (select 1 from chain where chain.id = ${p('id')}) as cycle,
    neighbour.list_id as neighbour_list_id, neighbour.parent_key as neighbour_parent_key, neighbour.position as neighbour_position,
    case ${p('side')}::text
      when 'after' then (select min(s.position) from ${tasks} s where ${siblingsOf('neighbour')} and s.position > neighbour.position)
      when 'before' then (select max(s.position) from ${tasks} s where ${siblingsOf('neighbour')} and s.position < neighbour.position)
    end as neighbour_beyond,
    (select max(s.position) from ${tasks} s where ${siblingsOf('moving')}) as own_tail
  from ${tasks} moving
  left join ${tasks} neighbour on neighbour.user_id = ${p('userId')} and neighbour.id = ${p('neighbourId')}::uuid
  where moving.user_id = ${p('userId')} and moving.id = ${p('id')}`);

type ReorderKeys = { userId: string; id: string; neighbourId: string | null };
/**
 * A move that names neither a list nor a parent (a reorder among the task's siblings) needs only
 * the task, its neighbour and the gap: a statement far cheaper to plan than MOVE_CONTEXT's
 * recursion (statements are planned on every run: see db/client.ts). One per side, so each is
 * the least it can be; the fields a reorder never reads are constants.
 */
const reorderContext = (side: 'after' | 'before' | null) => compileSql<ReorderKeys>(sql`select
    moving.list_id, moving.parent_id, moving.version, 0 as height, false as list_exists, null::uuid as parent_list_id,
    null::int as parent_depth, false as cycle,
    ${side === null
      ? sql`null::uuid as neighbour_list_id, null::uuid as neighbour_parent_key, null::text as neighbour_position, null::text as neighbour_beyond,
    (select max(s.position) from ${tasks} s where ${siblingsOf('moving')}) as own_tail
  from ${tasks} moving`
      : sql`neighbour.list_id as neighbour_list_id, neighbour.parent_key as neighbour_parent_key, neighbour.position as neighbour_position,
    (select ${sql.raw(side === 'after' ? 'min' : 'max')}(s.position) from ${tasks} s where ${siblingsOf('neighbour')}
      and s.position ${sql.raw(side === 'after' ? '>' : '<')} neighbour.position) as neighbour_beyond,
    null::text as own_tail
  from ${tasks} moving
  left join ${tasks} neighbour on neighbour.user_id = ${p('userId')} and neighbour.id = ${p('neighbourId')}::uuid`}
  where moving.user_id = ${p('userId')} and moving.id = ${p('id')}`);
const REORDER_CONTEXT = { after: reorderContext('after'), before: reorderContext('before'), end: reorderContext(null) } as const;

type Siblings = { userId: string; listId: string; parentKey: string; id: string };
/** The last position among the target siblings, the moving task left out (a move to the end of another parent or list). */
const END_OF = compileSql<Siblings>(sql`select max(${tasks.position}) as beyond from ${tasks}
  where ${tasks.userId} = ${p('userId')} and ${tasks.listId} = ${p('listId')} and ${tasks.parentKey} = ${p('parentKey')} and ${tasks.id} <> ${p('id')}`);


/**
 * The move: the task gets its new parent and position, and its whole subtree the new list (rows
 * whose list does not change are left alone). With versions, nothing moves unless the task is at one.
 */
const moveStatement = (versioned: boolean) =>
  compileSql<{ userId: string; id: string; listId: string; parentId: string | null; position: string; versions?: number[] | undefined }>(sql`with recursive
  subtree(id) as (
    select ${tasks.id} from ${tasks} where ${tasks.userId} = ${p('userId')} and ${tasks.id} = ${p('id')}
      ${versioned ? sql`and ${tasks.version} = any(${p('versions')}::integer[])` : sql``}
    union all
    select t.id from ${tasks} t join subtree s on t.user_id = ${p('userId')} and t.parent_id = s.id)
  update ${tasks} set
    list_id = ${p('listId')},
    parent_id = case when ${tasks.id} = ${p('id')} then ${p('parentId')}::uuid else ${tasks.parentId} end,
    position = case when ${tasks.id} = ${p('id')} then ${p('position')} else ${tasks.position} end,
    version = ${tasks.version} + 1, updated_at = now()
  where ${tasks.userId} = ${p('userId')} and ${tasks.id} in (select id from subtree)
    and (${tasks.id} = ${p('id')} or ${tasks.listId} <> ${p('listId')})
  returning ${RESPONSE_COLUMN_LIST}`);
const MOVE = [moveStatement(false), moveStatement(true)] as const;

/**
 * A reorder among the task's own siblings: only the position changes, and only while the task is
 * still where it was read (same list, same parent). That guard is what lets a reorder skip the
 * tree lock: it never changes the tree's shape, so it cannot make a cycle, and a move that changed
 * the parent meanwhile makes it match nothing (the service then redoes it under the lock).
 */
const reorderStatement = (versioned: boolean) =>
  compileSql<{ userId: string; id: string; listId: string; parentKey: string; position: string; versions?: number[] | undefined }>(sql`update ${tasks} set
    position = ${p('position')}, version = ${tasks.version} + 1, updated_at = now()
  where ${tasks.userId} = ${p('userId')} and ${tasks.id} = ${p('id')} and ${tasks.listId} = ${p('listId')} and ${tasks.parentKey} = ${p('parentKey')}
    ${versioned ? sql`and ${tasks.version} = any(${p('versions')}::integer[])` : sql``}
  returning ${RESPONSE_COLUMN_LIST}`);
const REORDER = [reorderStatement(false), reorderStatement(true)] as const;

/** Completes the open tasks below one (every depth), as one statement. */
const COMPLETE_SUBTREE = compileSql<{ userId: string; id: string }>(sql`with recursive subtree(id, hops) as (
    select ${tasks.id}, 1 from ${tasks} where ${tasks.userId} = ${p('userId')} and ${tasks.parentId} = ${p('id')}
    union all
    select t.id, s.hops + 1 from ${tasks} t join subtree s on t.user_id = ${p('userId')} and t.parent_id = s.id where s.hops < ${MAX_HOPS})
  update ${tasks} set is_completed = true, completed_at = now(), version = ${tasks.version} + 1, updated_at = now()
  where ${tasks.userId} = ${p('userId')} and ${tasks.id} in (select id from subtree) and not ${tasks.isCompleted}`);

/**
 * One user's tree changes (moves, new subtasks) take turns: a transaction-scoped advisory lock on
 * the user. Without it two concurrent moves could each pass the cycle check (A under B, B under
 * A) on their own snapshot. Transaction-scoped, so it is safe behind a transaction-mode pooler.
 */
const TREE_LOCK = compileSql<{ userId: string }>(sql`select pg_advisory_xact_lock(hashtextextended('task-tree:' || ${p('userId')}, 0))`);

export class TaskTreeRepository {
  constructor(private readonly tx: RequestTx) {}

  async lockTree(userId: string): Promise<void> {
    await this.tx.query(TREE_LOCK.with({ userId }));
  }

  async inboxTail(userId: string): Promise<ListTail | undefined> {
    const [row] = await this.tx.query<ListTail>(INBOX_TAIL.with({ userId }));
    return row;
  }

  async listTail(userId: string, listId: string): Promise<ListTail | undefined> {
    const [row] = await this.tx.query<ListTail>(LIST_TAIL.with({ userId, listId }));
    return row;
  }

  async parentTail(userId: string, parentId: string): Promise<ParentTail | undefined> {
    const [row] = await this.tx.query<ParentTail>(PARENT_TAIL.with({ userId, parentId }));
    return row;
  }

  async moveContext(userId: string, id: string, request: { listId: string | null; parentId: string | null; neighbourId: string | null; side: 'after' | 'before' | null }): Promise<MoveContext | undefined> {
    const [row] = await this.tx.query<MoveContext>(MOVE_CONTEXT.with({ userId, id, ...request }));
    return row;
  }

  /** MoveContext for a move that names neither a list nor a parent. */
  async reorderContext(userId: string, id: string, neighbourId: string | null, side: 'after' | 'before' | null): Promise<MoveContext | undefined> {
    const [row] = await this.tx.query<MoveContext>(REORDER_CONTEXT[side ?? 'end'].with({ userId, id, neighbourId }));
    return row;
  }

  /** The last position among the target siblings (null: none). */
  async endOf(userId: string, siblings: Omit<Siblings, 'userId'>): Promise<string | null> {
    const [row] = await this.tx.query<{ beyond: string | null }>(END_OF.with({ ...siblings, userId }));
    return row?.beyond ?? null;
  }

  /** The moved task, or undefined when it is not there at those versions. */
  async move(userId: string, id: string, target: { listId: string; parentId: string | null; position: string }, versions?: number[]): Promise<TaskRecord | undefined> {
    try {
      const rows = await this.tx.query<TaskRecord>(MOVE[versions === undefined ? 0 : 1].with({ userId, id, ...target, versions }));
      return rows.find((row) => row.id === id);
    } catch (error) {
      throw translateWriteError(error);
    }
  }

  /** The reordered task, or undefined when it is not there at those versions, or no longer under the same parent in the same list. */
  async reorder(userId: string, id: string, at: { listId: string; parentKey: string; position: string }, versions?: number[]): Promise<TaskRecord | undefined> {
    try {
      const [row] = await this.tx.query<TaskRecord>(REORDER[versions === undefined ? 0 : 1].with({ userId, id, ...at, versions }));
      return row;
    } catch (error) {
      throw translateWriteError(error);
    }
  }

  async completeSubtree(userId: string, id: string): Promise<void> {
    await this.tx.query(COMPLETE_SUBTREE.with({ userId, id }));
  }
}
