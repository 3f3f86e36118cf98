import { useEffect, useRef, useState } from 'react';
import { AuthForm } from './auth/AuthForm.js';
import { authClient } from './auth/authClient.js';
import { SettingsDialog } from './settings/SettingsDialog.js';
import { useSettings } from './settings/useSettings.js';
import { ErrorAlert } from './tasks/ErrorAlert.js';
import { TasksPage } from './tasks/TasksPage.js';

const SIGN_OUT_FAILED = 'Could not sign out: you are still signed in. Please try again.';

export function App() {
  // The session cookie survives reloads; this asks the server who it belongs to.
  const { data: session, isPending, refetch } = authClient.useSession();
  const [signingOut, setSigningOut] = useState(false);
  const [signOutFailed, setSignOutFailed] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const settingsButton = useRef<HTMLButtonElement>(null);
  const settings = useSettings(session?.user.id ?? null);

  // Focus returns to the Settings button once the dialog is gone (while it is open, the rest of
  // the page is inert and cannot take focus).
  const settingsWereOpen = useRef(false);
  useEffect(() => {
    if (settingsOpen) settingsWereOpen.current = true;
    else if (settingsWereOpen.current) {
      settingsWereOpen.current = false;
      settingsButton.current?.focus();
    }
  }, [settingsOpen]);

  // Signed out: the next person to sign in starts from a fresh page.
  useEffect(() => {
    if (!session) setSigningOut(false);
  }, [session]);

  if (isPending && !session) {
    return (
      <main className="auth" aria-busy="true">
        <p className="hint" role="status">Loading…</p>
      </main>
    );
  }
  if (!session) return <AuthForm onSignedUp={settings.adoptBrowserTimeZone} />;

  async function signOut() {
    setSigningOut(true);
    setSignOutFailed(false);
    let failed: boolean;
    try {
      // Better Auth's client returns a refusal (an HTTP error) rather than throwing it.
      failed = Boolean((await authClient.signOut()).error);
    } catch {
      // Network trouble: still signed in.
      failed = true;
    }
    // Refused: the button works again for another try. Done: still signing out until the session
    // is gone, so the page (its live updates above all) does not start again in between.
    if (failed) {
      setSignOutFailed(true);
      setSigningOut(false);
    }
  }

  const { user } = session;
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <span className="brand">Tasks</span>
          <span className="who" title={user.email}>
            {user.name || user.email}
          </span>
          <button ref={settingsButton} type="button" onClick={() => setSettingsOpen(true)} aria-haspopup="dialog">
            Settings
          </button>
          <button type="button" onClick={signOut} disabled={signingOut}>
            Sign out
          </button>
        </div>
      </header>
      {signOutFailed && (
        <div className="topbar-alert">
          <ErrorAlert problem={{ message: SIGN_OUT_FAILED, fieldErrors: [] }} onDismiss={() => setSignOutFailed(false)} />
        </div>
      )}
      {settingsOpen && <SettingsDialog save={settings.save} onClose={() => setSettingsOpen(false)} />}
      {/* Keyed by user so nothing from one account's list survives into another's. */}
      <TasksPage key={user.id} onSessionEnded={() => void refetch()} signingOut={signingOut} timeZone={settings.timeZone} />
    </>
  );
}
