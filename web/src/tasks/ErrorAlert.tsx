import { ApiError, type FieldError } from '../api/tasks.js';

export interface Problem {
  message: string;
  fieldErrors: readonly FieldError[];
}

export function toProblem(err: unknown): Problem {
  if (err instanceof ApiError) return { message: err.message, fieldErrors: err.fieldErrors };
  return { message: 'Something went wrong. Please try again.', fieldErrors: [] };
}

const fieldNames: Record<string, string> = { title: 'Title', description: 'Description', priority: 'Priority', due_date: 'Due', tags: 'Tags', recurrence: 'Repeat', reminders: 'Reminders', time_zone: 'Time zone', name: 'List name', color: 'Colour' };

/** Field names arrive as body paths ("tags/3", "/title"); show the form's label where there is one. */
function fieldLabel(field: string): string {
  const key = field.replace(/^[/.]+/, '').split(/[/.[]/)[0] ?? field;
  return fieldNames[key] ?? field;
}

export function ErrorAlert({ problem, onDismiss }: { problem: Problem; onDismiss: () => void }) {
  return (
    <div className="alert" role="alert">
      <div className="alert-text">
        <p>{problem.message}</p>
        {problem.fieldErrors.length > 0 && (
          <ul>
            {problem.fieldErrors.map((fe, i) => (
              <li key={`${fe.field}-${i}`}>
                {fe.field !== '' && <strong>{fieldLabel(fe.field)}: </strong>}
                {fe.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
