// One list in the sidebar: choose it, drop a dragged task onto it, or edit it in place.
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import type { ListDto } from '../../../src/lists/lists.schemas.js';
import type { TaskDto } from '../../../src/tasks/tasks.schemas.js';
import { carriesTask } from '../tasks/useTaskDrag.js';
import { EditListForm } from './EditListForm.js';
import { isUnsavedList, type ListEdit } from './useLists.js';

interface Props {
  list: ListDto;
  selected: boolean;
  dragged: TaskDto | null;
  onSelect: () => void;
  onSave: (edit: ListEdit) => void;
  onDelete: () => void;
  onDropTask: (task: TaskDto) => void;
}

export function ListEntry({ list, selected, dragged, onSelect, onSave, onDelete, onDropTask }: Props) {
  const [editing, setEditing] = useState(false);
  const [dropping, setDropping] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const refocusEdit = useRef(false);
  const nameId = useId();
  const saving = isUnsavedList(list);
  const accepts = dragged !== null && !saving && dragged.list_id !== list.id;

  useEffect(() => {
    if (!editing && refocusEdit.current) {
      refocusEdit.current = false;
      editButton.current?.focus();
    }
  }, [editing]);

  function close() {
    refocusEdit.current = true;
    setEditing(false);
  }

  const dropHandlers = {
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

  const classes = ['list-entry', selected ? 'selected' : '', accepts && dropping ? 'drop-target' : '', saving ? 'saving' : ''];
  return (
    <li className={classes.filter(Boolean).join(' ')} {...dropHandlers}>
      <div className="list-row">
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
        />
      )}
    </li>
  );
}
