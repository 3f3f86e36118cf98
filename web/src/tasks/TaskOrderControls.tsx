// A task's second row of actions: add a subtask, and the keyboard's way to do what dragging does
// (Move up, Move down, Move to list…).
import { MoveButtons } from '../order/MoveButtons.js';
import type { Neighbours, Placement } from '../order/placement.js';

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

  return (
    <div className="task-order">
      <button type="button" className="small" disabled={disabled} aria-expanded={open === 'subtask'} aria-describedby={titleId} onClick={() => toggle('subtask')}>
        Add subtask
      </button>
      {canReorder && <MoveButtons describedBy={titleId} disabled={disabled} neighbours={neighbours} onMove={onMove} />}
      {canMoveToList && (
        <button type="button" className="small" disabled={disabled} aria-expanded={open === 'move'} aria-describedby={titleId} onClick={() => toggle('move')}>
          Move to list…
        </button>
      )}
    </div>
  );
}
