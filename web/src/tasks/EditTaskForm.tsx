import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { DraftErrorList, TaskFields, fieldId, focusFirstInvalid } from './TaskFields.js';
import { remainingErrors, validateDraft, type DraftErrors, type TaskDraft } from './taskDraft.js';

interface Props {
  initial: TaskDraft;
  /** The task's own zone, where its recurrence repeats. */
  timeZone: string;
  onSave: (draft: TaskDraft) => void;
  onCancel: () => void;
}

export function EditTaskForm({ initial, timeZone, onSave, onCancel }: Props) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<DraftErrors>({});
  const idPrefix = useId();

  useEffect(() => {
    document.getElementById(fieldId(idPrefix, 'title'))?.focus();
  }, [idPrefix]);

  function change(next: TaskDraft) {
    setDraft(next);
    setErrors((shown) => remainingErrors(shown, next, timeZone));
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const found = validateDraft(draft, timeZone);
    setErrors(found);
    if (!focusFirstInvalid(idPrefix, found)) onSave(draft);
  }

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  }

  return (
    <form className="edit-task" onSubmit={submit} onKeyDown={onKeyDown} noValidate>
      <TaskFields idPrefix={idPrefix} draft={draft} errors={errors} timeZone={timeZone} withReminders onChange={change} />
      <DraftErrorList idPrefix={idPrefix} errors={errors} />
      <div className="form-actions">
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
