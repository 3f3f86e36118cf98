// The sync API's HTTP layer: parse, call the service, reply. Every route sits in one encapsulated
// plugin whose onRequest hook is requireUser, as for tasks and lists.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Authenticate } from '../auth/authenticate.js';
import { registerForUsers, USER_SECURITY } from '../auth/require-user.js';
import { errorResponses } from '../http/error-schema.js';
import type { OriginPolicy } from '../http/origins.js';
import { List } from '../lists/lists.schemas.js';
import { Task, UserPathParams } from '../tasks/tasks.schemas.js';
import { Change, ChangePage, ChangesQuery } from './sync.schemas.js';
import type { SyncService } from './sync.service.js';

const TAG = ['sync'];

export async function registerSyncRoutes(fastify: FastifyInstance, service: SyncService, authenticate: Authenticate, origins: OriginPolicy): Promise<void> {
  // Task and List are the tasks and lists domains' schemas; a domain relies on nothing another registers.
  for (const schema of [Task, List, Change, ChangePage]) fastify.addSchema(schema);
  await registerForUsers(fastify, authenticate, origins, (scope) => defineSyncRoutes(scope, service));
}

function defineSyncRoutes(scope: FastifyInstance, service: SyncService): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/:user_id/changes', {
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'What changed since a token', operationId: 'listChanges',
      description:
        'Without since: every live task and list as upserts (a snapshot, paged by has_more) and a token. With since: every change after it, ' +
        'deletions included, each object once per page in its latest state; none is ever missed. A token older than the kept deletions (30 days) is a 410: start over without since.',
      params: UserPathParams, querystring: ChangesQuery,
      response: { 200: { $ref: 'ChangePage', description: 'A page of changes' }, ...errorResponses(400, 401, 403, 410, 500, 503) },
    },
  }, async (request) => service.changes(request.userId, request.query.since, request.query.limit));
}
