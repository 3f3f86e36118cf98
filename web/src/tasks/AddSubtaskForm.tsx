import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { TASK_LIMITS } from '../../../src/limits.js';

interface Props {
  /** The parent's title element: the input is described by it ("Subtask title", of which task). */
  parentTitleId: string;
  /** Resolves false if the server refused. */
  onAdd: (title: string) => Promise<boolean>;
  onClose: () => void;
}

/** One line: a title, added at the end of the parent's subtasks; stays open for the next one. */
export function AddSubtaskForm({ parentTitleId, onAdd, onClose }: Props) {
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => input.current?.focus(), []);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const trimmed = title.trim();
    if (trimmed === '') {
      setError('Enter a title.');
      input.current?.focus();
      return;
    }
    setError(null);
    setTitle('');
    const ok = await onAdd(trimmed);
    // Refused: give the title back, unless another one is being typed.
    if (!ok) setTitle((current) => (current === '' ? trimmed : current));
  }

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  }

  return (
    <form className="task-panel inline-form" onSubmit={submit} onKeyDown={onKeyDown} noValidate>
      <div className="field grow">
        <label htmlFor={`${id}-title`}>Subtask title</label>
        <input
          ref={input}
          id={`${id}-title`}
          type="text"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={TASK_LIMITS.titleMax}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={[parentTitleId, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
        />
      </div>
      <button type="submit" className="primary">
        Add subtask
      </button>
      <button type="button" onClick={onClose}>
        Done
      </button>
      {error && (
        <p className="error span-all" role="alert" id={`${id}-error`}>
          {error}
        </p>
      )}
    </form>
  );
}
