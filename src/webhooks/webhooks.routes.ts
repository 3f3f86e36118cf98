// The webhooks API's HTTP layer: /api/{user_id}/webhooks, behind requireUser like every user
// route (a personal access token with the write scope may register hooks; a read-only one lists).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Authenticate } from '../auth/authenticate.js';
import { registerForUsers, USER_SECURITY } from '../auth/require-user.js';
import { errorResponses } from '../http/error-schema.js';
import type { OriginPolicy } from '../http/origins.js';
import { refuseBody } from '../http/refuse-body.js';
import { NoQuery, UserPathParams } from '../tasks/tasks.schemas.js';
import { NewWebhook, Webhook, WebhookCreate, WebhookList, WebhookPathParams } from './webhooks.schemas.js';
import type { WebhooksService } from './webhooks.service.js';

const TAG = ['webhooks'];
const EMPTY = (description: string) => ({ type: 'null', description });

export async function registerWebhookRoutes(fastify: FastifyInstance, service: WebhooksService, authenticate: Authenticate, origins: OriginPolicy): Promise<void> {
  fastify.addSchema(Webhook);
  fastify.addSchema(NewWebhook);
  fastify.addSchema(WebhookList);
  await registerForUsers(fastify, authenticate, origins, (scope) => defineWebhookRoutes(scope, service));
}

function defineWebhookRoutes(scope: FastifyInstance, service: WebhooksService): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const path = '/api/:user_id/webhooks';

  app.post(path, {
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Register a webhook', operationId: 'createWebhook',
      description: 'Deliveries are POSTs of {"event", "delivered_at", "data"} (data: the Task, or the reminder) with X-Signature: sha256=<hex HMAC-SHA256 of the body under the secret>, X-Delivery-Id (the same on every retry of one delivery: deduplicate on it), X-Event and X-Delivery-Attempt. A 2xx within 10 s is success; anything else is retried with exponential backoff and jitter for 24 hours, then dropped and the hook marked failing. Redirects are not followed. A URL that resolves to a loopback, private or link-local address is a 422 unless the service runs with WEBHOOK_ALLOW_PRIVATE=true.',
      params: UserPathParams, querystring: NoQuery, body: WebhookCreate,
      response: { 201: { $ref: 'NewWebhook', description: 'The new webhook, with its signing secret (shown once)' }, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 500, 503) },
    },
  }, async (request, reply) => {
    const created = await service.create(request.userId, request.body);
    return reply.code(201).header('location', `/api/${request.userId}/webhooks/${created.id}`).send(created);
  });

  app.get(path, {
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Your webhooks', operationId: 'listWebhooks',
      params: UserPathParams, querystring: NoQuery,
      response: { 200: { $ref: 'WebhookList', description: 'Your webhooks and their health, without their secrets' }, ...errorResponses(400, 401, 403, 500, 503) },
    },
  }, async (request) => service.list(request.userId));

  app.delete(`${path}/:id`, {
    preValidation: refuseBody,
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Delete a webhook', operationId: 'deleteWebhook',
      description: 'Deliveries still queued for it are dropped.',
      params: WebhookPathParams, querystring: NoQuery,
      response: { 204: EMPTY('Deleted'), ...errorResponses(400, 401, 403, 404, 500, 503) },
    },
  }, async (request, reply) => {
    await service.delete(request.userId, request.params.id.toLowerCase());
    return reply.code(204).send();
  });
}
