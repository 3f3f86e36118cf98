// Reordering a task among its siblings (or under another parent) and moving it to another list,
// shown at once and undone if the server refuses (a move that would nest too deep, say). The
// server assigns positions; the page only reorders what it shows until the server's order arrives.
import { useCallback } from 'react';
import type { TaskMoveBody } from '../../../src/lists/lists.schemas.js';
import type { TaskDto } from '../../../src/tasks/tasks.schemas.js';
import { moveTask } from '../api/tasks.js';
import { placementBody, type Placement } from '../order/placement.js';
import { subtreeIds } from './taskTree.js';
import { isGone } from './useTaskActions.js';
import { useOptimisticRun, type ChangeHooks } from './useOptimisticRun.js';
import type { TaskListApi } from './useTaskList.js';

export interface TaskMoves {
  /** Puts `task` before or after `target`, under the target's parent. */
  place: (task: TaskDto, target: TaskDto, placement: 'before' | 'after') => Promise<boolean>;
  /** Move up / Move down: before the previous or after the next sibling. */
  placeBeside: (task: TaskDto, placement: Placement) => Promise<boolean>;
  /** The task and its subtasks leave the list shown for another one. */
  toList: (task: TaskDto, listId: string) => Promise<boolean>;
}

type ListParts = Pick<TaskListApi, 'items' | 'insertItem' | 'placeItem' | 'replaceItem' | 'removeItem' | 'beginChange'>;

export function useTaskMoves(list: ListParts, hooks: ChangeHooks): TaskMoves {
  const { items, insertItem, placeItem, replaceItem, removeItem, beginChange } = list;
  const run = useOptimisticRun(beginChange, hooks);

  const placeBeside = useCallback(
    (task: TaskDto, placement: Placement, parentId: string | null = task.parent_id) => {
      const index = items.findIndex((t) => t.id === task.id);
      const body: TaskMoveBody = placementBody(placement);
      // Sent only when it changes, so a plain reorder is a plain reorder.
      if (parentId !== task.parent_id) body.parent_id = parentId;
      return run(
        () => placeItem(task.id, { ...task, parent_id: parentId }, placement),
        async () => replaceItem(task.id, await moveTask(task.id, body)),
        (err) => (isGone(err) ? removeItem(task.id) : placeItem(task.id, task, { index: Math.max(0, index) })),
      );
    },
    [run, items, placeItem, replaceItem, removeItem],
  );

  const place = useCallback(
    (task: TaskDto, target: TaskDto, placement: 'before' | 'after') => {
      // Into its own subtree would make a cycle; the server refuses it, so the page does not try.
      if (subtreeIds(items, task.id).has(target.id)) return Promise.resolve(false);
      const at: Placement = placement === 'before' ? { before: target.id } : { after: target.id };
      return placeBeside(task, at, target.parent_id);
    },
    [items, placeBeside],
  );

  const toList = useCallback(
    (task: TaskDto, listId: string) => {
      if (listId === task.list_id) return Promise.resolve(true);
      const ids = subtreeIds(items, task.id);
      const removed = items.flatMap((t, index) => (ids.has(t.id) ? [{ t, index }] : []));
      return run(
        () => ids.forEach((id) => removeItem(id)),
        async () => {
          await moveTask(task.id, { list_id: listId });
        },
        (err) => {
          if (!isGone(err)) removed.forEach(({ t, index }) => insertItem(t, index));
        },
      );
    },
    [run, items, insertItem, removeItem],
  );

  return { place, placeBeside: (task, placement) => placeBeside(task, placement), toList };
}
