// The API speaks ISO-8601 UTC; <input type="datetime-local"> speaks local wall-clock time
// without a zone ("2026-01-24T10:30"). These convert between the two and format for display.
import type { TaskDto } from '../../../src/tasks/tasks.schemas.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO time → the value a datetime-local input shows (local time, minutes). */
export function toLocalInput(iso: string | null): string {
  if (iso === null) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** datetime-local value → ISO UTC, or null when empty or unreadable. */
export function fromLocalInput(value: string): string | null {
  if (value.trim() === '') return null;
  // A date-time string without an offset is read as local time, which is what the user typed.
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const dueFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDue(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dueFormat.format(d);
}

export function isOverdue(task: Pick<TaskDto, 'is_completed' | 'due_date'>, now = Date.now()): boolean {
  return !task.is_completed && task.due_date !== null && Date.parse(task.due_date) < now;
}
