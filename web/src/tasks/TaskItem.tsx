import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { TaskDto } from '../../../src/tasks/tasks.schemas.js';
import { useDropTarget } from '../order/useDropTarget.js';
import { AddSubtaskForm } from './AddSubtaskForm.js';
import { EditTaskForm } from './EditTaskForm.js';
import { MoveToListForm } from './MoveToListForm.js';
import { TaskOrderControls, type OrderPanel } from './TaskOrderControls.js';
import type { TaskTools } from './TaskTree.js';
import { isOverdue } from './dates.js';
import { TaskDetails } from './TaskDetails.js';
import { draftFromTask, draftToPatch, type TaskDraft } from './taskDraft.js';
import type { Neighbours, Placement } from '../order/placement.js';
import { isUnsaved } from './useTaskActions.js';
import { carriesTask } from './useTaskDrag.js';

/** How long a row opened from a reminder stays highlighted. */
const SPOTLIGHT_MS = 2500;

interface Props {
  task: TaskDto;
  tools: TaskTools;
  neighbours: Neighbours;
  acceptsDrop: boolean;
  subtaskCount: number;
  /** The subtasks' items, nested in this one. */
  children: ReactNode;
}

export function TaskItem({ task, tools, neighbours, acceptsDrop, subtaskCount, children }: Props) {
  const [draft, setDraft] = useState<TaskDraft | null>(null);
  const [panel, setPanel] = useState<OrderPanel | null>(null);
  const [collapsed, setCollapsed] = useState(false);
  // Counts the times the row was opened from a reminder, so each opening restarts the highlight; 0: none.
  const [spotlit, setSpotlit] = useState(0);
  const row = useRef<HTMLLIElement>(null);
  const checkbox = useRef<HTMLInputElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const refocusEdit = useRef(false);
  // A keyboard move can take the row out of the document and put it back: focus returns here.
  const focusAfterMove = useRef<HTMLElement | null>(null);
  const id = useId();
  const saving = isUnsaved(task);
  const drop = useDropTarget(carriesTask, acceptsDrop, (at) => {
    const dragged = tools.drag.dragged;
    tools.drag.end();
    if (dragged && dragged.id !== task.id) void tools.moves.place(dragged, task, at);
  });

  // Closing the edit form puts keyboard focus back on the Edit button that opened it.
  useEffect(() => {
    if (draft === null && refocusEdit.current) {
      refocusEdit.current = false;
      editButton.current?.focus();
    }
  }, [draft]);

  // Opened from a reminder: into view, focus on its checkbox (done is the likely next step), a brief highlight.
  const { spotlight, onSpotlit } = tools;
  useEffect(() => {
    if (spotlight?.taskId !== task.id) return;
    onSpotlit();
    row.current?.scrollIntoView({ block: 'center' });
    checkbox.current?.focus();
    setSpotlit((n) => n + 1);
  }, [spotlight, onSpotlit, task.id]);
  useEffect(() => {
    if (spotlit === 0) return;
    const timer = window.setTimeout(() => setSpotlit(0), SPOTLIGHT_MS);
    return () => window.clearTimeout(timer);
  }, [spotlit]);

  useLayoutEffect(() => {
    const target = focusAfterMove.current;
    focusAfterMove.current = null;
    if (target && document.activeElement !== target) target.focus();
  }, [task]);

  function close() {
    refocusEdit.current = true;
    setDraft(null);
  }

  async function save(edited: TaskDraft) {
    close();
    const ok = await tools.actions.edit(task, draftToPatch(task, edited));
    // Refused (and rolled back): reopen with what the user typed so nothing is lost.
    if (!ok) setDraft(edited);
  }

  function moveBeside(placement: Placement, control: HTMLElement) {
    focusAfterMove.current = control;
    void tools.moves.placeBeside(task, placement);
  }

  async function moveToList(listId: string) {
    setPanel(null);
    tools.onLeft();
    await tools.moves.toList(task, listId);
  }

  async function addSubtask(title: string) {
    setCollapsed(false);
    return tools.actions.add({ title, parent_id: task.id, list_id: task.list_id }, 'end');
  }

  const overdue = isOverdue(task, tools.now);
  const checkboxId = `${id}-done`;
  const titleId = `${id}-title`;
  const subtasksId = `${id}-subtasks`;
  const classes = ['task', task.is_completed ? 'done' : '', overdue ? 'is-overdue' : '', saving ? 'saving' : '', draft ? 'editing' : '', spotlit > 0 ? 'spotlit' : '', drop.dropAt ? `drop-${drop.dropAt}` : ''];

  // While editing, the checkbox and title stay, so the item is still found by its title.
  return (
    <li ref={row} className={classes.filter(Boolean).join(' ')} aria-labelledby={titleId} aria-busy={saving || undefined} {...drop.handlers}>
      <span
        className="drag-handle"
        // Pointer only: the keyboard has Move up, Move down and Move to list.
        aria-hidden="true"
        title="Drag to reorder, or onto a list"
        draggable={!saving && draft === null}
        onDragStart={(e) => tools.drag.start(task, e, row.current)}
        onDragEnd={tools.drag.end}
      >
        ⠿
      </span>
      {subtaskCount > 0 ? (
        <button
          type="button"
          className="collapse-toggle"
          aria-expanded={!collapsed}
          aria-controls={subtasksId}
          aria-label={`${collapsed ? 'Show' : 'Hide'} ${subtaskCount === 1 ? '1 subtask' : `${subtaskCount} subtasks`}`}
          aria-describedby={titleId}
          onClick={() => setCollapsed((c) => !c)}
        >
          <span aria-hidden="true">{collapsed ? '▸' : '▾'}</span>
        </button>
      ) : (
        <span className="collapse-toggle" aria-hidden="true" />
      )}
      <input ref={checkbox} id={checkboxId} type="checkbox" checked={task.is_completed} disabled={saving} onChange={() => void tools.actions.toggle(task)} />
      <div className="task-body">
        <label htmlFor={checkboxId} id={titleId} className="task-title">
          {task.title}
        </label>
        {draft === null && <TaskDetails task={task} overdue={overdue} saving={saving} onTagClick={tools.onTagClick} />}
      </div>
      {draft !== null ? (
        <div className="task-edit">
          <EditTaskForm initial={draft} timeZone={task.time_zone} onSave={(d) => void save(d)} onCancel={close} />
        </div>
      ) : (
        <>
          <div className="task-actions">
            <button ref={editButton} type="button" disabled={saving} aria-describedby={titleId} onClick={() => setDraft(draftFromTask(task))}>
              Edit
            </button>
            <button type="button" className="danger" disabled={saving} aria-describedby={titleId} onClick={() => tools.onDelete(task)}>
              Delete
            </button>
          </div>
          <TaskOrderControls
            titleId={titleId}
            disabled={saving}
            canReorder={tools.canReorder}
            canMoveToList={tools.destinations.length > 0}
            neighbours={neighbours}
            open={panel}
            onOpen={setPanel}
            onMove={moveBeside}
          />
        </>
      )}
      {panel === 'subtask' && draft === null && <AddSubtaskForm parentTitleId={titleId} onAdd={addSubtask} onClose={() => setPanel(null)} />}
      {panel === 'move' && draft === null && (
        <MoveToListForm titleId={titleId} lists={tools.destinations} onMove={(listId) => void moveToList(listId)} onClose={() => setPanel(null)} />
      )}
      {subtaskCount > 0 && (
        <ul id={subtasksId} className="subtasks" hidden={collapsed}>
          {children}
        </ul>
      )}
    </li>
  );
}
