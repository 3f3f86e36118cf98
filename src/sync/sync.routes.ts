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
import type { EventHub } from './event-hub.js';
import { Change, ChangePage, ChangesQuery, EventsHeaders, EventsQuery } from './sync.schemas.js';
import type { SyncService } from './sync.service.js';

const TAG = ['sync'];

export async function registerSyncRoutes(fastify: FastifyInstance, service: SyncService, hub: EventHub, authenticate: Authenticate, origins: OriginPolicy): Promise<void> {
  // Task and List are the tasks and lists domains' schemas; a domain relies on nothing another registers.
  for (const schema of [Task, List, Change, ChangePage]) fastify.addSchema(schema);
  await registerForUsers(fastify, authenticate, origins, (scope) => defineSyncRoutes(scope, service, hub));
}

function defineSyncRoutes(scope: FastifyInstance, service: SyncService, hub: EventHub): void {
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

  app.get('/api/:user_id/events', {
    schema: {
      tags: TAG, security: USER_SECURITY, summary: 'A live stream of changes (server-sent events)', operationId: 'streamEvents',
      description:
        'text/event-stream. `event: change` with `data: {"kind","id","op","token"}` and `id: <token>` for each committed change, made through any instance; ' +
        '`event: reminder` with `data: {"task_id","title","due_date","late"}` when one of your reminders fires (once per occurrence; `late` after downtime); ' +
        'an `id:` line alone right after connecting (the starting point); a `: ping` comment at least every 25 s. ' +
        'Last-Event-ID (or, for the first connection, `since`: a token from /changes or an earlier event) resumes without a gap: what changed meanwhile is replayed from the change log, ' +
        'each object once in its latest state (at least once). The server ends a stream after a while (about 15 minutes, so credentials are checked again), on shutdown, ' +
        'and when the client reads too slowly; reconnect with Last-Event-ID (EventSource does, after the `retry:` it is sent). ' +
        'Cookie (EventSource sends only cookies) or Bearer auth. 429 past the streams per user, 503 past the streams per instance.',
      params: UserPathParams, querystring: EventsQuery, headers: EventsHeaders,
      response: {
        200: { description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string', description: 'Server-sent events, as above.' } } } },
        ...errorResponses(400, 401, 403, 410, 429, 500, 503),
      },
    },
  }, async (request, reply) => {
    // A reconnect's Last-Event-ID is newer than the since of the URL it first opened.
    const given = request.headers['last-event-id'] ?? request.query.since;
    const stream = await hub.open(request.userId, given === undefined ? undefined : service.pointOf(request.userId, given));
    stream.socket = request.raw.socket;
    return reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      // no-transform: a compressing proxy would hold events back to fill its blocks.
      .header('cache-control', 'no-cache, no-transform')
      .header('x-accel-buffering', 'no')
      // The connection goes with the stream: kept alive, it would be busy when a shutdown closes
      // the idle ones and then hold the shutdown for the whole keep-alive timeout.
      .header('connection', 'close')
      // The schema's string is the document's view of the stream; Fastify pipes a Readable as is.
      .send(stream.body as never);
  });
}
