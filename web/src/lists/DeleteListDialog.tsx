import { useEffect, useId, useRef } from 'react';
import type { ListDto } from '../../../src/lists/lists.schemas.js';

interface Props {
  list: ListDto;
  onConfirm: () => void;
  onCancel: () => void;
}

function consequence(taskCount: number): string {
  if (taskCount === 0) return 'It has no tasks.';
  if (taskCount === 1) return 'Its 1 task will be deleted with it.';
  return `Its ${taskCount} tasks will be deleted with it.`;
}

/** A modal <dialog>: the browser traps focus in it, and Escape cancels. Cancel has focus first. */
export function DeleteListDialog({ list, onConfirm, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    cancel.current?.focus();
    return () => element?.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-title`}>Delete the list “{list.name}”?</h2>
      <p id={`${id}-text`}>
        {consequence(list.task_count)} This cannot be undone.
      </p>
      <div className="form-actions">
        <button type="button" className="danger" onClick={onConfirm}>
          {list.task_count > 0 ? 'Delete list and its tasks' : 'Delete list'}
        </button>
        <button ref={cancel} type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
