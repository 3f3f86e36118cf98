// Reminders as they fire: a toast in the page, and a browser notification when the person allowed
// them (so a reminder is seen with the tab in the background). Both open the task when clicked.
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { ReminderEvent } from '../sync/useLiveUpdates.js';
import { formatDue } from '../tasks/dates.js';
import { notificationState } from './notificationPermission.js';

export interface ReminderToast extends ReminderEvent {
  key: string;
}

export interface ReminderAlerts {
  toasts: readonly ReminderToast[];
  announce: (reminder: ReminderEvent) => void;
  dismiss: (key: string) => void;
}

/** More than this and the oldest go: a backlog (after a restart, say) should not fill the screen. */
const MAX_TOASTS = 4;

/** One occurrence's reminder, however many times it reaches the page (two reminders for one due date, say). */
const keyOf = (r: ReminderEvent) => `${r.task_id}@${r.due_date ?? ''}`;

export const reminderDetail = (r: ReminderEvent) => (r.due_date === null ? '' : `Due ${formatDue(r.due_date)}`);

function notify(reminder: ReminderEvent, onOpen: (taskId: string) => void) {
  if (notificationState() !== 'granted') return;
  try {
    // The tag makes the system show one notification per occurrence, however many tabs are open.
    const notification = new Notification(`Reminder: ${reminder.title}`, { body: `${reminder.late ? 'Late reminder. ' : ''}${reminderDetail(reminder)}`, tag: `reminder:${keyOf(reminder)}` });
    notification.onclick = () => {
      window.focus();
      onOpen(reminder.task_id);
      notification.close();
    };
  } catch {
    // Some browsers (Chrome on Android) show notifications only from a service worker: the toast remains.
  }
}

export function useReminderAlerts(onOpen: (taskId: string) => void): ReminderAlerts {
  const [toasts, setToasts] = useState<ReminderToast[]>([]);
  const openRef = useRef(onOpen);
  useLayoutEffect(() => {
    openRef.current = onOpen;
  });

  const announce = useCallback((reminder: ReminderEvent) => {
    const key = keyOf(reminder);
    setToasts((shown) => [...shown.filter((t) => t.key !== key), { ...reminder, key }].slice(-MAX_TOASTS));
    notify(reminder, (taskId) => openRef.current(taskId));
  }, []);

  const dismiss = useCallback((key: string) => setToasts((shown) => shown.filter((t) => t.key !== key)), []);

  return { toasts, announce, dismiss };
}
