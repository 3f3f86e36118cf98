// The inputs the add and edit forms share (reminders: the edit form's only). Ids derive from
// `idPrefix`, so several forms can be on the page at once and each label still points at its own input.
import type { ChangeEvent } from 'react';
import { TASK_LIMITS } from '../../../src/limits.js';
import type { PriorityValue } from '../../../src/tasks/tasks.schemas.js';
import { RepeatFields } from '../recurrence/RepeatFields.js';
import { ReminderFields } from '../reminders/ReminderFields.js';
import { fromLocalInput } from './dates.js';
import { PriorityOptions } from './PriorityOptions.js';
import { type DraftErrors, type DraftField, type TaskDraft, type TextField } from './taskDraft.js';

export const fieldId = (idPrefix: string, field: DraftField) => `${idPrefix}-${field}`;
export const errorsId = (idPrefix: string) => `${idPrefix}-errors`;

const ORDER: readonly DraftField[] = ['title', 'description', 'priority', 'due', 'repeat', 'reminders', 'tags'];

/** Focuses the first field with an error; returns whether there was one. */
export function focusFirstInvalid(idPrefix: string, errors: DraftErrors): boolean {
  const first = ORDER.find((f) => errors[f] !== undefined);
  if (first === undefined) return false;
  document.getElementById(fieldId(idPrefix, first))?.focus();
  return true;
}

/** The form's own validation messages, once, where the fields' aria-describedby points. */
export function DraftErrorList({ idPrefix, errors }: { idPrefix: string; errors: DraftErrors }) {
  const messages = ORDER.flatMap((f) => (errors[f] ? [errors[f]] : []));
  if (messages.length === 0) return null;
  return (
    <p className="error" role="alert" id={errorsId(idPrefix)}>
      {messages.join(' ')}
    </p>
  );
}

interface Props {
  idPrefix: string;
  draft: TaskDraft;
  errors: DraftErrors;
  /** Where a recurrence repeats: the task's zone, or the account's for a new task. */
  timeZone: string;
  withReminders?: boolean;
  onChange: (draft: TaskDraft) => void;
}

export function TaskFields({ idPrefix, draft, errors, timeZone, withReminders = false, onChange }: Props) {
  const id = (f: DraftField) => fieldId(idPrefix, f);
  const update = (f: TextField) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    onChange({ ...draft, [f]: f === 'priority' ? (e.target.value as PriorityValue) : e.target.value });
  const a11y = (f: DraftField, hint?: string) => {
    const describedBy = [hint ?? '', errors[f] ? errorsId(idPrefix) : ''].filter(Boolean).join(' ');
    return { 'aria-invalid': errors[f] ? true : undefined, 'aria-describedby': describedBy || undefined };
  };

  return (
    <div className="task-fields">
      <div className="field span-all">
        <label htmlFor={id('title')}>Title</label>
        <input id={id('title')} type="text" value={draft.title} onChange={update('title')} required maxLength={TASK_LIMITS.titleMax} autoComplete="off" {...a11y('title')} />
      </div>
      <div className="field span-all">
        <label htmlFor={id('description')}>Description</label>
        <textarea id={id('description')} value={draft.description} onChange={update('description')} rows={2} maxLength={TASK_LIMITS.descriptionMax} {...a11y('description')} />
      </div>
      <div className="field">
        <label htmlFor={id('priority')}>Priority</label>
        <select id={id('priority')} value={draft.priority} onChange={update('priority')} {...a11y('priority')}>
          <PriorityOptions />
        </select>
      </div>
      <div className="field">
        <label htmlFor={id('due')}>Due</label>
        <input id={id('due')} type="datetime-local" value={draft.due} onChange={update('due')} {...a11y('due')} />
      </div>
      <RepeatFields
        id={id('repeat')}
        repeat={draft.repeat}
        due={fromLocalInput(draft.due)}
        timeZone={timeZone}
        errorsId={errors.repeat ? errorsId(idPrefix) : undefined}
        onChange={(repeat) => onChange({ ...draft, repeat })}
      />
      {withReminders && (
        <ReminderFields
          id={id('reminders')}
          reminders={draft.reminders}
          errorsId={errors.reminders ? errorsId(idPrefix) : undefined}
          onChange={(reminders) => onChange({ ...draft, reminders })}
        />
      )}
      <div className="field span-all">
        <label htmlFor={id('tags')}>Tags</label>
        <input
          id={id('tags')}
          type="text"
          value={draft.tags}
          onChange={update('tags')}
          placeholder="work, errands"
          autoComplete="off"
          {...a11y('tags', `${id('tags')}-hint`)}
        />
        <p className="hint" id={`${id('tags')}-hint`}>
          Separate tags with commas.
        </p>
      </div>
    </div>
  );
}
