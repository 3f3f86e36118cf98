// Who is calling? Resolves a request's credentials to a user id, or the reason they fail. Accepted, in order:
// - Authorization: Bearer <JWT> from /api/auth/token, verified locally against our JWKS
//   (or, when configured, an external Better Auth server's JWKS);
// - Authorization: Bearer <session token> (the `token` of sign-up / sign-in);
// - Authorization: Bearer <personal access token> (tsk_..., tokens/), with its scopes;
// - the session cookie.
// JWTs are stateless: one issued before sign-out stays valid until it expires (15 minutes).
// A refusal says why (AuthFailure), so a client can tell "sign in again" from "fix your header";
// none of the reasons depends on whether an account exists.
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { isDatabaseUnavailable } from '../db/errors.js';
import type { Auth } from './auth.js';
import { isUuid } from '../uuid.js';
import { TOKEN_PREFIX as ACCESS_TOKEN_PREFIX } from '../tokens/token-secret.js';

// Better Auth signs with Ed25519 by default. Pinning the algorithm list refuses alg "none",
// HMAC-with-the-public-key and every other algorithm confusion before any key is consulted.
const ALGORITHMS = ['EdDSA'];
const EXTERNAL_ALGORITHMS = ['EdDSA', 'ES256', 'ES512', 'RS256', 'PS256'];
/**
 * At most one JWKS reload per interval, so tokens with random key ids cannot hammer the database.
 * A token naming a key we have not seen waits for the next reload rather than being refused: on a
 * fresh database two instances may each mint a key at once, and each must accept the other's.
 */
const JWKS_RELOAD_INTERVAL_MS = 1000;

export interface AuthenticatorOptions {
  issuer: string;
  audience: string;
  external?: { jwksUrl: string; issuer: string; audience: string } | undefined;
  /** Personal access tokens (Bearer tsk_...); without it they are refused like any unknown token. */
  checkAccessToken?: CheckAccessToken;
}

/** Why a request's credentials were refused. */
export type AuthFailure =
  | 'missing'
  | 'malformed_header'
  | 'malformed_token'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_audience'
  | 'no_subject'
  | 'session_invalid'
  | 'token_invalid'
  | 'token_expired';

/** How the caller proved who they are; the CSRF check applies to cookies only. */
export type Credential = 'jwt' | 'session_token' | 'cookie' | 'access_token';

/** What a credential may do: everything, or (a read-only access token) only read. */
export type Scope = 'read' | 'write';

export type AuthOutcome = { userId: string; credential: Credential; scopes?: readonly Scope[] } | { failure: AuthFailure };

/** A personal access token's check (tokens/tokens.service.ts): its user and scopes, or why not. */
export type CheckAccessToken = (token: string) => Promise<{ userId: string; scopes: readonly Scope[] } | { failure: 'token_invalid' | 'token_expired' }>;

export type Authenticate = (headers: Record<string, string | string[] | undefined>) => Promise<AuthOutcome>;

/** jose's error codes, by what they mean for the client. */
function failureOfJoseError(error: unknown): AuthFailure {
  const { code, claim } = error as { code?: unknown; claim?: unknown };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'nbf') return 'not_yet_valid';
      if (claim === 'iss' || claim === 'aud') return 'wrong_audience';
      return 'malformed_token';
    case 'ERR_JWT_INVALID':
    case 'ERR_JWS_INVALID':
      return 'malformed_token';
    default:
      // A signature that does not verify, a key we do not know, a refused algorithm.
      return 'bad_signature';
  }
}

/** Our own JWKS, read through Better Auth and cached; reloaded when a token names an unknown key. */
function ownKeySet(auth: Auth): JWTVerifyGetKey {
  let keySet: ReturnType<typeof createLocalJWKSet> | undefined;
  let knownKids = new Set<string>();
  let loadedAt = 0;
  let loading: Promise<void> | undefined;
  const load = async () => {
    const jwks = (await auth.api.getJwks()) as JSONWebKeySet;
    keySet = createLocalJWKSet(jwks);
    knownKids = new Set(jwks.keys.map((k) => k.kid).filter((kid): kid is string => typeof kid === 'string'));
    loadedAt = Date.now();
  };
  return async (header, token) => {
    const unknownKey = header.kid !== undefined && !knownKids.has(header.kid);
    if (keySet === undefined || unknownKey) {
      // Every request that needs a reload shares the one in flight.
      loading ??= new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, loadedAt + JWKS_RELOAD_INTERVAL_MS - Date.now())))
        .then(load)
        .finally(() => {
          loading = undefined;
        });
      await loading;
    }
    return keySet!(header, token);
  };
}

/** Better Auth's session cookie, plain or with the __Secure- prefix it uses on https. */
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=/;

function looksLikeJwt(token: string): boolean {
  return token.split('.').length === 3;
}

function subjectOf(payload: { sub?: unknown }): AuthOutcome {
  return typeof payload.sub === 'string' && isUuid(payload.sub) ? { userId: payload.sub.toLowerCase(), credential: 'jwt' } : { failure: 'no_subject' };
}

export function createAuthenticator(auth: Auth, options: AuthenticatorOptions): Authenticate {
  const ownKeys = ownKeySet(auth);
  const external = options.external;
  const externalKeys = external ? createRemoteJWKSet(new URL(external.jwksUrl), { cacheMaxAge: 10 * 60_000, timeoutDuration: 5000 }) : undefined;

  async function verifyJwt(token: string): Promise<AuthOutcome> {
    try {
      const claimedIssuer = decodeJwt(token).iss;
      if (external && externalKeys && claimedIssuer === external.issuer) {
        const { payload } = await jwtVerify(token, externalKeys, {
          issuer: external.issuer,
          audience: external.audience,
          algorithms: EXTERNAL_ALGORITHMS,
        });
        return subjectOf(payload);
      }
      const { payload } = await jwtVerify(token, ownKeys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ALGORITHMS,
      });
      return subjectOf(payload);
    } catch (error) {
      // Reading our keys needs the database: when it is down, the token is not at fault (503).
      if (isDatabaseUnavailable(error)) throw error;
      // Malformed, forged, expired, wrong issuer or audience, unknown key: a 401 that says which.
      return { failure: failureOfJoseError(error) };
    }
  }

  return async (headers) => {
    const authorization = typeof headers.authorization === 'string' ? headers.authorization.trim() : undefined;
    if (authorization !== undefined && authorization !== '') {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) return { failure: 'malformed_header' };
      const token = match[1]!;
      if (looksLikeJwt(token)) return verifyJwt(token);
      if (token.startsWith(ACCESS_TOKEN_PREFIX)) {
        if (!options.checkAccessToken) return { failure: 'token_invalid' };
        const checked = await options.checkAccessToken(token);
        return 'failure' in checked ? checked : { userId: checked.userId, credential: 'access_token', scopes: checked.scopes };
      }
    } else if (typeof headers.cookie !== 'string' || !SESSION_COOKIE.test(headers.cookie)) {
      // Other cookies on the host (another app on localhost) are not credentials.
      return { failure: 'missing' };
    }
    // A session token (bearer) or the session cookie: Better Auth looks the session up.
    const requestHeaders = new Headers();
    if (authorization) requestHeaders.set('authorization', authorization);
    if (typeof headers.cookie === 'string') requestHeaders.set('cookie', headers.cookie);
    const session = await auth.api.getSession({ headers: requestHeaders });
    const id = session?.user.id;
    // Never issued, signed out, expired or revoked: Better Auth does not say which, nor do we.
    if (typeof id !== 'string' || !isUuid(id)) return { failure: 'session_invalid' };
    return { userId: id.toLowerCase(), credential: authorization ? 'session_token' : 'cookie' };
  };
}
