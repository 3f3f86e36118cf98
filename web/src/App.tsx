import { useState } from 'react';
import { AuthForm } from './auth/AuthForm.js';
import { authClient } from './auth/authClient.js';
import { TasksPage } from './tasks/TasksPage.js';

export function App() {
  // The session cookie survives reloads; this asks the server who it belongs to.
  const { data: session, isPending, refetch } = authClient.useSession();
  const [signingOut, setSigningOut] = useState(false);

  if (isPending && !session) {
    return (
      <main className="auth" aria-busy="true">
        <p className="hint" role="status">Loading…</p>
      </main>
    );
  }
  if (!session) return <AuthForm />;

  async function signOut() {
    setSigningOut(true);
    try {
      await authClient.signOut();
    } catch {
      // Network trouble: still signed in, and the button works again for another try.
    } finally {
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
          <button type="button" onClick={signOut} disabled={signingOut}>
            Sign out
          </button>
        </div>
      </header>
      {/* Keyed by user so nothing from one account's list survives into another's. */}
      <TasksPage key={user.id} onSessionEnded={() => void refetch()} />
    </>
  );
}
