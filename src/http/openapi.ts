// /openapi.json (OpenAPI 3.1, generated from the route schemas that validate requests) and
// /docs (Swagger UI, served from the package's own files: no CDN).
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { OpenAPIV3_1 } from 'openapi-types';
import { ErrorBody } from './error-schema.js';

// The routes share one Error body per status; this says when each status happens (the contract's
// table), so the docs and generated clients do not show "Default Response" for every error.
const ERROR_DESCRIPTIONS: Record<string, string> = {
  400: 'VALIDATION_ERROR: a malformed {user_id} or {id} (not a UUID), a bad query parameter or cursor, or malformed JSON.',
  401: 'UNAUTHORIZED: no credentials, or a bad, expired or forged token.',
  403: 'FORBIDDEN: {user_id} is a valid UUID but not the authenticated user, or a cookie-authenticated write came from another origin (CSRF).',
  404: 'NOT_FOUND: the task does not exist or belongs to another user (the two are never told apart).',
  412: 'PRECONDITION_FAILED: If-Match does not match the task\'s current ETag; nothing changed.',
  413: 'PAYLOAD_TOO_LARGE: the body is over the size limit (64 KiB by default).',
  415: 'UNSUPPORTED_MEDIA_TYPE: the body is not JSON.',
  422: 'VALIDATION_ERROR: the body fails validation; field_errors says which fields and why.',
  429: 'RATE_LIMITED: too many requests; Retry-After says when to retry.',
  500: 'SERVER_ERROR: a bug on our side; the body carries no internals, only the request_id.',
  503: 'SERVICE_UNAVAILABLE: the database is unreachable; the service recovers by itself when it is back.',
};

type Responses = Record<string, { description?: string }>;

function describeErrors<T extends { paths?: object }>(document: T): T {
  for (const pathItem of Object.values(document.paths ?? {}) as Array<Record<string, { responses?: Responses }>>) {
    for (const operation of Object.values(pathItem)) {
      for (const [status, response] of Object.entries(operation?.responses ?? {})) {
        if (ERROR_DESCRIPTIONS[status] && response.description === 'Default Response') response.description = ERROR_DESCRIPTIONS[status];
      }
    }
  }
  return document;
}

export interface OpenApiParts {
  /** Tags the domain's operations use, with what they mean. */
  tags?: OpenAPIV3_1.TagObject[];
  /** Paths no Fastify route describes (Better Auth's catch-all mount documents its routes here). */
  paths?: OpenAPIV3_1.PathsObject;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** A domain's own parts of /openapi.json, beside what its routes' schemas say. */
    addOpenApiParts(parts: OpenApiParts): void;
  }
}

/**
 * The document with the domains' parts in, in an order that does not depend on the order the
 * domains were registered in: tags sorted by name, added paths before the routes' own.
 */
function withParts<T extends { tags?: OpenAPIV3_1.TagObject[]; paths?: object }>(document: T, parts: OpenApiParts[]): T {
  const tags = [...(document.tags ?? []), ...parts.flatMap((part) => part.tags ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const paths = Object.assign({}, ...parts.map((part) => part.paths ?? {}), document.paths ?? {}) as object;
  return { ...document, tags, paths };
}

/**
 * Registered before the domains, whose routes it collects as they are added (and whose shared
 * schemas it reads from every plugin at ready). Each domain registers the schemas its routes refer
 * to and its parts of the document; only the shared Error body is registered here.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  const parts: OpenApiParts[] = [];
  app.decorate('addOpenApiParts', (part: OpenApiParts) => {
    parts.push(part);
  });
  app.addSchema(ErrorBody);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Task Service API',
        version: '1.0.0',
        description:
          'A multi-user task service. Every task belongs to one user; {user_id} is your own id or "me". ' +
          'Accounts and tokens come from Better Auth under /api/auth/* (sign-up/email, sign-in/email, sign-out, get-session, token, jwks). ' +
          'Errors share one shape: {detail, error_code, field_errors?, request_id}. Times are ISO-8601 UTC. ' +
          'Another user\'s task is a 404, never a 403. GET /api/me says whose credentials these are. ' +
          'A 401 says why in detail and in WWW-Authenticate (RFC 6750). A write that authenticates with the session cookie ' +
          'must carry the Origin of this service\'s page or of an origin in CORS_ORIGINS (else 403); Bearer clients need no Origin.',
      },
      tags: [{ name: 'service', description: 'Health and readiness' }],
      components: {
        securitySchemes: {
          bearerJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT from GET /api/auth/token (15 minutes).' },
          sessionToken: { type: 'http', scheme: 'bearer', description: 'The session token returned by sign-up or sign-in.' },
          accessToken: { type: 'http', scheme: 'bearer', description: 'A personal access token (tsk_...) from POST /api/{user_id}/tokens; a read-only one may only GET.' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'better-auth.session_token', description: 'The session cookie the web app uses.' },
        },
      },
    },
    transformObject: (document) => describeErrors(withParts('openapiObject' in document ? document.openapiObject : document.swaggerObject, parts)),
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: true, deepLinking: true }, logLevel: 'warn' });
  app.get('/openapi.json', { schema: { hide: true }, logLevel: 'warn' }, async () => app.swagger());
}
