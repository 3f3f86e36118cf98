// The request's recurrence, time zone and reminders, checked and put in their stored form: the
// rule upper-cased and checked against the RRULE grammar (and against never occurring), the zone
// in Intl's spelling, reminders de-duplicated with their times in UTC.
import { REMINDER_LIMITS } from '../limits.js';
import { firstOccurrenceProblem, parseRule } from '../recurrence/recurrence.rule.js';
import { canonicalTimeZone } from '../settings/settings.time-zone.js';
import { parseTime, type FieldProblems } from './tasks.field-problems.js';
import type { ReminderInputBody } from './tasks.schemas.js';

export function recurrenceOf(value: string | null, context: { dueDate: Date | null | undefined; timeZone: string | null }, problems: FieldProblems): string | null {
  if (value === null) return null;
  const parsed = parseRule(value);
  if ('problem' in parsed) {
    problems.add('recurrence', parsed.problem);
    return null;
  }
  if (context.dueDate === null) {
    problems.add('recurrence', 'needs a due_date (the first occurrence)');
    return null;
  }
  // Whether it can ever occur, from the due date sent (else from now; the database still checks
  // that a due date is there).
  const problem = firstOccurrenceProblem(parsed.rule, context.dueDate ?? new Date(), context.timeZone ?? 'UTC');
  if (problem) problems.add('recurrence', problem);
  return parsed.rule;
}

export function timeZoneOf(value: string, problems: FieldProblems): string | null {
  const zone = canonicalTimeZone(value);
  if (zone === null) problems.add('time_zone', 'is not a known IANA time zone name (such as Europe/Berlin or UTC)');
  return zone;
}

/** The reminders as the task row stores them (JSON text; ids are added by the database). */
export function remindersOf(input: ReminderInputBody[], problems: FieldProblems): string {
  const seen = new Set<string>();
  const stored: ({ minutes_before_due: number } | { at: string })[] = [];
  input.forEach((reminder, index) => {
    const field = `reminders[${index}]`;
    const relative = reminder.minutes_before_due !== undefined;
    if (relative === (reminder.at !== undefined)) {
      problems.add(field, 'must have exactly one of minutes_before_due and at');
      return;
    }
    let entry: { minutes_before_due: number } | { at: string };
    if (relative) {
      entry = { minutes_before_due: reminder.minutes_before_due! };
    } else {
      const at = parseTime(reminder.at!, `${field}.at`, problems);
      if (!at) return;
      entry = { at: at.toISOString() };
    }
    const key = JSON.stringify(entry);
    if (seen.has(key)) return;
    seen.add(key);
    stored.push(entry);
  });
  if (stored.length > REMINDER_LIMITS.perTask) problems.add('reminders', `must hold at most ${REMINDER_LIMITS.perTask} reminders`);
  return JSON.stringify(stored);
}
