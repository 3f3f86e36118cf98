// A recurrence as people read it. The rule repeats in the task's time zone ("every day at 9 AM"
// means 9 AM there), so its words and dates are given in that zone, named when it is not the
// browser's own, where the rest of the page's times are shown.
import { describeRule } from '../../../src/recurrence/recurrence.rule.js';
import { browserTimeZone } from '../settings/timeZones.js';

const zoneNote = (timeZone: string) => (timeZone === browserTimeZone() ? '' : ` (${timeZone.replaceAll('_', ' ')} time)`);

/**
 * "every week on Monday and Thursday at 9 AM", anchored on the due date (now without one), to the
 * minute as the page shows times ("at 9 AM", not "at 9:00:27 AM" for a due date set by an API client).
 */
export function ruleInWords(rule: string, due: string | null, timeZone: string): string {
  const anchor = new Date(Math.floor((due === null ? Date.now() : Date.parse(due)) / 60_000) * 60_000);
  return `${describeRule(rule, anchor, timeZone)}${zoneNote(timeZone)}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** "Thu, Mar 5, 2026, 9:00 AM" in the zone the rule repeats in. */
export function formatOccurrence(date: Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };
    try {
      format = new Intl.DateTimeFormat(undefined, { ...options, timeZone });
    } catch {
      // A zone the server knows and this browser does not: the browser's own, rather than nothing.
      format = new Intl.DateTimeFormat(undefined, options);
    }
    formats.set(timeZone, format);
  }
  return format.format(date);
}
