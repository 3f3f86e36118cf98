import { useEffect, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { ListDto } from '../../../src/lists/lists.schemas.js';
import { ListFields, useListDraft } from './ListFields.js';
import type { ListEdit } from './useLists.js';

interface Props {
  list: ListDto;
  onSave: (edit: ListEdit) => void;
  onCancel: () => void;
  /** Absent for the Inbox, which cannot be deleted. */
  onDelete?: () => void;
  /** Controls shown between the fields and the form's buttons (Move list up / down). */
  children?: ReactNode;
}

export function EditListForm({ list, onSave, onCancel, onDelete, children }: Props) {
  const fields = useListDraft({ name: list.name, color: list.color });
  const nameInput = fields.nameInput;

  useEffect(() => nameInput.current?.select(), [nameInput]);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const edit = fields.checked();
    if (edit !== null) onSave(edit);
  }

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key === 'Escape') {
      // Handled here: the phone drawer around the form stays open.
      e.preventDefault();
      onCancel();
    }
  }

  return (
    <form className="edit-list" onSubmit={submit} onKeyDown={onKeyDown} noValidate>
      <ListFields fields={fields} labelStart="List" />
      {children}
      <div className="form-actions">
        <button type="submit" className="primary small">
          Save list
        </button>
        <button type="button" className="small" onClick={onCancel}>
          Cancel
        </button>
        {onDelete && (
          <button type="button" className="danger small" onClick={onDelete}>
            Delete list…
          </button>
        )}
      </div>
    </form>
  );
}
