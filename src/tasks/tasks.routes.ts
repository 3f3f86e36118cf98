// The task API's HTTP layer: parse, call the service, reply. The routes live in one encapsulated
// plugin whose onRequest hook is requireUser, so every route in it authenticates first (a route
// added later cannot forget to), then Fastify validates path, query and body against the schemas.
import type { FastifyInstance, preValidationHookHandler } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Authenticate } from '../auth/authenticate.js';
import { registerForUsers, USER_SECURITY } from '../auth/require-user.js';
import type { OriginPolicy } from '../http/origins.js';
import { errorResponses } from '../http/error-schema.js';
import { refuseBody } from '../http/refuse-body.js';
import { PRIORITIES } from '../limits.js';
import { etagOf, matches, parseEtagList } from '../etag.js';
import { toTaskDto } from './tasks.mapper.js';
import type { TasksService } from './tasks.service.js';
import {
  CompletionList, IfMatchHeaders, IfNoneMatchHeaders, ListQuery, MetricsQuery, NoQuery, Task, TaskCreate, TaskList, TaskMetrics, TaskPatch, TaskPathParams, TaskReplace, UserPathParams,
} from './tasks.schemas.js';
import { TaskMove } from '../lists/lists.schemas.js';

const TAG = ['tasks'];
const taskRef = Type.Ref('Task');
const withEtag = (description: string) => ({ ...taskRef, description, headers: { ETag: { type: 'string', description: 'The task\'s version as an entity tag, e.g. "v3".' } } });
const EMPTY = (description: string) => ({ type: 'null', description });

/** Priorities are case-insensitive on input; the schemas then see the canonical spelling. */
const canonicalPriority = (value: unknown) =>
  typeof value === 'string' ? (PRIORITIES.find((p) => p.toLowerCase() === value.toLowerCase()) ?? value) : value;

const normalizePriorityCase: preValidationHookHandler = (request, _reply, done) => {
  const body = request.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && !Array.isArray(body) && 'priority' in body) body.priority = canonicalPriority(body.priority);
  const query = request.query as Record<string, unknown>;
  if (query.priority !== undefined) {
    query.priority = Array.isArray(query.priority) ? query.priority.map(canonicalPriority) : canonicalPriority(query.priority);
  }
  done();
};


export async function registerTaskRoutes(fastify: FastifyInstance, service: TasksService, authenticate: Authenticate, origins: OriginPolicy): Promise<void> {
  // The shapes the routes refer to (Type.Ref), registered by the domain that owns them.
  for (const schema of [Task, TaskList, TaskMetrics]) fastify.addSchema(schema);
  await registerForUsers(fastify, authenticate, origins, (scope) => defineTaskRoutes(scope, service));
}

function defineTaskRoutes(scope: FastifyInstance, service: TasksService): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const caseInsensitive = { preValidation: normalizePriorityCase };
  const base = '/api/:user_id/tasks';
  const one = `${base}/:id`;
  // No 429: nothing rate-limits the task routes (only sign-in and sign-up are limited).
  const readErrors = errorResponses(400, 401, 403, 404, 500, 503);
  const writeErrors = errorResponses(400, 401, 403, 404, 412, 413, 415, 422, 500, 503);

  app.get(base, {
    ...caseInsensitive,
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'List your tasks', operationId: 'listTasks',
      description: 'Filters combine; pages are keyset-based: pass next_cursor back as cursor, with the same sort. Unknown query parameters are a 400.',
      params: UserPathParams, querystring: ListQuery,
      response: { 200: TaskList, ...errorResponses(400, 401, 403, 500, 503) },
    },
  }, async (request) => {
    const page = await service.list(request.userId, request.query);
    return { items: page.items.map(toTaskDto), count: page.count, next_cursor: page.nextCursor };
  });

  app.post(base, {
    ...caseInsensitive,
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Create a task', operationId: 'createTask',
      querystring: NoQuery, params: UserPathParams, body: TaskCreate,
      response: {
        201: { ...taskRef, description: 'Created', headers: { Location: { type: 'string' }, ETag: { type: 'string' } } },
        ...errorResponses(400, 401, 403, 413, 415, 422, 500, 503),
      },
    },
  }, async (request, reply) => {
    const task = await service.create(request.userId, request.body);
    const userSegment = (request.params.user_id === 'me' ? 'me' : task.user_id);
    return reply.code(201).header('location', `/api/${userSegment}/tasks/${task.id}`).header('etag', etagOf(task.version)).send(toTaskDto(task));
  });

  app.get(`${base}/metrics`, {
    ...caseInsensitive,
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Counts of your tasks', operationId: 'getTaskMetrics',
      description: 'Priority counts cover all of your tasks, done or not. list_id (may repeat) counts only those lists.',
      querystring: MetricsQuery, params: UserPathParams, response: { 200: TaskMetrics, ...errorResponses(400, 401, 403, 500, 503) },
    },
  }, async (request) => service.metrics(request.userId, request.query));

  app.get(one, {
    ...caseInsensitive,
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Get a task', operationId: 'getTask',
      querystring: NoQuery, params: TaskPathParams, headers: IfNoneMatchHeaders,
      response: { 200: withEtag('The task'), 304: EMPTY('Not modified: your If-None-Match is current'), ...readErrors },
    },
  }, async (request, reply) => {
    const task = await service.get(request.userId, request.params.id.toLowerCase());
    const etag = etagOf(task.version);
    void reply.header('etag', etag);
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch !== undefined && matches(parseEtagList(ifNoneMatch), task.version)) return reply.code(304).send();
    return toTaskDto(task);
  });

  app.put(one, {
    ...caseInsensitive,
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Replace a task', operationId: 'replaceTask',
      description: 'title, description and is_completed are required; priority, due_date, tags, recurrence and reminders reset to Medium, null, [], null and [] when absent, time_zone to yours.',
      querystring: NoQuery, params: TaskPathParams, headers: IfMatchHeaders, body: TaskReplace,
      response: { 200: withEtag('The replaced task'), ...writeErrors },
    },
  }, async (request, reply) => {
    const task = await service.replace(request.userId, request.params.id.toLowerCase(), request.body, request.headers['if-match']);
    return reply.header('etag', etagOf(task.version)).send(toTaskDto(task));
  });

  app.patch(one, {
    ...caseInsensitive,
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Update some fields of a task', operationId: 'patchTask',
      description: 'Only the fields sent change; null clears a nullable field; an empty object changes nothing.',
      querystring: NoQuery, params: TaskPathParams, headers: IfMatchHeaders, body: TaskPatch,
      response: { 200: withEtag('The updated task'), ...writeErrors },
    },
  }, async (request, reply) => {
    const task = await service.patch(request.userId, request.params.id.toLowerCase(), request.body ?? {}, request.headers['if-match']);
    return reply.header('etag', etagOf(task.version)).send(toTaskDto(task));
  });

  app.patch(`${one}/complete`, {
    preValidation: refuseBody,
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Toggle completion', operationId: 'toggleTask',
      description:
        'Flips is_completed and sets or clears completed_at. An open recurring task instead moves to its next occurrence after its ' +
        'current due date and stays open (its subtasks reopen), or is completed for good when the series has ended. ' +
        'Takes no body (an empty body with a JSON content type is accepted).',
      querystring: NoQuery, params: TaskPathParams, headers: IfMatchHeaders,
      response: { 200: withEtag('The toggled task'), ...writeErrors },
    },
  }, async (request, reply) => {
    const task = await service.toggle(request.userId, request.params.id.toLowerCase(), request.headers['if-match']);
    return reply.header('etag', etagOf(task.version)).send(toTaskDto(task));
  });

  app.get(`${one}/completions`, {
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'A task\'s completions', operationId: 'listTaskCompletions',
      description: 'Each completion (of a recurring task: each occurrence completed) with the due date it had, newest first; the latest 1,000.',
      querystring: NoQuery, params: TaskPathParams,
      response: { 200: CompletionList, ...readErrors },
    },
  }, async (request) => {
    const completions = await service.completions(request.userId, request.params.id.toLowerCase());
    return {
      items: completions.map((c) => ({ completed_at: c.completed_at.toISOString(), due_date: c.due_date === null ? null : c.due_date.toISOString() })),
    };
  });

  app.post(`${one}/move`, {
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Move a task', operationId: 'moveTask',
      description:
        'Moves the task (its whole subtree follows) to another list and/or parent, after after_id or before_id (a sibling at the ' +
        'destination), or to the end. A parent must be in the same list; a cycle or more than 4 levels of subtasks is a 422. ' +
        'Another user\'s list or task is a 404.',
      querystring: NoQuery, params: TaskPathParams, headers: IfMatchHeaders, body: TaskMove,
      response: { 200: withEtag('The moved task'), ...writeErrors },
    },
  }, async (request, reply) => {
    const task = await service.move(request.userId, request.params.id.toLowerCase(), request.body ?? {}, request.headers['if-match']);
    return reply.header('etag', etagOf(task.version)).send(toTaskDto(task));
  });

  app.delete(one, {
    preValidation: refuseBody,
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'Delete a task', operationId: 'deleteTask',
      querystring: NoQuery, params: TaskPathParams, headers: IfMatchHeaders,
      response: { 204: EMPTY('Deleted'), ...writeErrors },
    },
  }, async (request, reply) => {
    await service.delete(request.userId, request.params.id.toLowerCase(), request.headers['if-match']);
    return reply.code(204).send();
  });
}
