// Liveness and readiness for orchestrators and load balancers.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Database } from '../db/client.js';
import { errorResponses } from './error-schema.js';
import { serviceUnavailable } from '../errors.js';

const Status = Type.Object({ status: Type.String() }, { additionalProperties: false });

export function registerHealthRoutes(app: FastifyInstance, database: Database): void {
  app.get('/health', {
    schema: { tags: ['service'], summary: 'The process is running', operationId: 'health', response: { 200: Status } },
    logLevel: 'warn',
  }, async () => ({ status: 'ok' }));

  app.get('/ready', {
    schema: { tags: ['service'], summary: 'The database answers', operationId: 'ready', response: { 200: Status, ...errorResponses(503) } },
    logLevel: 'warn',
  }, async () => {
    try {
      await database.ping();
    } catch {
      throw serviceUnavailable();
    }
    return { status: 'ready' };
  });
}
