import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { getSettings } from '../api/settings.js';
import { ApiError } from '../api/request.js';
import { askForNotifications, notificationState, type NotificationState } from '../reminders/notificationPermission.js';
import { browserTimeZone, timeZoneNames } from './timeZones.js';

interface Props {
  save: (timeZone: string) => Promise<unknown>;
  onClose: () => void;
}

const NOTIFICATION_TEXT: Record<NotificationState, string> = {
  granted: 'Reminders also appear as browser notifications.',
  default: 'Reminders show in this page. Browser notifications can show them when the page is in the background.',
  denied: 'Browser notifications are blocked for this site (change that in the browser’s site settings); reminders show in this page.',
  unsupported: 'This browser has no notifications; reminders show in this page.',
};

/**
 * A modal <dialog> (the browser keeps focus inside; Escape cancels). It reads the settings afresh
 * on opening, since another tab may have changed them.
 */
export function SettingsDialog({ save, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const select = useRef<HTMLSelectElement>(null);
  const id = useId();
  const browserZone = browserTimeZone();
  const [stored, setStored] = useState<string | null>(null);
  const [timeZone, setTimeZone] = useState(browserZone);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notifications, setNotifications] = useState(notificationState);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    getSettings(controller.signal).then(
      (settings) => {
        setStored(settings.time_zone);
        // "UTC" is also what an account that never chose a zone has: offer the browser's then.
        setTimeZone(settings.time_zone === 'UTC' ? browserZone : settings.time_zone);
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setFailure(err instanceof ApiError ? err.message : 'Your settings could not be loaded.');
      },
    );
    return () => controller.abort();
  }, [browserZone]);

  useEffect(() => {
    if (stored !== null) select.current?.focus();
  }, [stored]);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await save(timeZone);
      onClose();
    } catch (err) {
      setFailure(err instanceof ApiError ? err.message : 'Your settings could not be saved.');
      setBusy(false);
    }
  }

  const loading = stored === null;
  const hintId = `${id}-zone-hint`;
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog settings-dialog"
      aria-labelledby={`${id}-title`}
      aria-busy={loading || busy || undefined}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`}>Settings</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-zone`}>Time zone</label>
          <select ref={select} id={`${id}-zone`} value={timeZone} disabled={loading} onChange={(e) => setTimeZone(e.target.value)} aria-describedby={hintId}>
            {timeZoneNames([timeZone]).map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
          <p className="hint" id={hintId}>
            {loading
              ? 'Loading your settings…'
              : stored === 'UTC' && browserZone !== 'UTC'
                ? `Your account uses UTC (the default). Your browser is in ${browserZone}.`
                : 'New tasks repeat in this zone: “every day at 9 AM” stays at 9 AM here.'}
          </p>
        </div>
        <section className="settings-section" aria-labelledby={`${id}-notify`}>
          <h3 id={`${id}-notify`}>Notifications</h3>
          <p className="hint">{NOTIFICATION_TEXT[notifications]}</p>
          {notifications === 'default' && (
            <button type="button" className="small" onClick={() => void askForNotifications(true).then(setNotifications)}>
              Turn on notifications
            </button>
          )}
        </section>
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={loading || busy}>
            Save
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
