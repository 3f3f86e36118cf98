// What the add and edit forms hold (strings, as inputs give them) and how that becomes a request
// body: the full body for a new task, only the changed fields for an edit.
import { PRIORITIES, TASK_LIMITS } from '../../../src/limits.js';
import { firstOccurrenceProblem } from '../../../src/recurrence/recurrence.rule.js';
import type { PriorityValue, TaskCreateBody, TaskDto, TaskPatchBody } from '../../../src/tasks/tasks.schemas.js';
import { noRepeat, repeatFromRule, ruleOf, ruleProblem, type RepeatDraft } from '../recurrence/repeatDraft.js';
import { needsDue, reminderBody, remindersFromTask, sameReminders, type ReminderDraft } from '../reminders/reminderDraft.js';
import { fromLocalInput, toLocalInput } from './dates.js';

export const PRIORITY_OPTIONS: readonly PriorityValue[] = PRIORITIES;

// The server's own limits (the file its schemas and CHECK constraints read), so mistakes are
// caught before a round trip; the server still has the last word (its field_errors are shown).
const { titleMax: TITLE_MAX, descriptionMax: DESCRIPTION_MAX, tagMax: TAG_MAX, tagsMax: TAGS_MAX } = TASK_LIMITS;

export interface TaskDraft {
  title: string;
  description: string;
  priority: PriorityValue;
  due: string;
  tags: string;
  repeat: RepeatDraft;
  /** Edited in the edit form only; a new task starts without. */
  reminders: readonly ReminderDraft[];
}

export type DraftField = keyof TaskDraft;
/** The fields an input gives as text. */
export type TextField = 'title' | 'description' | 'priority' | 'due' | 'tags';
export type DraftErrors = Partial<Record<DraftField, string>>;

export const emptyDraft: TaskDraft = { title: '', description: '', priority: 'Medium', due: '', tags: '', repeat: noRepeat, reminders: [] };

export function draftFromTask(task: TaskDto): TaskDraft {
  return {
    title: task.title,
    description: task.description ?? '',
    priority: task.priority,
    due: toLocalInput(task.due_date),
    tags: task.tags.join(', '),
    repeat: repeatFromRule(task.recurrence),
    reminders: remindersFromTask(task.reminders),
  };
}

/** "work, home ,work," → ["work", "home"]: trimmed, empties and duplicates dropped. */
export function parseTags(text: string): string[] {
  const tags = text.split(',').map((t) => t.trim()).filter((t) => t !== '');
  return [...new Set(tags)];
}

const length = (s: string) => [...s].length;

/** `timeZone`: where the rule repeats (the task's, or the account's for a new task). */
export function validateDraft(draft: TaskDraft, timeZone: string): DraftErrors {
  const errors: DraftErrors = {};
  const title = draft.title.trim();
  if (title === '') errors.title = 'Enter a title.';
  else if (length(title) > TITLE_MAX) errors.title = `Keep the title under ${TITLE_MAX + 1} characters.`;
  if (length(draft.description) > DESCRIPTION_MAX) errors.description = `Keep the description under ${DESCRIPTION_MAX + 1} characters.`;
  if (draft.due.trim() !== '' && fromLocalInput(draft.due) === null) errors.due = 'Enter a valid date and time.';
  const tags = parseTags(draft.tags);
  if (tags.length > TAGS_MAX) errors.tags = `Use at most ${TAGS_MAX} tags.`;
  else if (tags.some((t) => length(t) > TAG_MAX)) errors.tags = `Each tag can have at most ${TAG_MAX} characters.`;
  const repeat = repeatError(draft, timeZone);
  if (repeat) errors.repeat = repeat;
  if (needsDue(draft.reminders) && draft.due.trim() === '') errors.reminders = 'A reminder before the due time needs a due date.';
  return errors;
}

/**
 * After a refused submit, the errors still true of the edited draft: a fixed field's message goes
 * as soon as it is fixed, and no new ones appear while typing.
 */
export function remainingErrors(shown: DraftErrors, draft: TaskDraft, timeZone: string): DraftErrors {
  if (Object.keys(shown).length === 0) return shown;
  const now = validateDraft(draft, timeZone);
  return Object.fromEntries(Object.entries(now).filter(([field]) => field in shown));
}

// The server refuses all of these (422); saying so here keeps the person in the form.
function repeatError(draft: TaskDraft, timeZone: string): string | null {
  const rule = ruleOf(draft.repeat);
  if ('problem' in rule) return rule.problem;
  if (rule.rule === null) return null;
  const due = fromLocalInput(draft.due);
  if (due === null) return 'A repeating task needs a due date.';
  const problem = firstOccurrenceProblem(rule.rule, new Date(due), timeZone);
  return problem ? ruleProblem(problem) : null;
}

/** The draft's rule; only called on a draft validateDraft passed. */
const recurrenceOf = (draft: TaskDraft): string | null => {
  const rule = ruleOf(draft.repeat);
  return 'rule' in rule ? rule.rule : null;
};

export function draftToCreate(draft: TaskDraft): TaskCreateBody {
  const body: TaskCreateBody = { title: draft.title.trim(), priority: draft.priority };
  const description = draft.description.trim();
  if (description !== '') body.description = description;
  const due = fromLocalInput(draft.due);
  if (due !== null) body.due_date = due;
  const tags = parseTags(draft.tags);
  if (tags.length > 0) body.tags = tags;
  const recurrence = recurrenceOf(draft);
  if (recurrence !== null) body.recurrence = recurrence;
  if (draft.reminders.length > 0) body.reminders = reminderBody(draft.reminders);
  return body;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Only what the user changed, so an edit never overwrites fields it did not touch. */
export function draftToPatch(task: TaskDto, draft: TaskDraft): TaskPatchBody {
  const patch: TaskPatchBody = {};
  const title = draft.title.trim();
  if (title !== task.title) patch.title = title;
  if (draft.description !== (task.description ?? '')) {
    const description = draft.description.trim();
    patch.description = description === '' ? null : description;
  }
  if (draft.priority !== task.priority) patch.priority = draft.priority;
  // Compared at the input's precision (minutes), so an untouched due date keeps its seconds.
  if (draft.due !== toLocalInput(task.due_date)) patch.due_date = fromLocalInput(draft.due);
  const tags = parseTags(draft.tags);
  if (!sameList(tags, task.tags)) patch.tags = tags;
  const recurrence = recurrenceOf(draft);
  if (recurrence !== task.recurrence) patch.recurrence = recurrence;
  if (!sameReminders(draft.reminders, remindersFromTask(task.reminders))) patch.reminders = reminderBody(draft.reminders);
  return patch;
}
