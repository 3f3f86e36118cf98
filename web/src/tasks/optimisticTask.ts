// What the list shows for a change before the server answers: a new task, an edited one, a
// completed one. The server's answer replaces each; these only need to be a good guess.
import { nextOccurrence } from '../../../src/recurrence/recurrence.rule.js';
import type { ReminderDto, ReminderInputBody, TaskCreateBody, TaskDto, TaskPatchBody } from '../../../src/tasks/tasks.schemas.js';

let nextTemp = 0;

/** Reminders as the list holds them: ids kept where the reminder is the same, placeholders for new ones. */
function shownReminders(sent: readonly ReminderInputBody[], had: readonly ReminderDto[]): ReminderDto[] {
  return sent.flatMap((r): ReminderDto[] => {
    const same = had.find((h) => ('at' in h ? r.at !== undefined && Date.parse(h.at) === Date.parse(r.at) : h.minutes_before_due === r.minutes_before_due));
    const id = same?.id ?? `unsaved-reminder-${++nextTemp}`;
    if (r.at !== undefined) return [{ id, at: r.at }];
    return r.minutes_before_due !== undefined ? [{ id, minutes_before_due: r.minutes_before_due }] : [];
  });
}

/** `timeZone`: the account's, which the server gives a new task unless the body names one. */
export function newTask(tempId: string, body: TaskCreateBody, timeZone: string): TaskDto {
  const now = new Date().toISOString();
  return {
    id: tempId,
    user_id: '',
    title: body.title,
    description: body.description ?? null,
    is_completed: body.is_completed ?? false,
    priority: body.priority ?? 'Medium',
    due_date: body.due_date ?? null,
    tags: body.tags ?? [],
    created_at: now,
    updated_at: now,
    completed_at: null,
    version: 0,
    list_id: body.list_id ?? '',
    parent_id: body.parent_id ?? null,
    position: '',
    recurrence: body.recurrence ?? null,
    time_zone: body.time_zone ?? timeZone,
    reminders: shownReminders(body.reminders ?? [], []),
    last_completed_at: null,
  };
}

export function patched(task: TaskDto, patch: TaskPatchBody): TaskDto {
  const { reminders, ...rest } = patch;
  return { ...task, ...rest, reminders: reminders === undefined ? task.reminders : shownReminders(reminders, task.reminders), updated_at: new Date().toISOString() };
}

/**
 * The task after its checkbox is toggled. Completing an open recurring task keeps it open and
 * moves it to its next occurrence, as the server will (unless the series has ended).
 */
export function toggled(task: TaskDto): TaskDto {
  const now = new Date().toISOString();
  if (task.is_completed) return { ...task, is_completed: false, completed_at: null };
  if (task.recurrence !== null && task.due_date !== null) {
    const due = new Date(task.due_date);
    const next = nextOccurrence(task.recurrence, due, task.time_zone, due);
    if (next) return { ...task, due_date: next.toISOString(), last_completed_at: now };
  }
  return { ...task, is_completed: true, completed_at: now, last_completed_at: now };
}
