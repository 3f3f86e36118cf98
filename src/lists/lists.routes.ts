// The lists API's HTTP layer: parse, call the service, reply. As for tasks, every route sits in one
// encapsulated plugin whose onRequest hook is requireUser.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Authenticate } from '../auth/authenticate.js';
import { registerForUsers, USER_SECURITY } from '../auth/require-user.js';
import { etagOf } from '../etag.js';
import { errorResponses } from '../http/error-schema.js';
import { refuseBody } from '../http/refuse-body.js';
import type { OriginPolicy } from '../http/origins.js';
import { IfMatchHeaders, NoQuery, UserPathParams } from '../tasks/tasks.schemas.js';
import { toListDto } from './lists.mapper.js';
import { List, ListCollection, ListCreate, ListPatch, ListPathParams } from './lists.schemas.js';
import type { ListsService } from './lists.service.js';

const TAG = ['lists'];
const EMPTY = (description: string) => ({ type: 'null', description });
const listRef = Type.Ref('List');
const ETAG_HEADER = { ETag: { type: 'string', description: 'The list\'s version as an entity tag, e.g. "v3".' } };

export async function registerListRoutes(fastify: FastifyInstance, service: ListsService, authenticate: Authenticate, origins: OriginPolicy): Promise<void> {
  for (const schema of [List, ListCollection]) fastify.addSchema(schema);
  await registerForUsers(fastify, authenticate, origins, (scope) => defineListRoutes(scope, service));
}

function defineListRoutes(scope: FastifyInstance, service: ListsService): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const base = '/api/:user_id/lists';
  const one = `${base}/:id`;
  const writeErrors = errorResponses(400, 401, 403, 404, 412, 413, 415, 422, 500, 503);

  app.get(base, {
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Your lists', operationId: 'listLists',
      description: 'All of your lists, the Inbox first, then in position order, each with its open and total task counts.',
      params: UserPathParams, querystring: NoQuery, response: { 200: ListCollection, ...errorResponses(400, 401, 403, 500, 503) },
    },
  }, async (request) => ({ items: (await service.all(request.userId)).map(toListDto) }));

  app.post(base, {
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Create a list', operationId: 'createList',
      querystring: NoQuery, params: UserPathParams, body: ListCreate,
      response: {
        201: { ...listRef, description: 'Created', headers: { Location: { type: 'string' }, ...ETAG_HEADER } },
        ...errorResponses(400, 401, 403, 409, 413, 415, 422, 500, 503),
      },
    },
  }, async (request, reply) => {
    const list = await service.create(request.userId, request.body);
    const userSegment = request.params.user_id === 'me' ? 'me' : list.user_id;
    return reply.code(201).header('location', `/api/${userSegment}/lists/${list.id}`).header('etag', etagOf(list.version)).send(toListDto(list));
  });

  app.get(one, {
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Get a list', operationId: 'getList',
      querystring: NoQuery, params: ListPathParams,
      response: { 200: { ...listRef, description: 'The list', headers: ETAG_HEADER }, ...errorResponses(400, 401, 403, 404, 500, 503) },
    },
  }, async (request, reply) => {
    const list = await service.get(request.userId, request.params.id.toLowerCase());
    return reply.header('etag', etagOf(list.version)).send(toListDto(list));
  });

  app.patch(one, {
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Rename, recolour or reorder a list', operationId: 'patchList',
      description: 'Only the fields sent change. after_id or before_id moves the list next to another; the Inbox stays first.',
      querystring: NoQuery, params: ListPathParams, headers: IfMatchHeaders, body: ListPatch,
      response: { 200: { ...listRef, description: 'The updated list', headers: ETAG_HEADER }, ...writeErrors },
    },
  }, async (request, reply) => {
    const list = await service.update(request.userId, request.params.id.toLowerCase(), request.body ?? {}, request.headers['if-match']);
    return reply.header('etag', etagOf(list.version)).send(toListDto(list));
  });

  app.delete(one, {
    preValidation: refuseBody,
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Delete a list and its tasks', operationId: 'deleteList',
      description: 'Its tasks and their subtasks are deleted with it. The Inbox cannot be deleted (409).',
      querystring: NoQuery, params: ListPathParams, headers: IfMatchHeaders,
      response: { 204: EMPTY('Deleted'), ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 422, 500, 503) },
    },
  }, async (request, reply) => {
    await service.delete(request.userId, request.params.id.toLowerCase(), request.headers['if-match']);
    return reply.code(204).send();
  });
}
