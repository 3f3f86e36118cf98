// The authentication step of the API's user routes: each domain's plugin runs it as its
// onRequest hook, so no route in it can forget it. It resolves the caller (a refusal is a 401
// that says why), refuses cookie-authenticated writes from another site (CSRF), then checks the
// path's {user_id}. The path is never trusted on its own: "me" or the caller's own id pass;
// another valid id is 403; anything else 400.
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Authenticate, Credential } from './authenticate.js';
import { authFailureError } from './auth-failures.js';
import { badRequest, forbidden } from '../errors.js';
import type { OriginPolicy } from '../http/origins.js';
import { isUuid } from '../uuid.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated user's id (lower-case UUID); set by requireUser. */
    userId: string;
    /** How the caller proved who they are (set by requireUser): MCP lists tools by it. */
    credential: Credential;
    /** What the credential may do: a read-only access token only reads. */
    canWrite: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser sends the cookie with any request to us, whichever page made it; it always sends
 * Origin with a write. So a cookie-authenticated write must carry the Origin of our own page or
 * of a listed one. A client with no Origin and a cookie (curl -b, requests.Session) is refused
 * too, as Better Auth refuses it on /api/auth/*: such clients send a Bearer token instead.
 */
function assertSameSiteWrite(request: FastifyRequest, origins: OriginPolicy): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origins.isTrusted(origin)) return;
  throw forbidden(
    'A cookie-authenticated write must come from this service\'s own page or an origin in CORS_ORIGINS (send Origin), ' +
      'or use Authorization: Bearer instead of the cookie.',
  );
}

/** The credentials requireUser accepts, as OpenAPI security requirements (any one of them). */
export const USER_SECURITY: Array<Record<string, string[]>> = [{ bearerJwt: [] }, { sessionToken: [] }, { accessToken: [] }, { sessionCookie: [] }];

/** The same without access tokens (the token routes themselves). */
export const SESSION_SECURITY: Array<Record<string, string[]>> = [{ bearerJwt: [] }, { sessionToken: [] }, { sessionCookie: [] }];

export interface UserRouteOptions {
  /** Routes a personal access token may not use (minting and revoking tokens). */
  refuseAccessTokens?: boolean;
  /** Routes whose writes are not the HTTP method's (MCP: a POST that may only read): they check canWrite themselves. */
  writesByMethod?: boolean;
}

export function requireUser(authenticate: Authenticate, origins: OriginPolicy, options: UserRouteOptions = {}): onRequestAsyncHookHandler {
  const writesByMethod = options.writesByMethod ?? true;
  return async function requireUserHook(request: FastifyRequest) {
    const outcome = await authenticate(request.headers);
    if ('failure' in outcome) throw authFailureError(outcome.failure);
    if (outcome.credential === 'cookie') assertSameSiteWrite(request, origins);
    if (outcome.credential === 'access_token' && options.refuseAccessTokens) {
      throw forbidden('Personal access tokens cannot manage tokens: sign in to the web page (or use a session) for that.');
    }
    const canWrite = outcome.scopes === undefined || outcome.scopes.includes('write');
    if (!canWrite && writesByMethod && !SAFE_METHODS.has(request.method)) {
      throw forbidden('This token is read-only: its scopes do not include "write".');
    }
    const { userId } = outcome;
    const claimed = (request.params as { user_id?: string } | undefined)?.user_id;
    if (claimed !== undefined && claimed !== 'me') {
      if (!isUuid(claimed)) {
        throw badRequest('The path is invalid.', [{ field: 'user_id', message: 'must be a UUID or "me"' }]);
      }
      if (claimed.toLowerCase() !== userId) {
        throw forbidden('The path names another user; use your own id or "me".');
      }
    }
    request.userId = userId;
    request.credential = outcome.credential;
    request.canWrite = canWrite;
  };
}

/**
 * Registers a domain's routes behind requireUser: a plain (not fastify-plugin-wrapped) plugin, so
 * its hook covers exactly the routes `define` adds inside it.
 */
export async function registerForUsers(
  fastify: FastifyInstance,
  authenticate: Authenticate,
  origins: OriginPolicy,
  define: (scope: FastifyInstance) => void,
  options: UserRouteOptions = {},
): Promise<void> {
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', requireUser(authenticate, origins, options));
    define(scope);
  });
}
