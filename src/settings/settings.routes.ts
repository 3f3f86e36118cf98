// The settings API's HTTP layer: parse, call the service, reply; behind requireUser like every
// user route.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Authenticate } from '../auth/authenticate.js';
import { registerForUsers, USER_SECURITY } from '../auth/require-user.js';
import { errorResponses } from '../http/error-schema.js';
import type { OriginPolicy } from '../http/origins.js';
import { NoQuery, UserPathParams } from '../tasks/tasks.schemas.js';
import { Settings, SettingsPatch } from './settings.schemas.js';
import type { SettingsService } from './settings.service.js';

const TAG = ['settings'];

export async function registerSettingsRoutes(fastify: FastifyInstance, service: SettingsService, authenticate: Authenticate, origins: OriginPolicy): Promise<void> {
  fastify.addSchema(Settings);
  await registerForUsers(fastify, authenticate, origins, (scope) => defineSettingsRoutes(scope, service));
}

function defineSettingsRoutes(scope: FastifyInstance, service: SettingsService): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const path = '/api/:user_id/settings';

  app.get(path, {
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Your settings', operationId: 'getSettings',
      params: UserPathParams, querystring: NoQuery,
      response: { 200: { $ref: 'Settings', description: 'Your settings (the defaults until you change one)' }, ...errorResponses(400, 401, 403, 500, 503) },
    },
  }, async (request) => service.get(request.userId));

  app.patch(path, {
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Change your settings', operationId: 'updateSettings',
      description: 'Only the fields sent change. An unknown time zone is a 422 naming time_zone.',
      params: UserPathParams, querystring: NoQuery, body: SettingsPatch,
      response: { 200: { $ref: 'Settings', description: 'Your settings now' }, ...errorResponses(400, 401, 403, 413, 415, 422, 500, 503) },
    },
  }, async (request) => service.update(request.userId, request.body));
}
