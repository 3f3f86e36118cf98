// A task's second row of actions: add a subtask, and the keyboard's way to do what dragging does
// (Move up, Move down, Move to list…). Move up/down at either end stay focusable but do nothing
// (aria-disabled), so focus is not lost when a move takes a task to the end.
import type { MouseEvent } from 'react';
import type { Neighbours, Placement } from './taskTree.js';

export type OrderPanel = 'subtask' | 'move';

interface Props {
  titleId: string;
  disabled: boolean;
  canReorder: boolean;
  canMoveToList: boolean;
  neighbours: Neighbours;
  open: OrderPanel | null;
  onOpen: (panel: OrderPanel | null) => void;
  onMove: (placement: Placement, control: HTMLElement) => void;
}

export function TaskOrderControls({ titleId, disabled, canReorder, canMoveToList, neighbours, open, onOpen, onMove }: Props) {
  const toggle = (panel: OrderPanel) => onOpen(open === panel ? null : panel);
  const move = (placement: Placement | null) => (e: MouseEvent<HTMLButtonElement>) => {
    if (placement !== null) onMove(placement, e.currentTarget);
  };

  return (
    <div className="task-order">
      <button type="button" className="small" disabled={disabled} aria-expanded={open === 'subtask'} aria-describedby={titleId} onClick={() => toggle('subtask')}>
        Add subtask
      </button>
      {canReorder && (
        <>
          <button type="button" className="small" disabled={disabled} aria-disabled={neighbours.up === null || undefined} aria-describedby={titleId} onClick={move(neighbours.up)}>
            <span aria-hidden="true">↑ </span>Move up
          </button>
          <button type="button" className="small" disabled={disabled} aria-disabled={neighbours.down === null || undefined} aria-describedby={titleId} onClick={move(neighbours.down)}>
            <span aria-hidden="true">↓ </span>Move down
          </button>
        </>
      )}
      {canMoveToList && (
        <button type="button" className="small" disabled={disabled} aria-expanded={open === 'move'} aria-describedby={titleId} onClick={() => toggle('move')}>
          Move to list…
        </button>
      )}
    </div>
  );
}
