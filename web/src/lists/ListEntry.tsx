// One list in the sidebar: choose it, drop a dragged task onto it, drag it (or, while editing it,
// Move list up / Move list down) to reorder the lists, or edit it in place.
import { useEffect, useId, useLayoutEffect, useRef, useState, type DragEvent } from 'react';
import type { ListDto } from '../../../src/lists/lists.schemas.js';
import type { TaskDto } from '../../../src/tasks/tasks.schemas.js';
import { MoveButtons } from '../order/MoveButtons.js';
import type { Neighbours, Placement } from '../order/placement.js';
import { useDropTarget } from '../order/useDropTarget.js';
import { carriesTask } from '../tasks/useTaskDrag.js';
import { EditListForm } from './EditListForm.js';
import { carriesList, type ListDrag } from './useListDrag.js';
import { isUnsavedList, type ListEdit } from './useLists.js';

interface Props {
  list: ListDto;
  selected: boolean;
  /** The task being dragged, if any. */
  dragged: TaskDto | null;
  listDrag: ListDrag;
  /** Where Move list up / down put it; null for a list that cannot move (the Inbox stays first). */
  neighbours: Neighbours | null;
  onSelect: () => void;
  onSave: (edit: ListEdit) => void;
  onDelete: () => void;
  onDropTask: (task: TaskDto) => void;
  /** Puts `moved` (this list, or one dropped on it) before or after another list. */
  onPlace: (moved: ListDto, placement: Placement) => void;
}

export function ListEntry({ list, selected, dragged, listDrag, neighbours, onSelect, onSave, onDelete, onDropTask, onPlace }: Props) {
  const [editing, setEditing] = useState(false);
  const [dropping, setDropping] = useState(false);
  const entry = useRef<HTMLLIElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const refocusEdit = useRef(false);
  // Reordering can take this entry out of the document and put it back: focus returns here.
  const focusAfterMove = useRef<HTMLElement | null>(null);
  const nameId = useId();
  const saving = isUnsavedList(list);
  const accepts = dragged !== null && !saving && dragged.list_id !== list.id;
  const movable = neighbours !== null && !saving;
  const draggedList = listDrag.dragged;
  // Nothing goes before the Inbox, so it takes no dropped list; the first list's upper half does that.
  const listDrop = useDropTarget(carriesList, movable && draggedList !== null && draggedList.id !== list.id, (at) => {
    listDrag.end();
    if (draggedList) onPlace(draggedList, at === 'before' ? { before: list.id } : { after: list.id });
  });

  useEffect(() => {
    if (!editing && refocusEdit.current) {
      refocusEdit.current = false;
      editButton.current?.focus();
    }
  }, [editing]);

  // After every render, as the move's own render (the reorder) is the next one and the list's
  // order is not part of `list`, so no dependency would say it changed.
  useLayoutEffect(() => {
    const target = focusAfterMove.current;
    focusAfterMove.current = null;
    if (target && document.activeElement !== target) target.focus();
  });

  function close() {
    refocusEdit.current = true;
    setEditing(false);
  }

  function moveBeside(placement: Placement, control: HTMLElement) {
    focusAfterMove.current = control;
    onPlace(list, placement);
  }

  const taskDropHandlers = {
    onDragOver(e: DragEvent<HTMLElement>) {
      if (!accepts || !carriesTask(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      setDropping(true);
    },
    onDragLeave(e: DragEvent<HTMLElement>) {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
    },
    onDrop(e: DragEvent<HTMLElement>) {
      setDropping(false);
      if (!accepts || !carriesTask(e) || dragged === null) return;
      e.preventDefault();
      onDropTask(dragged);
    },
  };

  const classes = [
    'list-entry',
    selected ? 'selected' : '',
    accepts && dropping ? 'drop-target' : '',
    listDrop.dropAt ? `drop-${listDrop.dropAt}` : '',
    draggedList?.id === list.id ? 'dragging' : '',
    saving ? 'saving' : '',
  ];
  return (
    <li ref={entry} className={classes.filter(Boolean).join(' ')} {...taskDropHandlers}>
      <div className="list-row" {...listDrop.handlers}>
        <span
          className="drag-handle"
          // Pointer only: the keyboard has Move list up / down in the edit form.
          aria-hidden="true"
          title={movable ? 'Drag to reorder the lists' : undefined}
          draggable={movable && !editing}
          onDragStart={(e) => listDrag.start(list, e, entry.current)}
          onDragEnd={listDrag.end}
        >
          {movable ? '⠿' : ''}
        </span>
        <button type="button" className="list-select" aria-current={selected ? 'true' : undefined} disabled={saving} onClick={onSelect}>
          <span className={list.color ? 'list-dot' : 'list-dot none'} style={list.color ? { backgroundColor: list.color } : undefined} aria-hidden="true" />
          <span className="list-name" id={nameId}>
            {list.name}
          </span>
          <span className="list-count" aria-hidden="true">
            {list.open_count}
          </span>
          <span className="visually-hidden">, {list.open_count === 1 ? '1 open task' : `${list.open_count} open tasks`}</span>
        </button>
        {!editing && (
          <button ref={editButton} type="button" className="small" disabled={saving} aria-describedby={nameId} onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
      </div>
      {editing && (
        <EditListForm
          list={list}
          onCancel={close}
          onSave={(edit) => {
            close();
            onSave(edit);
          }}
          onDelete={list.is_inbox ? undefined : onDelete}
        >
          {movable && (
            <div className="list-order">
              <MoveButtons noun="list" describedBy={nameId} disabled={false} neighbours={neighbours} onMove={moveBeside} />
            </div>
          )}
        </EditListForm>
      )}
    </li>
  );
}
