// A list's name and colour as the new-list and edit-list forms both ask for them: the fields, the
// name's error message, and the check that the name is not blank.
import { useId, useRef, useState } from 'react';
import { LIST_LIMITS } from '../../../src/limits.js';
import { ColorSelect } from './ColorSelect.js';

export interface ListDraft {
  name: string;
  color: string | null;
}

export function useListDraft(initial: ListDraft) {
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  /** The draft with its name trimmed, or null (and the name field says why) when the name is blank. */
  function checked(): ListDraft | null {
    const name = draft.name.trim();
    if (name === '') {
      setError('Enter a name for the list.');
      nameInput.current?.focus();
      return null;
    }
    setError(null);
    return { ...draft, name };
  }

  return { draft, setDraft, error, nameInput, checked };
}

interface Props {
  fields: ReturnType<typeof useListDraft>;
  /** Begins each label, so each names one input on the page: "List" → "List name", "List colour". */
  labelStart: string;
}

export function ListFields({ fields, labelStart }: Props) {
  const { draft, setDraft, error, nameInput } = fields;
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-name`}>{labelStart} name</label>
        <input
          ref={nameInput}
          id={`${id}-name`}
          type="text"
          value={draft.name}
          onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
          maxLength={LIST_LIMITS.nameMax}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-color`}>{labelStart} colour</label>
        <ColorSelect id={`${id}-color`} value={draft.color} onChange={(color) => setDraft((d) => ({ ...d, color }))} />
      </div>
      {error && (
        <p className="error" role="alert" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}
