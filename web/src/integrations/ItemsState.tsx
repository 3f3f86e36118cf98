import type { Items } from './useItems.js';

/** Loading, failed (with a retry) or empty: what a list shows before it has rows. */
export function ItemsState({ state, loading, empty }: { state: Pick<Items<unknown>, 'items' | 'loadFailure' | 'reload'>; loading: string; empty: string }) {
  if (state.loadFailure !== null) {
    return (
      <div className="error form-problem" role="alert">
        <p>{state.loadFailure}</p>
        <button type="button" className="small" onClick={state.reload}>
          Try again
        </button>
      </div>
    );
  }
  if (state.items === null) {
    return (
      <p className="hint" role="status">
        {loading}
      </p>
    );
  }
  return state.items.length === 0 ? <p className="hint">{empty}</p> : null;
}
