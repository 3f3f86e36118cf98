// The authentication step of the task API: the task routes' plugin runs it as its onRequest
// hook, so no route in it can forget it. It resolves the caller, then checks the path's
// {user_id}. The path is never trusted on its own: "me" or the caller's own id pass; another
// valid id is 403; anything else 400.
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Authenticate } from '../auth/authenticate.js';
import { badRequest, forbidden, unauthorized } from './http-error.js';
import { isUuid } from '../uuid.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated user's id (lower-case UUID); set by requireUser. */
    userId: string;
  }
}


export function requireUser(authenticate: Authenticate): onRequestAsyncHookHandler {
  return async function requireUserHook(request: FastifyRequest) {
    const userId = await authenticate(request.headers);
    if (userId === null) throw unauthorized();
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
  };
}
