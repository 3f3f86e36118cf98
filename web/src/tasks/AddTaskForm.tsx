import { useId, useState, type FormEvent } from 'react';
import type { TaskCreateBody } from '../../../src/tasks/tasks.schemas.js';
import { DraftErrorList, TaskFields, fieldId, focusFirstInvalid } from './TaskFields.js';
import { draftToCreate, emptyDraft, remainingErrors, validateDraft, type DraftErrors, type TaskDraft } from './taskDraft.js';

interface Props {
  onAdd: (body: TaskCreateBody) => Promise<boolean>;
  /** The account's zone, where a new task's recurrence repeats (the server's default for it). */
  timeZone: string;
}

export function AddTaskForm({ onAdd, timeZone }: Props) {
  const [draft, setDraft] = useState(emptyDraft);
  const [errors, setErrors] = useState<DraftErrors>({});
  const idPrefix = useId();

  function change(next: TaskDraft) {
    setDraft(next);
    setErrors((shown) => remainingErrors(shown, next, timeZone));
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const found = validateDraft(draft, timeZone);
    setErrors(found);
    if (focusFirstInvalid(idPrefix, found)) return;
    const submitted = draft;
    // The list shows the task at once; the form is ready for the next one.
    setDraft(emptyDraft);
    document.getElementById(fieldId(idPrefix, 'title'))?.focus();
    const ok = await onAdd(draftToCreate(submitted));
    // Refused: give the input back, unless the user has started typing another task.
    if (!ok) setDraft((current) => (current === emptyDraft ? submitted : current));
  }

  return (
    <section className="card add-task" aria-labelledby={`${idPrefix}-heading`}>
      <h2 id={`${idPrefix}-heading`}>Add a task</h2>
      <form onSubmit={submit} noValidate>
        <TaskFields idPrefix={idPrefix} draft={draft} errors={errors} timeZone={timeZone} onChange={change} />
        <DraftErrorList idPrefix={idPrefix} errors={errors} />
        <div className="form-actions">
          <button type="submit" className="primary">
            Add task
          </button>
        </div>
      </form>
    </section>
  );
}
