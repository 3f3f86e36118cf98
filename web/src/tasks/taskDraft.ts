// What the add and edit forms hold (strings, as inputs give them) and how that becomes a request
// body: the full body for a new task, only the changed fields for an edit.
import { PRIORITIES, TASK_LIMITS } from '../../../src/limits.js';
import type { PriorityValue, TaskCreateBody, TaskDto, TaskPatchBody } from '../../../src/tasks/tasks.schemas.js';
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
}

export type DraftField = keyof TaskDraft;
export type DraftErrors = Partial<Record<DraftField, string>>;

export const emptyDraft: TaskDraft = { title: '', description: '', priority: 'Medium', due: '', tags: '' };

export function draftFromTask(task: TaskDto): TaskDraft {
  return {
    title: task.title,
    description: task.description ?? '',
    priority: task.priority,
    due: toLocalInput(task.due_date),
    tags: task.tags.join(', '),
  };
}

/** "work, home ,work," → ["work", "home"]: trimmed, empties and duplicates dropped. */
export function parseTags(text: string): string[] {
  const tags = text.split(',').map((t) => t.trim()).filter((t) => t !== '');
  return [...new Set(tags)];
}

const length = (s: string) => [...s].length;

export function validateDraft(draft: TaskDraft): DraftErrors {
  const errors: DraftErrors = {};
  const title = draft.title.trim();
  if (title === '') errors.title = 'Enter a title.';
  else if (length(title) > TITLE_MAX) errors.title = `Keep the title under ${TITLE_MAX + 1} characters.`;
  if (length(draft.description) > DESCRIPTION_MAX) errors.description = `Keep the description under ${DESCRIPTION_MAX + 1} characters.`;
  if (draft.due.trim() !== '' && fromLocalInput(draft.due) === null) errors.due = 'Enter a valid date and time.';
  const tags = parseTags(draft.tags);
  if (tags.length > TAGS_MAX) errors.tags = `Use at most ${TAGS_MAX} tags.`;
  else if (tags.some((t) => length(t) > TAG_MAX)) errors.tags = `Each tag can have at most ${TAG_MAX} characters.`;
  return errors;
}

export function draftToCreate(draft: TaskDraft): TaskCreateBody {
  const body: TaskCreateBody = { title: draft.title.trim(), priority: draft.priority };
  const description = draft.description.trim();
  if (description !== '') body.description = description;
  const due = fromLocalInput(draft.due);
  if (due !== null) body.due_date = due;
  const tags = parseTags(draft.tags);
  if (tags.length > 0) body.tags = tags;
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
  return patch;
}
