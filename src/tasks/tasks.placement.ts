// Where a task goes: the rules of the tree, apart from the SQL. A new task goes to the end of its
// siblings (in the Inbox unless told otherwise); a move is decided on one MoveContext read under
// the user's tree lock. Refusals name the field at fault; another user's list or task is a 404,
// exactly like one that does not exist.
import { notFound, unprocessable } from '../errors.js';
import { NO_PARENT } from '../db/schema.js';
import { LIST_LIMITS } from '../limits.js';
import type { MoveContext } from './tasks.tree.repository.js';
import type { TaskMoveBody } from '../lists/lists.schemas.js';

export const LIST_NOT_FOUND = 'List not found.';
export const PARENT_NOT_FOUND = 'Parent task not found.';

const tooDeep = (field: string) =>
  unprocessable('The task would be nested too deeply.', [{ field, message: `subtasks nest at most ${LIST_LIMITS.maxDepth} levels below a top-level task` }]);

/** A new subtask of a parent at `parentDepth` (0: top-level) fits. */
export function checkNewChildDepth(parentDepth: number): void {
  if (parentDepth + 1 > LIST_LIMITS.maxDepth) throw tooDeep('parent_id');
}

/** Where a move puts the task: list, parent, and the sibling it goes next to (if any). */
export interface MovePlan {
  listId: string;
  parentId: string | null;
  neighbour: { side: 'after' | 'before'; position: string } | undefined;
}

/**
 * Decides a move from what the database said (ctx) and what the client asked (body), or throws the
 * refusal. parent_id absent keeps the parent, unless list_id names another list: then the task
 * becomes top-level there. parent_id null makes it top-level.
 */
export function planMove(taskId: string, body: TaskMoveBody, ctx: MoveContext): MovePlan {
  const listId = body.list_id?.toLowerCase();
  const parentId = body.parent_id === null ? null : body.parent_id?.toLowerCase();
  if (body.after_id !== undefined && body.before_id !== undefined) {
    throw unprocessable('Give after_id or before_id, not both.', [{ field: 'before_id', message: 'cannot be combined with after_id' }]);
  }
  if (listId !== undefined && !ctx.list_exists) throw notFound(LIST_NOT_FOUND);

  let target: { listId: string; parentId: string | null };
  if (parentId !== undefined && parentId !== null) {
    if (ctx.parent_list_id === null) throw notFound(PARENT_NOT_FOUND);
    if (ctx.cycle) {
      throw unprocessable('A task cannot move under itself or one of its subtasks.', [{ field: 'parent_id', message: 'is the task itself or one of its subtasks' }]);
    }
    if (listId !== undefined && listId !== ctx.parent_list_id) {
      throw unprocessable('The parent is in another list.', [{ field: 'parent_id', message: 'must be in the list given as list_id' }]);
    }
    if ((ctx.parent_depth ?? 0) + 1 + ctx.height > LIST_LIMITS.maxDepth) throw tooDeep('parent_id');
    target = { listId: ctx.parent_list_id, parentId };
  } else if (parentId === null) {
    target = { listId: listId ?? ctx.list_id, parentId: null };
  } else if (listId !== undefined && listId !== ctx.list_id) {
    target = { listId, parentId: null };
  } else {
    target = { listId: ctx.list_id, parentId: ctx.parent_id };
  }

  const neighbourId = body.after_id ?? body.before_id;
  if (neighbourId === undefined) return { ...target, neighbour: undefined };
  const field = body.after_id !== undefined ? 'after_id' : 'before_id';
  if (ctx.neighbour_position === null) throw notFound('Task not found.');
  if (neighbourId.toLowerCase() === taskId) {
    throw unprocessable('A task cannot be placed next to itself.', [{ field, message: 'is the task being moved' }]);
  }
  if (ctx.neighbour_list_id !== target.listId || ctx.neighbour_parent_key !== (target.parentId ?? NO_PARENT)) {
    throw unprocessable('The neighbour is not a sibling at the destination.', [{ field, message: 'must be a task under the target parent, in the target list' }]);
  }
  return { ...target, neighbour: { side: body.after_id !== undefined ? 'after' : 'before', position: ctx.neighbour_position } };
}
