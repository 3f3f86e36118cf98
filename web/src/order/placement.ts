// Where a dragged or keyboard-moved item goes among its siblings, as the page shows it and as the
// API is told (after_id / before_id). The server assigns the positions; the page only reorders what
// it shows until the server's order arrives.
export type Placement = { before: string } | { after: string };

export interface Neighbours {
  up: Placement | null;
  down: Placement | null;
}

/** Move up / Move down for the sibling at `index`: before the previous one, after the next one. */
export function neighboursAt(siblings: readonly { id: string }[], index: number): Neighbours {
  const previous = siblings[index - 1];
  const next = siblings[index + 1];
  return { up: previous ? { before: previous.id } : null, down: next ? { after: next.id } : null };
}

export const placementBody = (placement: Placement) => ('before' in placement ? { before_id: placement.before } : { after_id: placement.after });

/** `items` with the one whose id is `id` taken out and `item` put at `at` (the end if the anchor is gone). */
export function placed<T extends { id: string }>(items: readonly T[], id: string, item: T, at: Placement | { index: number }): T[] {
  const rest = items.filter((x) => x.id !== id);
  let index = rest.length;
  if ('index' in at) index = Math.min(at.index, rest.length);
  else {
    const anchor = rest.findIndex((x) => x.id === ('before' in at ? at.before : at.after));
    if (anchor >= 0) index = 'before' in at ? anchor : anchor + 1;
  }
  rest.splice(index, 0, item);
  return rest;
}
