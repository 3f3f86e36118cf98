import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ListDto } from '../../../src/lists/lists.schemas.js';
import { LIST_LIMITS } from '../../../src/limits.js';
import { ColorSelect } from './ColorSelect.js';
import type { ListEdit } from './useLists.js';

interface Props {
  list: ListDto;
  onSave: (edit: ListEdit) => void;
  onCancel: () => void;
  /** Absent for the Inbox, which cannot be deleted. */
  onDelete?: () => void;
}

export function EditListForm({ list, onSave, onCancel, onDelete }: Props) {
  const [name, setName] = useState(list.name);
  const [color, setColor] = useState(list.color);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => input.current?.select(), []);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') {
      setError('Enter a name for the list.');
      input.current?.focus();
      return;
    }
    onSave({ name: trimmed, color });
  }

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  }

  return (
    <form className="edit-list" onSubmit={submit} onKeyDown={onKeyDown} noValidate>
      <div className="field">
        <label htmlFor={`${id}-name`}>List name</label>
        <input
          ref={input}
          id={`${id}-name`}
          type="text"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={LIST_LIMITS.nameMax}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-color`}>List colour</label>
        <ColorSelect id={`${id}-color`} value={color} onChange={setColor} />
      </div>
      {error && (
        <p className="error" role="alert" id={`${id}-error`}>
          {error}
        </p>
      )}
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
