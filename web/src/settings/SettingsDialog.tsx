import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { getSettings } from '../api/settings.js';
import { ApiError } from '../api/request.js';
import type { IntegrationsDialog } from '../integrations/IntegrationsDialog.js';
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
  // Loaded on first use (its own chunk): most visits never open it.
  const [Integrations, setIntegrations] = useState<typeof IntegrationsDialog | null>(null);
  const [integrationsOpen, setIntegrationsOpen] = useState(false);

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

  // Not once the user has gone on to Integrations: focus stays there (and comes back to its button).
  const integrationsAsked = useRef(false);
  useEffect(() => {
    if (stored !== null && !integrationsAsked.current) select.current?.focus();
  }, [stored]);

  async function openIntegrations() {
    integrationsAsked.current = true;
    setFailure(null);
    try {
      const loaded = await import('../integrations/IntegrationsDialog.js');
      setIntegrations(() => loaded.IntegrationsDialog);
      setIntegrationsOpen(true);
    } catch {
      setFailure('Tokens and webhooks could not be loaded. Reload the page and try again.');
    }
  }

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
    <>
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
          <section className="settings-section" aria-labelledby={`${id}-integrations`}>
            <h3 id={`${id}-integrations`}>Integrations</h3>
            <p className="hint">Tokens let scripts, calendar apps (CalDAV) and AI assistants (MCP) use your tasks; webhooks tell other services when they change.</p>
            <button type="button" className="small" onClick={() => void openIntegrations()} aria-haspopup="dialog">
              Tokens and webhooks…
            </button>
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
      {/* Beside this dialog, not in it: its form and its Escape stay its own. */}
      {integrationsOpen && Integrations && <Integrations onClose={() => setIntegrationsOpen(false)} />}
    </>
  );
}
