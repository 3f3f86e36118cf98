import { useId, useRef, useState, type FormEvent } from 'react';
import type { ListCreateBody } from '../../../src/lists/lists.schemas.js';
import { LIST_LIMITS } from '../../../src/limits.js';
import { ColorSelect } from './ColorSelect.js';

/** Resolves false if the server refused, so the name comes back. */
export function NewListForm({ onCreate }: { onCreate: (body: ListCreateBody) => Promise<boolean> }) {
  const [name, setName] = useState('');
  const [color, setColor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') {
      setError('Enter a name for the list.');
      input.current?.focus();
      return;
    }
    setError(null);
    setName('');
    setColor(null);
    const ok = await onCreate(color === null ? { name: trimmed } : { name: trimmed, color });
    if (!ok) {
      setName((current) => (current === '' ? trimmed : current));
      setColor((current) => current ?? color);
    }
  }

  return (
    <form className="new-list" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>New list</h3>
      <div className="field">
        <label htmlFor={`${id}-name`}>New list name</label>
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
        <label htmlFor={`${id}-color`}>New list colour</label>
        <ColorSelect id={`${id}-color`} value={color} onChange={setColor} />
      </div>
      {error && (
        <p className="error" role="alert" id={`${id}-error`}>
          {error}
        </p>
      )}
      <button type="submit" className="primary">
        Add list
      </button>
    </form>
  );
}
