// "Open this task" from outside the list (a reminder's toast or notification): the list it is in
// is shown, without filters that could hide it, and once its row is there the row takes focus.
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { TaskDto } from '../../../src/tasks/tasks.schemas.js';
import { getTask } from '../api/tasks.js';
import type { TaskListApi } from './useTaskList.js';

/**
 * One request to open a task: a new object each time, so opening the same task again (a second
 * click, the toast then the notification) brings its row into focus again.
 */
export interface SpotlightTarget {
  taskId: string;
}

export interface TaskSpotlight {
  /** The task whose row should take focus when it renders, or null. */
  target: SpotlightTarget | null;
  open: (taskId: string) => Promise<void>;
  /** The row has taken focus. */
  done: () => void;
}

interface Options {
  list: Pick<TaskListApi, 'items' | 'loading' | 'failed'>;
  showList: (listId: string) => void;
  clearFilters: () => void;
  report: (err: unknown) => void;
}

export function useTaskSpotlight({ list, showList, clearFilters, report }: Options): TaskSpotlight {
  const [target, setTarget] = useState<SpotlightTarget | null>(null);
  // The items answer the current query only once it has loaded: until then they are the previous
  // query's (another list, just left), and a task among them is not in the list now shown.
  const answered = !list.loading && !list.failed;
  const shown = useRef<readonly TaskDto[]>([]);
  useLayoutEffect(() => {
    shown.current = answered ? list.items : [];
  });

  const open = useCallback(
    async (taskId: string) => {
      if (!shown.current.some((t) => t.id === taskId)) {
        try {
          const task = await getTask(taskId);
          showList(task.list_id);
          clearFilters();
        } catch (err) {
          // Deleted since the reminder fired: the usual "no longer exists".
          report(err);
          return;
        }
      }
      setTarget({ taskId });
    },
    [showList, clearFilters, report],
  );

  const done = useCallback(() => setTarget(null), []);
  return { target, open, done };
}
