// Mounts Better Auth's standard routes at /api/auth/* unchanged: Fastify's request becomes a
// Web Request for auth.handler, and its Response is copied back.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '../errors.js';
import { AUTH_BASE_PATH, type Auth } from './auth.js';

function toHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  // The rate limiter keys on this header: it carries the peer address Fastify trusts, never
  // whatever the client sent.
  headers.set('x-forwarded-for', request.ip);
  // Node's fetch (and other non-browser clients) send Sec-Fetch-Mode: cors without an Origin,
  // which Better Auth's CSRF check refuses. Browsers always send Sec-Fetch-Site and an Origin
  // with these requests, so when neither is present and no cookie rides along, this is not a
  // browser and there is no cross-site request to forge: drop the fetch-metadata hint. Browser
  // requests keep the full check.
  if (!headers.has('origin') && !headers.has('sec-fetch-site') && !headers.has('cookie')) {
    headers.delete('sec-fetch-mode');
    headers.delete('sec-fetch-dest');
  }
  return headers;
}

/** The parsed body as JSON again. A body nested too deeply to serialise is the client's fault. */
function jsonText(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch {
    throw badRequest('The JSON body is nested too deeply.');
  }
}

export function registerAuthRoutes(app: FastifyInstance, auth: Auth, publicOrigin: string): void {
  app.route({
    method: ['GET', 'POST'],
    url: `${AUTH_BASE_PATH}/*`,
    schema: { hide: true },
    handler: async (request, reply) => {
      const hasBody = request.method !== 'GET' && request.body !== undefined;
      const headers = toHeaders(request);
      // The body is JSON text again whatever JSON media type it came as (application/*+json);
      // Better Auth accepts only application/json.
      if (hasBody) headers.set('content-type', 'application/json');
      const webRequest = new Request(new URL(request.url, publicOrigin), {
        method: request.method,
        headers,
        body: hasBody ? jsonText(request.body) : undefined,
      });
      const response = await auth.handler(webRequest);
      void reply.code(response.status);
      response.headers.forEach((value, name) => {
        if (name !== 'set-cookie') void reply.header(name, value);
      });
      // Better Auth's limiter says X-Retry-After; HTTP clients (and the contract) read Retry-After.
      const retryAfter = response.headers.get('x-retry-after');
      if (response.status === 429 && retryAfter !== null) void reply.header('retry-after', retryAfter);
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) void reply.header('set-cookie', cookies);
      return reply.send(response.body ? Buffer.from(await response.arrayBuffer()) : null);
    },
  });
}
