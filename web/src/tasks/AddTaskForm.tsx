import { useId, useState, type FormEvent } from 'react';
import type { TaskCreateBody } from '../../../src/tasks/tasks.schemas.js';
import { DraftErrorList, TaskFields, fieldId, focusFirstInvalid } from './TaskFields.js';
import { draftToCreate, emptyDraft, validateDraft, type DraftErrors } from './taskDraft.js';

export function AddTaskForm({ onAdd }: { onAdd: (body: TaskCreateBody) => Promise<boolean> }) {
  const [draft, setDraft] = useState(emptyDraft);
  const [errors, setErrors] = useState<DraftErrors>({});
  const idPrefix = useId();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const found = validateDraft(draft);
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
        <TaskFields idPrefix={idPrefix} draft={draft} errors={errors} onChange={setDraft} />
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
