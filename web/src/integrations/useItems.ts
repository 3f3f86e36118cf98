// One collection of the account's (its tokens, its webhooks) as a section of the Integrations
// dialog holds it: loaded on opening, then kept by the section's own creates and deletes.
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/request.js';

export interface Items<T> {
  /** Null while loading, or when loading failed. */
  items: T[] | null;
  loadFailure: string | null;
  reload: () => void;
  add: (item: T, where: 'first' | 'last') => void;
  remove: (id: string) => void;
}

export function useItems<T extends { id: string }>(load: (signal: AbortSignal) => Promise<{ items: T[] }>, what: string): Items<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoadFailure(null);
    load(controller.signal).then(
      (answer) => setItems(answer.items),
      (err: unknown) => {
        if (!controller.signal.aborted) setLoadFailure(err instanceof ApiError ? err.message : `Your ${what} could not be loaded.`);
      },
    );
    return () => controller.abort();
  }, [load, what, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const add = useCallback((item: T, where: 'first' | 'last') => {
    setItems((current) => {
      const rest = (current ?? []).filter((other) => other.id !== item.id);
      return where === 'first' ? [item, ...rest] : [...rest, item];
    });
  }, []);
  const remove = useCallback((id: string) => setItems((current) => current?.filter((item) => item.id !== id) ?? null), []);

  return { items, loadFailure, reload, add, remove };
}
