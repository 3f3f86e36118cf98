// CORS for a front end on another origin (the seed's Next.js app on its own host). Only origins
// listed in CORS_ORIGINS get CORS headers, credentials included; any other origin gets none (its
// preflight is a 404), so a browser keeps its pages from reading our responses. Preflights are
// cached for ten minutes.
import type { FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import type { OriginPolicy } from './origins.js';

const PREFLIGHT_MAX_AGE_S = 600;

export async function registerCors(app: FastifyInstance, origins: OriginPolicy): Promise<void> {
  await app.register(cors, {
    // false: no CORS headers and no preflight for this request (the OPTIONS route answers 404).
    origin: (origin, callback) => callback(null, origins.corsAllows(origin)),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id'],
    // What a page must read besides the body: the new task's address, its version, the retry hint,
    // why a request was refused, and the id to quote in a report.
    exposedHeaders: ['ETag', 'Location', 'Retry-After', 'WWW-Authenticate', 'X-Request-Id'],
    maxAge: PREFLIGHT_MAX_AGE_S,
    hideOptionsRoute: true,
    logLevel: 'warn',
  });
}
