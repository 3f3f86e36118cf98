// The recurrence picker's state and the RRULE value it stands for. Presets cover what people
// mostly want; any rule they do not spell exactly (an INTERVAL, a COUNT...) opens as a custom rule,
// so editing a task never rewrites a rule the person did not touch.
import { parseRule } from '../../../src/recurrence/recurrence.rule.js';

export type RepeatPreset = 'none' | 'daily' | 'weekdays' | 'weekly' | 'monthly' | 'yearly' | 'custom';

export const WEEKDAYS = [
  { code: 'MO', short: 'Mon', name: 'Monday' },
  { code: 'TU', short: 'Tue', name: 'Tuesday' },
  { code: 'WE', short: 'Wed', name: 'Wednesday' },
  { code: 'TH', short: 'Thu', name: 'Thursday' },
  { code: 'FR', short: 'Fri', name: 'Friday' },
  { code: 'SA', short: 'Sat', name: 'Saturday' },
  { code: 'SU', short: 'Sun', name: 'Sunday' },
] as const;
export type Weekday = (typeof WEEKDAYS)[number]['code'];

export const PRESET_OPTIONS: readonly { value: RepeatPreset; label: string }[] = [
  { value: 'none', label: 'Does not repeat' },
  { value: 'daily', label: 'Every day' },
  { value: 'weekdays', label: 'Every weekday (Monday to Friday)' },
  { value: 'weekly', label: 'Every week on chosen days' },
  { value: 'monthly', label: 'Every month on a day' },
  { value: 'yearly', label: 'Every year' },
  { value: 'custom', label: 'Custom rule (RRULE)' },
];

export interface RepeatDraft {
  preset: RepeatPreset;
  /** Weekly: none chosen means the due date's weekday. */
  days: readonly Weekday[];
  /** Monthly: empty means the due date's day of the month. */
  monthDay: string;
  /** Custom: the RRULE value as typed. */
  custom: string;
}

export const noRepeat: RepeatDraft = { preset: 'none', days: [], monthDay: '', custom: '' };

const WEEKDAYS_RULE = 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';
const DAY_CODES: readonly string[] = WEEKDAYS.map((d) => d.code);

/** The picker showing a stored rule: a preset when the rule is exactly one, else the rule as custom. */
export function repeatFromRule(rule: string | null): RepeatDraft {
  if (rule === null) return noRepeat;
  const custom = { ...noRepeat, preset: 'custom' as const, custom: rule };
  if (rule === 'FREQ=DAILY') return { ...noRepeat, preset: 'daily' };
  if (rule === WEEKDAYS_RULE) return { ...noRepeat, preset: 'weekdays' };
  if (rule === 'FREQ=YEARLY') return { ...noRepeat, preset: 'yearly' };
  const weekly = /^FREQ=WEEKLY(?:;BYDAY=([A-Z,]+))?$/.exec(rule);
  if (weekly) {
    const days = weekly[1]?.split(',') ?? [];
    if (!days.every((d) => DAY_CODES.includes(d)) || new Set(days).size !== days.length) return custom;
    return { ...noRepeat, preset: 'weekly', days: sortDays(days as Weekday[]) };
  }
  const monthly = /^FREQ=MONTHLY(?:;BYMONTHDAY=([1-9]|[12]\d|3[01]))?$/.exec(rule);
  if (monthly) return { ...noRepeat, preset: 'monthly', monthDay: monthly[1] ?? '' };
  return custom;
}

export const sortDays = (days: readonly Weekday[]): Weekday[] => [...days].sort((a, b) => DAY_CODES.indexOf(a) - DAY_CODES.indexOf(b));

/** The RRULE value the picker stands for (null: no recurrence), or what is wrong with it. */
export function ruleOf(draft: RepeatDraft): { rule: string | null } | { problem: string } {
  switch (draft.preset) {
    case 'none':
      return { rule: null };
    case 'daily':
      return { rule: 'FREQ=DAILY' };
    case 'weekdays':
      return { rule: WEEKDAYS_RULE };
    case 'yearly':
      return { rule: 'FREQ=YEARLY' };
    case 'weekly':
      return { rule: draft.days.length === 0 ? 'FREQ=WEEKLY' : `FREQ=WEEKLY;BYDAY=${sortDays(draft.days).join(',')}` };
    case 'monthly': {
      const day = draft.monthDay.trim();
      if (day === '') return { rule: 'FREQ=MONTHLY' };
      if (!/^\d{1,2}$/.test(day) || Number(day) < 1 || Number(day) > 31) return { problem: 'Enter a day of the month from 1 to 31.' };
      return { rule: `FREQ=MONTHLY;BYMONTHDAY=${Number(day)}` };
    }
    case 'custom': {
      if (draft.custom.trim() === '') return { problem: 'Enter a rule, such as FREQ=WEEKLY;BYDAY=MO,TH.' };
      const parsed = parseRule(draft.custom);
      return 'rule' in parsed ? parsed : { problem: ruleProblem(parsed.problem) };
    }
  }
}

/** Switching preset carries over what makes sense: the rule so far into a custom rule. */
export function withPreset(draft: RepeatDraft, preset: RepeatPreset): RepeatDraft {
  if (preset !== 'custom' || draft.custom.trim() !== '') return { ...draft, preset };
  const current = ruleOf(draft);
  return { ...draft, preset, custom: 'rule' in current && current.rule !== null ? current.rule : '' };
}

/** The parser's reason as a sentence: "must ..." reads as "The rule must ...". */
export function ruleProblem(problem: string): string {
  return problem.startsWith('must ') || problem.startsWith('has ') || problem.startsWith('never ') || problem.startsWith('is ')
    ? `The rule ${problem}.`
    : `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`;
}
