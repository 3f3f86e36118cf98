import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ListDto } from '../../../src/lists/lists.schemas.js';

interface Props {
  titleId: string;
  /** Where the task may go: every list but its own. */
  lists: readonly ListDto[];
  onMove: (listId: string) => void;
  onClose: () => void;
}

/** A select and a button rather than a select that acts on change: arrowing through it moves nothing. */
export function MoveToListForm({ titleId, lists, onMove, onClose }: Props) {
  const [listId, setListId] = useState(lists[0]?.id ?? '');
  const select = useRef<HTMLSelectElement>(null);
  const id = useId();

  useEffect(() => select.current?.focus(), []);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (lists.some((l) => l.id === listId)) onMove(listId);
  }

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  }

  return (
    <form className="task-panel inline-form" onSubmit={submit} onKeyDown={onKeyDown}>
      <div className="field grow">
        <label htmlFor={`${id}-list`}>Destination list</label>
        <select ref={select} id={`${id}-list`} value={listId} onChange={(e) => setListId(e.target.value)} aria-describedby={titleId}>
          {lists.map((list) => (
            <option key={list.id} value={list.id}>
              {list.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="primary">
        Move
      </button>
      <button type="button" onClick={onClose}>
        Cancel
      </button>
    </form>
  );
}
