// The Inbox and the user's lists, in the server's order, which the user changes by dragging a list
// onto another (or Move list up / down). On a wide screen it is a column beside the tasks; on a phone
// a drawer the page's "Lists" button opens (and choosing a list closes) that keeps focus inside.
import { useEffect, useRef, useState } from 'react';
import type { ListCreateBody, ListDto } from '../../../src/lists/lists.schemas.js';
import type { TaskDto } from '../../../src/tasks/tasks.schemas.js';
import { neighboursAt, type Neighbours } from '../order/placement.js';
import { DeleteListDialog } from './DeleteListDialog.js';
import { ListEntry } from './ListEntry.js';
import { NewListForm } from './NewListForm.js';
import { useFocusTrap } from './useFocusTrap.js';
import { useListDrag } from './useListDrag.js';
import { isUnsavedList, type ListsApi } from './useLists.js';

export const SIDEBAR_ID = 'list-sidebar';

interface Props {
  lists: ListsApi;
  selectedId: string | null;
  onSelect: (list: ListDto) => void;
  /** Drawer state (phone-width screens); ignored where the sidebar is always shown. */
  open: boolean;
  onClose: () => void;
  dragged: TaskDto | null;
  onDropTask: (task: TaskDto, list: ListDto) => void;
  /** A list the user created: shown at once. */
  onCreated: (list: ListDto) => void;
}

export function ListSidebar({ lists, selectedId, onSelect, open, onClose, dragged, onDropTask, onCreated }: Props) {
  const [deleting, setDeleting] = useState<ListDto | null>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  const drawer = useRef<HTMLElement>(null);
  const listDrag = useListDrag();

  // The drawer opens with focus inside it; the page puts focus back on its button when it closes.
  useEffect(() => {
    if (open) closeButton.current?.focus();
  }, [open]);
  // Paused while the delete dialog is open: the browser keeps focus in that (modal) dialog.
  useFocusTrap(drawer, open && deleting === null, onClose);

  // The lists that can move, and so be moved beside: all but the Inbox and those not saved yet.
  const movable = lists.lists?.filter((l) => !l.is_inbox && !isUnsavedList(l)) ?? [];
  const neighbours = new Map<string, Neighbours>(movable.map((l, i) => [l.id, neighboursAt(movable, i)]));

  async function create(body: ListCreateBody) {
    const created = await lists.create(body);
    if (created) onCreated(created);
    return created !== null;
  }

  function confirmDelete() {
    const list = deleting;
    setDeleting(null);
    if (list) void lists.remove(list);
  }

  return (
    <>
      {open && <div className="drawer-backdrop" aria-hidden="true" onClick={onClose} />}
      <nav ref={drawer} id={SIDEBAR_ID} className={open ? 'sidebar open' : 'sidebar'} aria-label="Lists">
        <div className="sidebar-head">
          <h2>Lists</h2>
          <button ref={closeButton} type="button" className="small drawer-close" onClick={onClose}>
            Close lists
          </button>
        </div>
        {lists.lists === null ? (
          lists.failed ? (
            <div className="empty">
              <p>Your lists could not be loaded.</p>
              <button type="button" onClick={lists.retry}>
                Try again
              </button>
            </div>
          ) : (
            <p className="hint" role="status">
              Loading lists…
            </p>
          )
        ) : (
          <ul className="lists">
            {lists.lists.map((list) => (
              <ListEntry
                key={list.id}
                list={list}
                selected={list.id === selectedId}
                dragged={dragged}
                listDrag={listDrag}
                neighbours={neighbours.get(list.id) ?? null}
                onSelect={() => onSelect(list)}
                onSave={(edit) => void lists.update(list, edit)}
                onDelete={() => setDeleting(list)}
                onDropTask={(task) => onDropTask(task, list)}
                onPlace={(moved, placement) => void lists.place(moved, placement)}
              />
            ))}
          </ul>
        )}
        <NewListForm onCreate={create} />
      </nav>
      {deleting && (
        // The latest counts, should they change while the dialog is open.
        <DeleteListDialog list={lists.lists?.find((l) => l.id === deleting.id) ?? deleting} onConfirm={confirmDelete} onCancel={() => setDeleting(null)} />
      )}
    </>
  );
}
