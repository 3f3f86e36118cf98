// The task being dragged, shared by the task rows (drop before or after a task) and the sidebar
// (drop onto a list). Native HTML5 drag events; the keyboard has Move up / Move down / Move to list.
import { useCallback, useState, type DragEvent } from 'react';
import type { TaskDto } from '../../../src/tasks/tasks.schemas.js';

/** What a dragged task carries, so drop targets can tell it from a dragged file or text. */
export const TASK_DRAG_TYPE = 'application/x-task-id';

export interface TaskDrag {
  dragged: TaskDto | null;
  start: (task: TaskDto, event: DragEvent<HTMLElement>, image: Element | null) => void;
  end: () => void;
}

export function useTaskDrag(): TaskDrag {
  const [dragged, setDragged] = useState<TaskDto | null>(null);

  const start = useCallback((task: TaskDto, event: DragEvent<HTMLElement>, image: Element | null) => {
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData(TASK_DRAG_TYPE, task.id);
    event.dataTransfer.setData('text/plain', task.title);
    // The whole row follows the pointer, not just the handle.
    if (image) event.dataTransfer.setDragImage(image, 16, 16);
    setDragged(task);
  }, []);

  const end = useCallback(() => setDragged(null), []);
  return { dragged, start, end };
}

/** Whether a drag event carries one of our tasks (and not, say, a file). */
export const carriesTask = (event: DragEvent) => event.dataTransfer.types.includes(TASK_DRAG_TYPE);
