// Who is calling? Resolves a request's credentials to a user id, or null. Accepted, in order:
// - Authorization: Bearer <JWT> from /api/auth/token, verified locally against our JWKS
//   (or, when configured, an external Better Auth server's JWKS);
// - Authorization: Bearer <session token> (the `token` of sign-up / sign-in);
// - the session cookie.
// JWTs are stateless: one issued before sign-out stays valid until it expires (15 minutes).
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { isDatabaseUnavailable } from '../db/errors.js';
import type { Auth } from './auth.js';
import { isUuid } from '../uuid.js';

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
}

export type Authenticate = (headers: Record<string, string | string[] | undefined>) => Promise<string | null>;

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

function looksLikeJwt(token: string): boolean {
  return token.split('.').length === 3;
}

function subjectOf(payload: { sub?: unknown }): string | null {
  return typeof payload.sub === 'string' && isUuid(payload.sub) ? payload.sub.toLowerCase() : null;
}

export function createAuthenticator(auth: Auth, options: AuthenticatorOptions): Authenticate {
  const ownKeys = ownKeySet(auth);
  const external = options.external;
  const externalKeys = external ? createRemoteJWKSet(new URL(external.jwksUrl), { cacheMaxAge: 10 * 60_000, timeoutDuration: 5000 }) : undefined;

  async function verifyJwt(token: string): Promise<string | null> {
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
      // Malformed, forged, expired, wrong issuer or audience, unknown key: all the same 401.
      return null;
    }
  }

  return async (headers) => {
    const authorization = typeof headers.authorization === 'string' ? headers.authorization.trim() : undefined;
    if (authorization !== undefined && authorization !== '') {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) return null;
      const token = match[1]!;
      if (looksLikeJwt(token)) return verifyJwt(token);
    } else if (headers.cookie === undefined) {
      return null;
    }
    // A session token (bearer) or the session cookie: Better Auth looks the session up.
    const requestHeaders = new Headers();
    if (authorization) requestHeaders.set('authorization', authorization);
    if (typeof headers.cookie === 'string') requestHeaders.set('cookie', headers.cookie);
    const session = await auth.api.getSession({ headers: requestHeaders });
    const id = session?.user.id;
    return typeof id === 'string' && isUuid(id) ? id.toLowerCase() : null;
  };
}
