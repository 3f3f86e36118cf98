// RFC 5545 RRULE values: checked against the RECUR grammar here (rrule-temporal is lenient: it
// drops parts it does not understand and takes COUNT=-1), expanded by rrule-temporal in the
// task's time zone, so "every day at 09:00 Europe/Berlin" stays at 09:00 local across the
// daylight-saving changes while the UTC instant moves. The expansion itself is never done here.
// Imported by the service and by the web page (the picker's preview), so it stays browser-safe.
import { RRuleTemporal } from 'rrule-temporal';
import { toText } from 'rrule-temporal/totext';
import { Temporal } from 'temporal-polyfill';

export const RECURRENCE_LIMITS = {
  ruleMax: 500,
  countMax: 10_000,
  intervalMax: 1_000,
  /** Periods (years, months, days...) the expansion may walk looking for the next occurrence. */
  searchPeriods: 1_000,
} as const;

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const FREQUENCIES = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY', 'MINUTELY', 'SECONDLY'];

type Check = (value: string, freq: string) => string | null;

const integer = (text: string, min: number, max: number, signed = false): boolean => {
  if (!(signed ? /^[+-]?\d{1,5}$/ : /^\+?\d{1,5}$/).test(text)) return false;
  const n = Math.abs(Number(text));
  return n >= min && n <= max;
};

const list = (each: (item: string) => boolean, what: string): Check => (value) =>
  value.split(',').every((item) => item !== '' && each(item)) ? null : `must be a comma-separated list of ${what}`;

/** What each part accepts (RFC 5545 3.3.10), and where the RFC forbids it. */
const PARTS: Record<string, Check> = {
  FREQ: (value) => {
    if (!FREQUENCIES.includes(value)) return 'FREQ must be one of YEARLY, MONTHLY, WEEKLY, DAILY or HOURLY';
    if (value === 'MINUTELY' || value === 'SECONDLY') return `FREQ=${value} is not supported (the shortest period is HOURLY)`;
    return null;
  },
  UNTIL: (value) => (/^\d{8}(T\d{6}Z?)?$/.test(value) && isCalendarStamp(value) ? null : 'UNTIL must be a date (YYYYMMDD) or a UTC time (YYYYMMDDTHHMMSSZ)'),
  COUNT: (value) => (integer(value, 1, RECURRENCE_LIMITS.countMax) ? null : `COUNT must be a whole number from 1 to ${RECURRENCE_LIMITS.countMax}`),
  INTERVAL: (value) => (integer(value, 1, RECURRENCE_LIMITS.intervalMax) ? null : `INTERVAL must be a whole number from 1 to ${RECURRENCE_LIMITS.intervalMax}`),
  BYSECOND: list((s) => integer(s, 0, 60), 'seconds (0..60)'),
  BYMINUTE: list((s) => integer(s, 0, 59), 'minutes (0..59)'),
  BYHOUR: list((s) => integer(s, 0, 23), 'hours (0..23)'),
  BYDAY: (value, freq) => {
    for (const item of value.split(',')) {
      const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
      if (!match) return 'BYDAY must be a comma-separated list of weekdays (MO..SU), each optionally after an ordinal such as 1MO or -1FR';
      if (match[1] !== undefined) {
        if (freq !== 'MONTHLY' && freq !== 'YEARLY') return 'BYDAY ordinals (such as 1MO) are only allowed with FREQ=MONTHLY or YEARLY';
        if (!integer(match[1], 1, freq === 'MONTHLY' ? 5 : 53, true)) return 'a BYDAY ordinal must be 1..5 (monthly) or 1..53 (yearly), or the same negated';
      }
    }
    return null;
  },
  BYMONTHDAY: (value, freq) => (freq === 'WEEKLY' ? 'BYMONTHDAY is not allowed with FREQ=WEEKLY' : list((s) => integer(s, 1, 31, true), 'month days (1..31 or -31..-1)')(value, freq)),
  BYYEARDAY: (value, freq) => (['DAILY', 'WEEKLY', 'MONTHLY'].includes(freq) ? `BYYEARDAY is not allowed with FREQ=${freq}` : list((s) => integer(s, 1, 366, true), 'year days (1..366 or -366..-1)')(value, freq)),
  BYWEEKNO: (value, freq) => (freq !== 'YEARLY' ? 'BYWEEKNO is only allowed with FREQ=YEARLY' : list((s) => integer(s, 1, 53, true), 'week numbers (1..53 or -53..-1)')(value, freq)),
  BYMONTH: list((s) => integer(s, 1, 12), 'months (1..12)'),
  BYSETPOS: list((s) => integer(s, 1, 366, true), 'positions (1..366 or -366..-1)'),
  WKST: (value) => (WEEKDAYS.includes(value) ? null : 'WKST must be a weekday (MO..SU)'),
};

function isCalendarStamp(value: string): boolean {
  const [y, m, d] = [Number(value.slice(0, 4)), Number(value.slice(4, 6)), Number(value.slice(6, 8))];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  if (value.length === 8) return true;
  const [hh, mm, ss] = [Number(value.slice(9, 11)), Number(value.slice(11, 13)), Number(value.slice(13, 15))];
  return hh < 24 && mm < 60 && ss < 60;
}

/**
 * The rule in its stored spelling (upper case, as RFC 5545 writes it), or the reason it is not a
 * rule we take. Only the grammar is checked here; whether it ever occurs needs its start (see
 * firstOccurrenceProblem).
 */
export function parseRule(input: string): { rule: string } | { problem: string } {
  const rule = input.trim().toUpperCase();
  if (rule.length === 0) return { problem: 'must not be empty (send null for no recurrence)' };
  if (rule.length > RECURRENCE_LIMITS.ruleMax) return { problem: `must be at most ${RECURRENCE_LIMITS.ruleMax} characters` };
  if (rule.startsWith('RRULE:') || rule.includes('\n') || rule.includes('DTSTART')) {
    return { problem: 'must be the RRULE value alone, such as FREQ=WEEKLY;BYDAY=MO,TH (no "RRULE:" prefix, no DTSTART)' };
  }
  const parts = new Map<string, string>();
  for (const part of rule.split(';')) {
    const match = /^([A-Z]+)=([^=;]+)$/.exec(part);
    if (!match) return { problem: `"${part}" is not a NAME=VALUE part of a recurrence rule` };
    const [, name, value] = match as unknown as [string, string, string];
    if (!(name in PARTS)) return { problem: `${name} is not a recurrence rule part` };
    if (parts.has(name)) return { problem: `${name} appears more than once` };
    parts.set(name, value);
  }
  const freq = parts.get('FREQ');
  if (freq === undefined) return { problem: 'must start with (or contain) FREQ, such as FREQ=DAILY' };
  for (const [name, value] of parts) {
    const problem = PARTS[name]!(value, freq);
    if (problem) return { problem: problem.startsWith(name) || problem.startsWith('FREQ') ? problem : `${name} ${problem}` };
  }
  if (parts.has('COUNT') && parts.has('UNTIL')) return { problem: 'COUNT and UNTIL may not both be given' };
  if (parts.has('BYSETPOS') && ![...parts.keys()].some((name) => name.startsWith('BY') && name !== 'BYSETPOS')) {
    return { problem: 'BYSETPOS needs another BYxxx part to pick from' };
  }
  return { rule };
}

/** The series as rrule-temporal expands it: DTSTART is the anchor's wall-clock time in the zone. */
function series(rule: string, anchor: Date, timeZone: string): RRuleTemporal {
  const dtstart = Temporal.Instant.fromEpochMilliseconds(anchor.getTime()).toZonedDateTimeISO(timeZone);
  return new RRuleTemporal({ rruleString: rule, dtstart, maxIterations: RECURRENCE_LIMITS.searchPeriods, cache: false });
}

const zoned = (date: Date, timeZone: string) => Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO(timeZone);

/**
 * The first occurrence strictly after `after`, or null when the series has ended (COUNT, UNTIL)
 * or has no further occurrence within the search bound.
 */
export function nextOccurrence(rule: string, anchor: Date, timeZone: string, after: Date): Date | null {
  try {
    const next = series(rule, anchor, timeZone).next(zoned(after, timeZone), false);
    return next ? new Date(next.epochMilliseconds) : null;
  } catch {
    return null;
  }
}

/** Up to n occurrences after `after` (the picker's preview). */
export function upcomingOccurrences(rule: string, anchor: Date, timeZone: string, after: Date, n: number): Date[] {
  const found: Date[] = [];
  let from = after;
  while (found.length < n) {
    const next = nextOccurrence(rule, anchor, timeZone, from);
    if (!next) break;
    found.push(next);
    from = next;
  }
  return found;
}

/**
 * Why a well-formed rule cannot be used from this start, or null: a rule whose expansion fails,
 * or that can never occur (BYMONTH=2;BYMONTHDAY=30), is refused rather than stored.
 */
export function firstOccurrenceProblem(rule: string, anchor: Date, timeZone: string): string | null {
  try {
    const rrule = series(rule, anchor, timeZone);
    const first = rrule.next(zoned(new Date(anchor.getTime() - 1), timeZone), true);
    return first ? null : 'has no occurrence on or after the due date';
  } catch (error) {
    return /maximum iterations/i.test(error instanceof Error ? error.message : '') ? 'never occurs (no date matches it)' : 'is not a rule the expansion accepts';
  }
}

/** The rule in English words ("every week on Monday and Thursday"), for the page. */
export function describeRule(rule: string, anchor: Date, timeZone: string): string {
  try {
    return toText(series(rule, anchor, timeZone), 'en', { excludeTzAbbreviation: true });
  } catch {
    return rule;
  }
}
