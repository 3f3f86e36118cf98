// What a 401 tells the client, per reason: the `detail` of the error body and the RFC 6750
// challenge in WWW-Authenticate. The texts name what to do next and nothing about internals
// (which key, which library); none depends on whether an account exists.
import type { AuthFailure } from './authenticate.js';
import { unauthorized, type ServiceError } from '../errors.js';

export const AUTH_REALM = 'task-service';

interface Explanation {
  detail: string;
  /** RFC 6750 §3.1: absent when no credentials were sent at all. */
  error?: 'invalid_request' | 'invalid_token';
}

const EXPLANATIONS: Record<AuthFailure | 'account_gone', Explanation> = {
  missing: { detail: 'Authentication required: send Authorization: Bearer <token> or the session cookie.' },
  malformed_header: { error: 'invalid_request', detail: 'The Authorization header is malformed: it must be "Bearer <token>".' },
  malformed_token: { error: 'invalid_token', detail: 'The bearer token is malformed: it is not a JWT this service can read.' },
  bad_signature: { error: 'invalid_token', detail: 'The token\'s signature could not be verified: it is forged, altered, or signed by a key this service does not trust.' },
  expired: { error: 'invalid_token', detail: 'The token has expired: get a new one from /api/auth/token.' },
  not_yet_valid: { error: 'invalid_token', detail: 'The token is not valid yet (its nbf is in the future).' },
  wrong_audience: { error: 'invalid_token', detail: 'The token was issued for another service (issuer or audience do not match this one).' },
  no_subject: { error: 'invalid_token', detail: 'The token does not name a user.' },
  account_gone: { error: 'invalid_token', detail: 'The account behind this token no longer exists.' },
  token_invalid: { error: 'invalid_token', detail: 'The access token is not valid: it was revoked or never issued.' },
  token_expired: { error: 'invalid_token', detail: 'The access token has expired: create a new one.' },
  session_invalid: { error: 'invalid_token', detail: 'The session is not valid: it was signed out, has expired or was revoked. Sign in again.' },
};

/** RFC 6750's quoted-string allows neither '"' nor '\'; the header carries a plain version. */
const quotable = (text: string) => text.replace(/["\\]/g, '\'');

export function explainAuthFailure(failure: AuthFailure | 'account_gone'): { detail: string; challenge: string } {
  const { detail, error } = EXPLANATIONS[failure];
  const challenge = error === undefined
    ? `Bearer realm="${AUTH_REALM}"`
    : `Bearer realm="${AUTH_REALM}", error="${error}", error_description="${quotable(detail)}"`;
  return { detail, challenge };
}

/** The 401 for a refused credential. */
export function authFailureError(failure: AuthFailure | 'account_gone'): ServiceError {
  const { detail, challenge } = explainAuthFailure(failure);
  return unauthorized(detail, challenge);
}
