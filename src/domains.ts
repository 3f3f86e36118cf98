// What a domain is: one Fastify plugin per folder (tasks/, account/, auth/, and lists/, sync/,
// caldav/... as they come). app.ts registers each with app.register (so it is encapsulated) and
// the same options. A domain adds the schemas its routes refer to (addSchema), its routes, and its
// parts of the OpenAPI document (addOpenApiParts), and relies on nothing another domain registers:
// app.ts may list them in any order (test/openapi/domain-order.test.ts checks it).
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from './config.js';
import type { Auth } from './auth/auth.js';
import type { Authenticate } from './auth/authenticate.js';
import type { Database } from './db/client.js';
import type { OriginPolicy } from './http/origins.js';
import type { ReminderScheduler } from './reminders/reminder-scheduler.js';

export interface DomainOptions {
  database: Database;
  auth: Auth;
  /** Credentials → user id; the routes' guard (auth/require-user.ts) calls it. */
  authenticate: Authenticate;
  /** Which origins may write with the session cookie (CSRF) and read across origins (CORS). */
  origins: OriginPolicy;
  /** BETTER_AUTH_SECRET: also keys the HMAC of the list cursors. */
  secret: string;
  /** The service's public address (BETTER_AUTH_URL or http://localhost:PORT). */
  baseUrl: string;
  /** The live event streams' settings (EVENTS_*). */
  events: Config['events'];
  /** The reminder scheduler's settings, its clock (tests set it) and who hears of it (tests). */
  /** Webhook delivery settings (WEBHOOK_*). */
  webhooks: Config['webhooks'];
  reminders: Config['reminders'] & { clock: () => Date; onScheduler?: ((scheduler: ReminderScheduler) => void) | undefined };
}

export type DomainPlugin = FastifyPluginAsync<DomainOptions>;
