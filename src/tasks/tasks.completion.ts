// Completing a task, within the request's transaction. A plain task is completed with its open
// subtasks. An open recurring task instead moves to its next occurrence after its current due
// date (one step, however late: missed occurrences do not pile up) and stays open, its subtasks
// reopened (the checklist starts over); when the series has ended it is completed for good. Every
// completion leaves a row in the task's completion history.
import { nextOccurrence } from '../recurrence/recurrence.rule.js';
import type { TasksRepository, TaskRecord } from './tasks.repository.js';
import { TaskRecurrenceRepository } from './tasks.recurrence.repository.js';
import type { TaskTreeRepository } from './tasks.tree.repository.js';

export interface CompletionRepositories {
  tasks: TasksRepository;
  tree: TaskTreeRepository;
  recurrence: TaskRecurrenceRepository;
}

/** After a statement completed a plain task (it was open): its subtasks and its history. */
export async function afterPlainCompletion(userId: string, id: string, { tree, recurrence }: CompletionRepositories): Promise<void> {
  await tree.completeSubtree(userId, id);
  await recurrence.recordCompletion(userId, id);
}

/**
 * Completes the current occurrence of an open recurring task. undefined when the task is not
 * there, not recurring, already completed, or at another version than If-Match names: the caller
 * tells those apart. A concurrent completion of the same occurrence wins; this one then returns
 * the task as that left it (one advance, not two).
 */
export async function completeOccurrence(
  userId: string, id: string, versions: number[] | undefined, repos: CompletionRepositories,
): Promise<TaskRecord | undefined> {
  const task = await repos.tasks.find(userId, id);
  if (!task || task.recurrence === null || task.is_completed || task.due_date === null || task.recurrence_start === null) return undefined;
  if (versions !== undefined && !versions.includes(task.version)) return undefined;
  const next = nextOccurrence(task.recurrence, task.recurrence_start, task.time_zone, task.due_date);
  const done = await repos.recurrence.completeOccurrence(userId, id, task.due_date, next, versions);
  if (!done) {
    const now = await repos.tasks.find(userId, id);
    // Completed meanwhile by a concurrent request: that completion is this one's too.
    if (now && versions === undefined && (now.due_date?.getTime() !== task.due_date.getTime() || now.is_completed)) return now;
    return undefined;
  }
  if (next === null) await repos.tree.completeSubtree(userId, id);
  else await repos.recurrence.reopenSubtree(userId, id);
  return done;
}
