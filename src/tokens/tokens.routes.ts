// The tokens API's HTTP layer: /api/{user_id}/tokens. Behind requireUser with access tokens
// refused: a token cannot mint or revoke tokens (only a signed-in session can).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Authenticate } from '../auth/authenticate.js';
import { registerForUsers, SESSION_SECURITY } from '../auth/require-user.js';
import { errorResponses } from '../http/error-schema.js';
import type { OriginPolicy } from '../http/origins.js';
import { refuseBody } from '../http/refuse-body.js';
import { NoQuery, UserPathParams } from '../tasks/tasks.schemas.js';
import { AccessToken, AccessTokenCreate, AccessTokenList, NewAccessToken, TokenPathParams } from './tokens.schemas.js';
import type { TokensService } from './tokens.service.js';

const TAG = ['tokens'];
const EMPTY = (description: string) => ({ type: 'null', description });

export async function registerTokenRoutes(fastify: FastifyInstance, service: TokensService, authenticate: Authenticate, origins: OriginPolicy): Promise<void> {
  fastify.addSchema(AccessToken);
  fastify.addSchema(NewAccessToken);
  fastify.addSchema(AccessTokenList);
  await registerForUsers(fastify, authenticate, origins, (scope) => defineTokenRoutes(scope, service), { refuseAccessTokens: true });
}

function defineTokenRoutes(scope: FastifyInstance, service: TokensService): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const path = '/api/:user_id/tokens';

  app.post(path, {
    schema: {
      tags: TAG, security: SESSION_SECURITY, summary: 'Create a personal access token', operationId: 'createToken',
      description: 'The token is in this response only; the service keeps its hash. Use it as Authorization: Bearer on the API, as the CalDAV password, and for MCP. A personal access token cannot call this route (403).',
      params: UserPathParams, querystring: NoQuery, body: AccessTokenCreate,
      response: { 201: { $ref: 'NewAccessToken', description: 'The new token, with its secret (shown once)' }, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 500, 503) },
    },
  }, async (request, reply) => {
    const created = await service.create(request.userId, request.body);
    return reply.code(201).header('location', `/api/${request.userId}/tokens/${created.id}`).send(created);
  });

  app.get(path, {
    schema: {
      tags: TAG, security: SESSION_SECURITY, summary: 'Your personal access tokens', operationId: 'listTokens',
      params: UserPathParams, querystring: NoQuery,
      response: { 200: { $ref: 'AccessTokenList', description: 'Your tokens, without their secrets' }, ...errorResponses(400, 401, 403, 500, 503) },
    },
  }, async (request) => service.list(request.userId));

  app.delete(`${path}/:id`, {
    preValidation: refuseBody,
    schema: {
      tags: TAG, security: SESSION_SECURITY, summary: 'Revoke a personal access token', operationId: 'revokeToken',
      description: 'Takes effect on the next request that presents it.',
      params: TokenPathParams, querystring: NoQuery,
      response: { 204: EMPTY('Revoked'), ...errorResponses(400, 401, 403, 404, 500, 503) },
    },
  }, async (request, reply) => {
    await service.revoke(request.userId, request.params.id.toLowerCase());
    return reply.code(204).send();
  });
}
