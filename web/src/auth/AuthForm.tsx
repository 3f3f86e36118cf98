import { useId, useRef, useState, type FormEvent } from 'react';
import { authClient } from './authClient.js';
import { authErrorMessage, validateCredentials, MIN_PASSWORD_LENGTH, type CredentialErrors, type Credentials } from './authErrors.js';

type Mode = 'sign-in' | 'sign-up';

/** Reads Better Auth's rate-limit hint (X-Retry-After) or the standard Retry-After. */
function retryAfterOf(res: Response): number | null {
  const value = Number(res.headers.get('X-Retry-After') ?? res.headers.get('Retry-After'));
  return Number.isFinite(value) && value > 0 ? Math.ceil(value) : null;
}

/** `onSignedUp`: a new account was made (and signed in). */
export function AuthForm({ onSignedUp }: { onSignedUp?: () => void }) {
  const [mode, setMode] = useState<Mode>('sign-in');
  const [values, setValues] = useState<Credentials>({ name: '', email: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<CredentialErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const refs = { name: useRef<HTMLInputElement>(null), email: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null) };
  const alertId = `${id}-alert`;
  const signUp = mode === 'sign-up';

  const set = (field: keyof Credentials) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));

  function switchMode() {
    setMode(signUp ? 'sign-in' : 'sign-up');
    setFieldErrors({});
    setMessage(null);
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    const errors = validateCredentials(values, mode);
    const invalid = (['name', 'email', 'password'] as const).filter((f) => errors[f] !== undefined);
    setFieldErrors(errors);
    if (invalid.length > 0) {
      setMessage(invalid.map((f) => errors[f]).join(' '));
      refs[invalid[0]!].current?.focus();
      return;
    }
    setBusy(true);
    setMessage(null);
    let retryAfter: number | null = null;
    const fetchOptions = { onError: (ctx: { response: Response }) => void (retryAfter = retryAfterOf(ctx.response)) };
    try {
      const email = values.email.trim();
      const { error } = signUp
        ? await authClient.signUp.email({ name: values.name.trim(), email, password: values.password }, fetchOptions)
        : await authClient.signIn.email({ email, password: values.password }, fetchOptions);
      // On success the session hook re-renders the app signed in and this form goes away.
      if (error) setMessage(authErrorMessage(error, mode, retryAfter));
      else if (signUp) onSignedUp?.();
    } catch {
      setMessage(authErrorMessage({ status: 0 }, mode, null));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: keyof Credentials, label: string, type: string, autoComplete: string, hint?: string) => {
    const inputId = `${id}-${name}`;
    const describedBy = [hint ? `${inputId}-hint` : '', fieldErrors[name] ? alertId : ''].filter(Boolean).join(' ');
    return (
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        <input
          ref={refs[name]}
          id={inputId}
          name={name}
          type={type}
          autoComplete={autoComplete}
          value={values[name]}
          onChange={set(name)}
          aria-invalid={fieldErrors[name] ? true : undefined}
          aria-describedby={describedBy || undefined}
        />
        {hint && (
          <p className="hint" id={`${inputId}-hint`}>
            {hint}
          </p>
        )}
      </div>
    );
  };

  return (
    <main className="auth">
      <h1 className="brand">Tasks</h1>
      <section className="card auth-card" aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`}>{signUp ? 'Create your account' : 'Sign in to your tasks'}</h2>
        <form onSubmit={submit} noValidate aria-busy={busy}>
          {signUp && field('name', 'Name', 'text', 'name')}
          {field('email', 'Email', 'email', 'email')}
          {field('password', 'Password', 'password', signUp ? 'new-password' : 'current-password', signUp ? `Use ${MIN_PASSWORD_LENGTH} or more characters.` : undefined)}
          {message && (
            <p className="error" role="alert" id={alertId}>
              {message}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {signUp ? 'Sign up' : 'Sign in'}
          </button>
          {busy && <p className="hint" role="status">{signUp ? 'Creating your account…' : 'Signing in…'}</p>}
        </form>
        <p className="switch">
          {signUp ? 'Already have an account?' : 'New here?'}{' '}
          <button type="button" className="link" onClick={switchMode}>
            {signUp ? 'Sign in' : 'Sign up'}
          </button>
        </p>
      </section>
    </main>
  );
}
