// What the rule being picked means before it is saved: its words and the next three dates it
// moves the due date to. Computed with the service's own rule module, so it shows what will happen.
import { useMemo } from 'react';
import { firstOccurrenceProblem, upcomingOccurrences } from '../../../src/recurrence/recurrence.rule.js';
import { ruleProblem } from './repeatDraft.js';
import { formatOccurrence, ruleInWords } from './ruleText.js';

const SHOWN = 3;

interface Props {
  id: string;
  /** The rule, or why there is none; null: the task does not repeat. */
  rule: { rule: string | null } | { problem: string };
  /** ISO due date, or null when the form has none (yet). */
  due: string | null;
  timeZone: string;
}

export function RepeatPreview({ id, rule, due, timeZone }: Props) {
  const preview = useMemo(() => {
    if (!('rule' in rule) || rule.rule === null || due === null) return null;
    const anchor = new Date(due);
    const problem = firstOccurrenceProblem(rule.rule, anchor, timeZone);
    if (problem) return { problem: ruleProblem(problem) };
    return { words: ruleInWords(rule.rule, due, timeZone), next: upcomingOccurrences(rule.rule, anchor, timeZone, anchor, SHOWN) };
  }, [rule, due, timeZone]);

  let content = null;
  if ('problem' in rule) content = <p className="error">{rule.problem}</p>;
  else if (rule.rule === null) content = null;
  else if (due === null) content = <p className="repeat-needs-due">A repeating task needs a due date: set Due above.</p>;
  else if (preview && 'problem' in preview) content = <p className="error">{preview.problem}</p>;
  else if (preview && 'words' in preview) {
    content = (
      <>
        <p className="repeat-words">
          <span aria-hidden="true">↻ </span>Repeats {preview.words}
        </p>
        {preview.next.length === 0 ? (
          <p className="hint">This is the last time: completing it ends the series.</p>
        ) : (
          <>
            <p className="hint" id={`${id}-next`}>
              After this due date:
            </p>
            <ol className="occurrences" aria-labelledby={`${id}-next`}>
              {preview.next.map((date) => (
                <li key={date.getTime()}>
                  <time dateTime={date.toISOString()}>{formatOccurrence(date, timeZone)}</time>
                </li>
              ))}
            </ol>
          </>
        )}
      </>
    );
  }
  // The region stays in the document, so what appears in it is announced.
  return (
    <div className="repeat-preview" id={id} aria-live="polite">
      {content}
    </div>
  );
}
