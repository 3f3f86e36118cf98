// Add, toggle, edit and delete, each applied to the visible list at once and rolled back (with
// the server's reason reported) if the server refuses.
import { useCallback, useRef } from 'react';
import type { TaskCreateBody, TaskDto, TaskPatchBody } from '../../../src/tasks/tasks.schemas.js';
import { ApiError, createTask, deleteTask, toggleTask, updateTask } from '../api/tasks.js';
import { newTask, patched, toggled } from './optimisticTask.js';
import { subtreeIds } from './taskTree.js';
import { useOptimisticRun, type ChangeHooks } from './useOptimisticRun.js';
import type { TaskListApi } from './useTaskList.js';

/** Ids of tasks the server has not confirmed yet; their controls wait for the real id. */
export const isUnsaved = (task: TaskDto) => task.id.startsWith('unsaved-');

export const isGone = (err: unknown) => err instanceof ApiError && err.status === 404;

export interface TaskActions {
  /**
   * Resolves false if the server refused, so the form can give the user their input back. `at`:
   * where the list shows the new task until the server's order arrives (the end, in manual order).
   */
  add: (body: TaskCreateBody, at?: 'start' | 'end') => Promise<boolean>;
  toggle: (task: TaskDto) => Promise<boolean>;
  edit: (task: TaskDto, patch: TaskPatchBody) => Promise<boolean>;
  remove: (task: TaskDto) => Promise<boolean>;
}

export function useTaskActions(
  list: Pick<TaskListApi, 'items' | 'insertItem' | 'replaceItem' | 'removeItem' | 'beginChange'>,
  hooks: ChangeHooks,
  /** The account's zone: what a new task gets unless it names its own. */
  timeZone: string,
): TaskActions {
  const nextTemp = useRef(0);
  const { items, insertItem, replaceItem, removeItem, beginChange } = list;
  const run = useOptimisticRun(beginChange, hooks);

  const add = useCallback(
    (body: TaskCreateBody, at: 'start' | 'end' = 'start') => {
      const temp = newTask(`unsaved-${++nextTemp.current}`, body, timeZone);
      return run(
        () => insertItem(temp, at === 'end' ? Number.MAX_SAFE_INTEGER : 0),
        async () => replaceItem(temp.id, await createTask(body)),
        () => removeItem(temp.id),
      );
    },
    [run, insertItem, replaceItem, removeItem, timeZone],
  );

  const toggle = useCallback(
    (task: TaskDto) => {
      return run(
        () => replaceItem(task.id, toggled(task), { force: true }),
        async () => replaceItem(task.id, await toggleTask(task.id)),
        (err) => (isGone(err) ? removeItem(task.id) : replaceItem(task.id, task, { force: true })),
      );
    },
    [run, replaceItem, removeItem],
  );

  const edit = useCallback(
    (task: TaskDto, patch: TaskPatchBody) => {
      if (Object.keys(patch).length === 0) return Promise.resolve(true);
      return run(
        () => replaceItem(task.id, patched(task, patch), { force: true }),
        async () => replaceItem(task.id, await updateTask(task.id, patch)),
        (err) => (isGone(err) ? removeItem(task.id) : replaceItem(task.id, task, { force: true })),
      );
    },
    [run, replaceItem, removeItem],
  );

  // Deleting a task deletes its subtasks: they leave the list with it, and come back with it.
  const remove = useCallback(
    (task: TaskDto) => {
      const ids = subtreeIds(items, task.id);
      const removed = items.flatMap((t, index) => (ids.has(t.id) ? [{ t, index }] : []));
      return run(
        () => ids.forEach((id) => removeItem(id)),
        async () => {
          try {
            await deleteTask(task.id);
          } catch (err) {
            // Already gone (deleted in another tab): what the user asked for has happened.
            if (!isGone(err)) throw err;
          }
        },
        () => removed.forEach(({ t, index }) => insertItem(t, index)),
      );
    },
    [run, items, insertItem, removeItem],
  );

  return { add, toggle, edit, remove };
}
