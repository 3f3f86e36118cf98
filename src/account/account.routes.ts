// GET /api/me and GET /api/{user_id}/me: the seed's authentication check. Same guard as the task
// routes (401 that says why, 403 for another user's id, 400 for a malformed one).
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Authenticate } from '../auth/authenticate.js';
import { authFailureError } from '../auth/auth-failures.js';
import type { Database } from '../db/client.js';
import { errorResponses } from '../http/error-schema.js';
import { requireUser, USER_SECURITY } from '../auth/require-user.js';
import type { OriginPolicy } from '../http/origins.js';
import { findAccount } from './account.repository.js';
import { Me, MePathParams, NoQuery, type MeDto } from './account.schemas.js';


export async function registerAccountRoutes(fastify: FastifyInstance, database: Database, authenticate: Authenticate, origins: OriginPolicy): Promise<void> {
  fastify.addSchema(Me);
  const authenticated: FastifyPluginAsync = async (scope) => {
    scope.addHook('onRequest', requireUser(authenticate, origins));
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    const me = async (userId: string): Promise<MeDto> => {
      const account = await findAccount(database.db, userId);
      // A JWT outlives an account deleted after it was minted.
      if (account === undefined) throw authFailureError('account_gone');
      return { user_id: account.id.toLowerCase(), email: account.email, name: account.name };
    };
    const description = 'Who these credentials belong to. Use it to check a token, or to learn your user id.';
    app.get('/api/me', {
      schema: {
        tags: ['account'], security: USER_SECURITY, summary: 'Your account', operationId: 'getMe', description,
        querystring: NoQuery, response: { 200: Type.Ref('Me'), ...errorResponses(400, 401, 500, 503) },
      },
    }, async (request) => me(request.userId));
    app.get('/api/:user_id/me', {
      schema: {
        tags: ['account'], security: USER_SECURITY, summary: 'Your account (by user id)', operationId: 'getUserMe', description,
        params: MePathParams, querystring: NoQuery, response: { 200: Type.Ref('Me'), ...errorResponses(400, 401, 403, 500, 503) },
      },
    }, async (request) => me(request.userId));
  };
  await fastify.register(authenticated);
}
