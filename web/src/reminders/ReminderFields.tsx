// The task's reminders in its edit form: listed, removed one by one, added from a short list of
// "before the due time" choices or at a chosen date and time. They are saved with the task.
import { useRef, useState, type KeyboardEvent } from 'react';
import { REMINDER_LIMITS } from '../../../src/limits.js';
import { fromLocalInput } from '../tasks/dates.js';
import { askForNotifications } from './notificationPermission.js';
import { BEFORE_CHOICES, beforeText, reminderKey, reminderText, type ReminderDraft } from './reminderDraft.js';

const AT = 'at';

interface Props {
  /** The "Remind me" select's id, where the form sends focus for this field's error. */
  id: string;
  reminders: readonly ReminderDraft[];
  errorsId?: string;
  onChange: (reminders: ReminderDraft[]) => void;
}

export function ReminderFields({ id, reminders, errorsId, onChange }: Props) {
  const [choice, setChoice] = useState('30');
  const [at, setAt] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const select = useRef<HTMLSelectElement>(null);
  const full = reminders.length >= REMINDER_LIMITS.perTask;
  const problemId = `${id}-problem`;
  const describedBy = [problem ? problemId : '', errorsId ?? ''].filter(Boolean).join(' ') || undefined;

  function add() {
    let reminder: ReminderDraft;
    if (choice === AT) {
      const time = fromLocalInput(at);
      if (time === null) {
        setProblem('Enter the date and time to be reminded at.');
        document.getElementById(`${id}-at`)?.focus();
        return;
      }
      reminder = { at: time };
    } else {
      reminder = { minutes_before_due: Number(choice) };
    }
    setProblem(null);
    if (!reminders.some((r) => reminderKey(r) === reminderKey(reminder))) onChange([...reminders, reminder]);
    // A click is the moment a browser lets a page ask; asked once, never again unasked.
    void askForNotifications();
  }

  function remove(index: number) {
    onChange(reminders.filter((_, i) => i !== index));
    select.current?.focus();
  }

  // Enter here adds the reminder rather than saving the whole task.
  function onEnter(e: KeyboardEvent<HTMLElement>) {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (!full) add();
  }

  return (
    <fieldset className="reminders span-all">
      <legend>Reminders</legend>
      {reminders.length === 0 ? (
        <p className="hint">No reminders.</p>
      ) : (
        <ul className="reminder-list">
          {reminders.map((r, index) => (
            <li key={reminderKey(r)}>
              <span>{reminderText(r)}</span>
              <button type="button" className="small" aria-label={`Remove reminder: ${reminderText(r)}`} onClick={() => remove(index)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="inline-form reminder-add">
        <div className="field">
          <label htmlFor={id}>Remind me</label>
          <select ref={select} id={id} value={choice} onChange={(e) => setChoice(e.target.value)} disabled={full} aria-describedby={describedBy} aria-invalid={errorsId !== undefined || undefined}>
            {BEFORE_CHOICES.map((minutes) => (
              <option key={minutes} value={String(minutes)}>
                {beforeText(minutes)}
              </option>
            ))}
            <option value={AT}>At a date and time…</option>
          </select>
        </div>
        {choice === AT && (
          <div className="field">
            <label htmlFor={`${id}-at`}>Reminder time</label>
            <input id={`${id}-at`} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} onKeyDown={onEnter} disabled={full} aria-describedby={describedBy} aria-invalid={problem ? true : undefined} />
          </div>
        )}
        <button type="button" onClick={add} disabled={full}>
          Add reminder
        </button>
      </div>
      {full && <p className="hint">A task can have at most {REMINDER_LIMITS.perTask} reminders.</p>}
      {problem && (
        <p className="error" id={problemId} role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
