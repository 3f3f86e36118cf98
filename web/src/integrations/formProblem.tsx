// A refusal as a form shows it: the detail at the form's foot, and each field error under the
// input it names. Field errors about anything the form has no input for stay with the detail.
import { ApiError, type FieldError } from '../api/request.js';

export interface FormProblem {
  message: string;
  /** By the form's own field names ("name", "url"). */
  fields: Partial<Record<string, string>>;
  other: readonly FieldError[];
}

/** "scopes[0]", "/url", "events.1" → "scopes", "url", "events". */
const fieldKey = (field: string) => field.replace(/^[/.]+/, '').split(/[/.[]/)[0] ?? field;

export function formProblem(err: unknown, labels: Readonly<Record<string, string>>): FormProblem {
  if (!(err instanceof ApiError)) return { message: 'Something went wrong. Please try again.', fields: {}, other: [] };
  const fields: Record<string, string> = {};
  const other: FieldError[] = [];
  for (const fe of err.fieldErrors) {
    const key = fieldKey(fe.field);
    const label = labels[key];
    if (label === undefined) other.push(fe);
    else fields[key] = fields[key] === undefined ? `${label}: ${fe.message}` : `${fields[key]}; ${fe.message}`;
  }
  return { message: err.message, fields, other };
}

/** A problem found before sending: one field at fault. */
export const fieldProblem = (field: string, message: string): FormProblem => ({
  message: 'Please correct the field marked below.',
  fields: { [field]: message },
  other: [],
});

/** What an input needs for its error: aria-invalid and the message's id in aria-describedby. */
export function fieldAria(problem: FormProblem | null, field: string, errorId: string, hintId?: string) {
  const invalid = problem?.fields[field] !== undefined;
  const describedBy = [invalid ? errorId : undefined, hintId].filter(Boolean).join(' ');
  return { 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy === '' ? undefined : describedBy };
}

export function FieldMessage({ problem, field, id }: { problem: FormProblem | null; field: string; id: string }) {
  const message = problem?.fields[field];
  return message === undefined ? null : (
    <p className="error field-error" id={id}>
      {message}
    </p>
  );
}

/** The detail, and field errors the form has no input for. */
export function ProblemSummary({ problem }: { problem: FormProblem | null }) {
  if (problem === null) return null;
  return (
    <div className="error form-problem" role="alert">
      <p>{problem.message}</p>
      {problem.other.length > 0 && (
        <ul>
          {problem.other.map((fe, i) => (
            <li key={`${fe.field}-${i}`}>{fe.field === '' ? fe.message : `${fe.field}: ${fe.message}`}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
