// Reminders as the edit form holds them (the task's, without their ids: the list is sent whole and
// replaces the task's), and how they read.
import type { ReminderDto, ReminderInputBody } from '../../../src/tasks/tasks.schemas.js';
import { formatDue } from '../tasks/dates.js';

export type ReminderDraft = { minutes_before_due: number } | { at: string };

/** The "Remind me" choices: minutes before the due date. */
export const BEFORE_CHOICES: readonly number[] = [0, 5, 15, 30, 60, 1440];

export const remindersFromTask = (reminders: readonly ReminderDto[]): ReminderDraft[] =>
  reminders.map((r) => ('at' in r ? { at: r.at } : { minutes_before_due: r.minutes_before_due }));

export const reminderBody = (reminders: readonly ReminderDraft[]): ReminderInputBody[] => reminders.map((r) => ({ ...r }));

/** Equal reminders have equal keys (times compared as instants, whatever their spelling). */
export const reminderKey = (r: ReminderDraft) => ('at' in r ? `at:${Date.parse(r.at)}` : `before:${r.minutes_before_due}`);

export function sameReminders(a: readonly ReminderDraft[], b: readonly ReminderDraft[]): boolean {
  const keys = (list: readonly ReminderDraft[]) => list.map(reminderKey).sort().join('|');
  return keys(a) === keys(b);
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** 30 → "30 minutes before", 1440 → "1 day before", 0 → "At the due time". */
export function beforeText(minutes: number): string {
  if (minutes === 0) return 'At the due time';
  if (minutes % 1440 === 0) return `${plural(minutes / 1440, 'day')} before`;
  if (minutes % 60 === 0) return `${plural(minutes / 60, 'hour')} before`;
  return `${plural(minutes, 'minute')} before`;
}

export const reminderText = (r: ReminderDraft) => ('at' in r ? `At ${formatDue(r.at)}` : beforeText(r.minutes_before_due));

/** Relative reminders count back from the due date: without one they can never fire. */
export const needsDue = (reminders: readonly ReminderDraft[]) => reminders.some((r) => 'minutes_before_due' in r);
