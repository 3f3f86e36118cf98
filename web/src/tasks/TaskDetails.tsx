// What a task's row shows under its title when it is not being edited: description, priority, due
// date, how it repeats, reminders, tags.
import { useMemo } from 'react';
import type { TaskDto } from '../../../src/tasks/tasks.schemas.js';
import { ruleInWords } from '../recurrence/ruleText.js';
import { reminderText } from '../reminders/reminderDraft.js';
import { formatDue } from './dates.js';

interface DetailsProps {
  task: TaskDto;
  overdue: boolean;
  saving: boolean;
  onTagClick: (tag: string) => void;
}

export function TaskDetails({ task, overdue, saving, onTagClick }: DetailsProps) {
  const { recurrence, due_date: due, time_zone: timeZone } = task;
  // Expanding a rule into words is the costliest thing a row renders: once per rule and date.
  const repeats = useMemo(() => (recurrence === null ? null : ruleInWords(recurrence, due, timeZone)), [recurrence, due, timeZone]);
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
        {repeats !== null && (
          <span className="repeats">
            <span aria-hidden="true">↻ </span>
            <span className="visually-hidden">Repeats </span>
            {repeats}
          </span>
        )}
        {task.recurrence !== null && task.last_completed_at !== null && (
          <span className="hint">
            Last done <time dateTime={task.last_completed_at}>{formatDue(task.last_completed_at)}</time>
          </span>
        )}
        {task.reminders.length > 0 && (
          <span className="hint reminder-summary">
            {task.reminders.length === 1 ? 'Reminder: ' : 'Reminders: '}
            {task.reminders.map(reminderText).join('; ')}
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
