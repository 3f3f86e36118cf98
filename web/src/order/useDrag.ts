// What is being dragged, for the drop targets to judge by. Native HTML5 drag events. Each kind of
// thing dragged carries its own data type, so a target can tell a task from a list (and either
// from a dragged file or text) before the drop, when only the types can be read.
import { useCallback, useState, type DragEvent } from 'react';

export interface Drag<T> {
  dragged: T | null;
  start: (item: T, event: DragEvent<HTMLElement>, image: Element | null) => void;
  end: () => void;
}

/** `describe` is what a drop outside the page gets as text; it should not change between renders. */
export function useDrag<T extends { id: string }>(type: string, describe: (item: T) => string): Drag<T> {
  const [dragged, setDragged] = useState<T | null>(null);

  const start = useCallback(
    (item: T, event: DragEvent<HTMLElement>, image: Element | null) => {
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData(type, item.id);
      event.dataTransfer.setData('text/plain', describe(item));
      // The whole row follows the pointer, not just the handle.
      if (image) event.dataTransfer.setDragImage(image, 16, 16);
      setDragged(item);
    },
    [type, describe],
  );

  const end = useCallback(() => setDragged(null), []);
  return { dragged, start, end };
}

/** Whether a drag event carries the given type of thing. */
export const carries = (type: string) => (event: DragEvent) => event.dataTransfer.types.includes(type);
