// The page's reminder toasts, bottom right. They stay until dismissed or opened (no timer: a
// reminder missed because it vanished would defeat its purpose). The live region is always in the
// document, so a toast appearing in it is announced.
import type { ReminderAlerts } from './useReminderAlerts.js';
import { reminderDetail } from './useReminderAlerts.js';

interface Props {
  alerts: ReminderAlerts;
  onOpen: (taskId: string) => void;
}

export function ReminderToasts({ alerts, onOpen }: Props) {
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions text">
      {alerts.toasts.length > 0 && (
        <ul aria-label="Reminders">
          {alerts.toasts.map((toast) => (
            <li key={toast.key} className={toast.late ? 'toast late' : 'toast'}>
              <button
                type="button"
                className="toast-open"
                onClick={() => {
                  alerts.dismiss(toast.key);
                  onOpen(toast.task_id);
                }}
              >
                <span className="toast-title">Reminder: {toast.title}</span>
                {toast.late && <span className="badge badge-late">late</span>}
                <span className="toast-detail">{reminderDetail(toast)}</span>
              </button>
              <button type="button" className="toast-dismiss" aria-label={`Dismiss reminder: ${toast.title}`} onClick={() => alerts.dismiss(toast.key)}>
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
