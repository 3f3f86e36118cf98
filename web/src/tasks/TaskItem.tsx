import { useEffect, useId, useRef, useState } from 'react';
import type { TaskDto, TaskPatchBody } from '../../../src/tasks/tasks.schemas.js';
import { EditTaskForm } from './EditTaskForm.js';
import { formatDue, isOverdue } from './dates.js';
import { draftFromTask, draftToPatch, type TaskDraft } from './taskDraft.js';

interface Props {
  task: TaskDto;
  /** Not confirmed by the server yet: shown, but not editable. */
  saving: boolean;
  /** The time overdue is judged against (ticks, so a task turns overdue while on screen). */
  now: number;
  onToggle: (task: TaskDto) => void;
  onSave: (task: TaskDto, patch: TaskPatchBody) => Promise<boolean>;
  onDelete: (task: TaskDto) => void;
  onTagClick: (tag: string) => void;
}

export function TaskItem({ task, saving, now, onToggle, onSave, onDelete, onTagClick }: Props) {
  const [draft, setDraft] = useState<TaskDraft | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const refocusEdit = useRef(false);
  const id = useId();

  // Closing the edit form puts keyboard focus back on the Edit button that opened it.
  useEffect(() => {
    if (draft === null && refocusEdit.current) {
      refocusEdit.current = false;
      editButton.current?.focus();
    }
  }, [draft]);

  function close() {
    refocusEdit.current = true;
    setDraft(null);
  }

  async function save(edited: TaskDraft) {
    close();
    const ok = await onSave(task, draftToPatch(task, edited));
    // Refused (and rolled back): reopen with what the user typed so nothing is lost.
    if (!ok) setDraft(edited);
  }

  const overdue = isOverdue(task, now);
  const checkboxId = `${id}-done`;
  const titleId = `${id}-title`;
  const classes = ['task', task.is_completed ? 'done' : '', overdue ? 'is-overdue' : '', saving ? 'saving' : '', draft ? 'editing' : ''];

  // While editing, the checkbox and title stay, so the item is still found by its title.
  return (
    <li className={classes.filter(Boolean).join(' ')} aria-busy={saving || undefined}>
      <input id={checkboxId} type="checkbox" checked={task.is_completed} disabled={saving} onChange={() => onToggle(task)} />
      <div className="task-body">
        <label htmlFor={checkboxId} id={titleId} className="task-title">
          {task.title}
        </label>
        {draft === null && <TaskDetails task={task} overdue={overdue} saving={saving} onTagClick={onTagClick} />}
      </div>
      {draft !== null ? (
        <div className="task-edit">
          <EditTaskForm initial={draft} onSave={(d) => void save(d)} onCancel={close} />
        </div>
      ) : (
        <div className="task-actions">
          <button ref={editButton} type="button" disabled={saving} aria-describedby={titleId} onClick={() => setDraft(draftFromTask(task))}>
            Edit
          </button>
          <button type="button" className="danger" disabled={saving} aria-describedby={titleId} onClick={() => onDelete(task)}>
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

interface DetailsProps {
  task: TaskDto;
  overdue: boolean;
  saving: boolean;
  onTagClick: (tag: string) => void;
}

function TaskDetails({ task, overdue, saving, onTagClick }: DetailsProps) {
  return (
    <>
      {task.description && <p className="task-description">{task.description}</p>}
      <div className="task-meta">
        <span className={`badge priority-${task.priority.toLowerCase()}`}>{task.priority} priority</span>
        {task.due_date !== null && (
          <span className={overdue ? 'due overdue' : 'due'}>
            {overdue && <strong className="badge badge-overdue">Overdue</strong>} Due{' '}
            <time dateTime={task.due_date}>{formatDue(task.due_date)}</time>
          </span>
        )}
        {saving && <span className="hint">Saving…</span>}
      </div>
      {task.tags.length > 0 && (
        <ul className="tags">
          {task.tags.map((tag) => (
            <li key={tag}>
              <button type="button" className="tag" onClick={() => onTagClick(tag)}>
                <span className="visually-hidden">Show tasks tagged </span>
                {tag}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
