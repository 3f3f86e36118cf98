// A row as a drop target for one type of dragged thing: the upper half of the row drops before it,
// the lower half after it. The row is measured without a list nested in it (a task's subtasks),
// which holds drop targets of its own.
import { useState, type DragEvent } from 'react';

export type DropAt = 'before' | 'after';

export function useDropTarget(carried: (event: DragEvent) => boolean, accepts: boolean, onDrop: (at: DropAt) => void) {
  const [dropAt, setDropAt] = useState<DropAt | null>(null);

  function where(event: DragEvent<HTMLElement>): DropAt {
    const row = event.currentTarget;
    const top = row.getBoundingClientRect().top;
    const nested = row.querySelector(':scope > ul');
    const bottom = nested ? nested.getBoundingClientRect().top : row.getBoundingClientRect().bottom;
    return event.clientY < (top + bottom) / 2 ? 'before' : 'after';
  }

  const handlers = {
    onDragOver(event: DragEvent<HTMLElement>) {
      if (!carried(event)) return;
      // The innermost row under the pointer is the target (or refuses), not every row around it.
      event.stopPropagation();
      if (!accepts) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      const at = where(event);
      if (at !== dropAt) setDropAt(at);
    },
    onDragLeave(event: DragEvent<HTMLElement>) {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropAt(null);
    },
    onDrop(event: DragEvent<HTMLElement>) {
      if (!carried(event)) return;
      event.stopPropagation();
      if (!accepts) return;
      event.preventDefault();
      setDropAt(null);
      onDrop(where(event));
    },
  };
  return { dropAt: accepts ? dropAt : null, handlers };
}
