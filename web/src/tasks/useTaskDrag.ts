// The task being dragged, shared by the task rows (drop before or after a task) and the sidebar
// (drop onto a list). The keyboard has Move up / Move down / Move to list.
import type { TaskDto } from '../../../src/tasks/tasks.schemas.js';
import { carries, useDrag, type Drag } from '../order/useDrag.js';

/** What a dragged task carries, so drop targets can tell it from a dragged list, file or text. */
export const TASK_DRAG_TYPE = 'application/x-task-id';

export type TaskDrag = Drag<TaskDto>;

const titleOf = (task: TaskDto) => task.title;

export const useTaskDrag = (): TaskDrag => useDrag(TASK_DRAG_TYPE, titleOf);

export const carriesTask = carries(TASK_DRAG_TYPE);
