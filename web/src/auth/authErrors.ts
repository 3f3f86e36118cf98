// Better Auth's routes keep Better Auth's own error format ({code, message} plus the status),
// not the task API's; these turn it into sentences a person can act on.
import { PASSWORD_LIMITS } from '../../../src/limits.js';

export interface AuthFailure {
  status: number;
  code?: string | undefined;
  message?: string | undefined;
}

/** The server's own minimum (Better Auth is configured from the same module). */
export const MIN_PASSWORD_LENGTH = PASSWORD_LIMITS.min;

const sentence = (text: string | undefined, fallback: string) => {
  const t = (text ?? '').trim() || fallback;
  return /[.!?]$/.test(t) ? t : `${t}.`;
};

export function authErrorMessage(error: AuthFailure, mode: 'sign-in' | 'sign-up', retryAfter: number | null): string {
  const code = error.code ?? '';
  if (error.status === 429) {
    const wait = retryAfter !== null ? `${retryAfter} second${retryAfter === 1 ? '' : 's'}` : 'a minute';
    return `Too many attempts. Please wait ${wait} and try again.`;
  }
  if (code === 'INVALID_EMAIL_OR_PASSWORD' || (mode === 'sign-in' && error.status === 401)) {
    return 'Wrong email or password. Check both and try again.';
  }
  if (code.startsWith('USER_ALREADY_EXISTS') || (mode === 'sign-up' && error.status === 422)) {
    return 'An account with this email already exists. Sign in instead, or use another email.';
  }
  if (code === 'PASSWORD_TOO_SHORT') return `${sentence(error.message, 'Password too short')} Choose a longer password.`;
  if (code === 'PASSWORD_TOO_LONG') return `${sentence(error.message, 'Password too long')} Choose a shorter password.`;
  if (code === 'INVALID_EMAIL') return 'Enter a valid email address.';
  if (error.status === 0) return 'Cannot reach the server. Check your connection and try again.';
  if (error.status >= 500) return 'Something went wrong on the server. Please try again.';
  return sentence(error.message, `Something went wrong (HTTP ${error.status})`);
}

export interface Credentials {
  name: string;
  email: string;
  password: string;
}

export type CredentialErrors = Partial<Record<keyof Credentials, string>>;

export function validateCredentials(c: Credentials, mode: 'sign-in' | 'sign-up'): CredentialErrors {
  const errors: CredentialErrors = {};
  if (mode === 'sign-up' && c.name.trim() === '') errors.name = 'Enter your name.';
  if (!/^[^\s@]+@[^\s@]+$/.test(c.email.trim())) errors.email = 'Enter a valid email address, like you@example.com.';
  if (c.password === '') errors.password = 'Enter your password.';
  else if (mode === 'sign-up' && c.password.length < MIN_PASSWORD_LENGTH) {
    errors.password = `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  } else if (mode === 'sign-up' && c.password.length > PASSWORD_LIMITS.max) {
    errors.password = `Password must be at most ${PASSWORD_LIMITS.max} characters.`;
  }
  return errors;
}
