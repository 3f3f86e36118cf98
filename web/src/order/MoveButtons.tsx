// The keyboard's way to do what dragging does: Move up and Move down. At either end they stay
// focusable but do nothing (aria-disabled), so focus is not lost when a move takes an item to the end.
import type { MouseEvent } from 'react';
import type { Neighbours, Placement } from './placement.js';

interface Props {
  /** In the buttons' names: "Move list up". Absent: "Move up". */
  noun?: string;
  /** The element naming the item moved (its title), so each button says which item it moves. */
  describedBy: string;
  disabled: boolean;
  neighbours: Neighbours;
  onMove: (placement: Placement, control: HTMLElement) => void;
}

export function MoveButtons({ noun, describedBy, disabled, neighbours, onMove }: Props) {
  const what = noun ? `Move ${noun}` : 'Move';
  const move = (placement: Placement | null) => (e: MouseEvent<HTMLButtonElement>) => {
    if (placement !== null) onMove(placement, e.currentTarget);
  };
  return (
    <>
      <button type="button" className="small" disabled={disabled} aria-disabled={neighbours.up === null || undefined} aria-describedby={describedBy} onClick={move(neighbours.up)}>
        <span aria-hidden="true">↑ </span>
        {what} up
      </button>
      <button type="button" className="small" disabled={disabled} aria-disabled={neighbours.down === null || undefined} aria-describedby={describedBy} onClick={move(neighbours.down)}>
        <span aria-hidden="true">↓ </span>
        {what} down
      </button>
    </>
  );
}
