import { useId, type FormEvent } from 'react';
import type { ListCreateBody } from '../../../src/lists/lists.schemas.js';
import { ListFields, useListDraft } from './ListFields.js';

const EMPTY = { name: '', color: null };

/** Resolves false if the server refused, so the name comes back. */
export function NewListForm({ onCreate }: { onCreate: (body: ListCreateBody) => Promise<boolean> }) {
  const fields = useListDraft(EMPTY);
  const id = useId();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const sent = fields.checked();
    if (sent === null) return;
    fields.setDraft(EMPTY);
    const ok = await onCreate(sent.color === null ? { name: sent.name } : { name: sent.name, color: sent.color });
    // Unless the user has started on another list meanwhile.
    if (!ok) fields.setDraft((current) => (current.name === '' ? sent : current));
  }

  return (
    <form className="new-list" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>New list</h3>
      <ListFields fields={fields} labelStart="New list" />
      <button type="submit" className="primary">
        Add list
      </button>
    </form>
  );
}
