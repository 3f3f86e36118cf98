// buildApp(config): the whole application, without listening. server.ts listens; tests call
// buildApp and use app.inject() or listen on port 0.
import crypto from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { loggableError, withoutParams } from './db/errors.js';
import { listsPlugin } from './lists/lists.plugin.js';
import { makeInbox } from './lists/lists.inbox.js';
import { createAuth, LOOPBACK_ORIGINS, type Auth } from './auth/auth.js';
import { createAuthenticator, type Authenticate } from './auth/authenticate.js';
import { authSecretSource, resolveAuthSecret } from './auth/secret.js';
import { assertSecretOpensSigningKey } from './auth/signing-key-check.js';
import { registerErrorHandling, sendHttpError, toHttpError } from './http/error-handler.js';
import { registerJsonBodyParser } from './http/json-body.js';
import { drainConnectionsOnClose } from './http/connection-drain.js';
import { registerRequestDeadline } from './http/request-deadline.js';
import { registerHealthRoutes } from './http/health.routes.js';
import { registerOpenApi } from './http/openapi.js';
import { validatorCompiler } from './http/validation.js';
import { buildSerializer } from './http/serialization.js';
import { registerWeb } from './http/web.js';
import { registerCors } from './http/cors.js';
import { createOriginPolicy } from './http/origins.js';
import { securityHeaders } from './http/security-headers.js';
import type { DomainOptions, DomainPlugin } from './domains.js';
import { authPlugin } from './auth/auth.plugin.js';
import { accountPlugin } from './account/account.plugin.js';
import { tasksPlugin } from './tasks/tasks.plugin.js';
import { syncPlugin } from './sync/sync.plugin.js';
import { remindersPlugin } from './reminders/reminders.plugin.js';
import type { ReminderScheduler } from './reminders/reminder-scheduler.js';
import { settingsPlugin } from './settings/settings.plugin.js';
import { tokensPlugin } from './tokens/tokens.plugin.js';
import { TokensService } from './tokens/tokens.service.js';
import { webhooksPlugin } from './webhooks/webhooks.plugin.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    auth: Auth;
    authenticate: Authenticate;
  }
}

export interface BuildOptions {
  /** An already-open database (tests share one across apps); otherwise opened from config. */
  database?: Database;
  /** Skip applying migrations (the caller already did). */
  skipMigrations?: boolean;
  /** Serve web/dist at / (default true). */
  web?: boolean;
  /** Where log lines go instead of stdout (tests read them); pretty printing is then off. */
  logStream?: { write(line: string): void };
  /** The domains, in another order (a test proves the order does not matter). */
  domains?: readonly DomainPlugin[];
  /** The reminder scheduler's clock (default: the system's): tests move time instead of waiting. */
  clock?: () => Date;
  /** Hands the app's reminder scheduler to a test (which then calls tick() itself). */
  onReminderScheduler?: (scheduler: ReminderScheduler) => void;
}

/** Every domain of the service; a new one is one more entry. Any order gives the same app. */
export const DOMAINS: readonly DomainPlugin[] = [authPlugin, accountPlugin, listsPlugin, tasksPlugin, syncPlugin, settingsPlugin, remindersPlugin, tokensPlugin, webhooksPlugin];

const REQUEST_ID = /^[\w.:-]{1,128}$/;

function loggerOptions(config: Config, stream: BuildOptions['logStream']): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    // Credentials never reach the log, whichever serializer prints a request.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    // Nor do the values a failed statement carries: every `err` in a log line, ours or Fastify's,
    // is reduced to type, code, message and stack without parameters.
    serializers: { err: loggableError },
    ...(stream ? { stream } : config.prettyLogs ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  };
}

/**
 * One Better Auth log call as one log line. Better Auth logs database failures as the message
 * itself (an Error), as its text ("...params: <token>"), or as extra arguments: errors among them
 * are kept in loggable form, text loses its statement parameters, anything else is dropped (it
 * may hold request data).
 */
function logBetterAuth(log: FastifyBaseLogger, level: 'debug' | 'info' | 'warn' | 'error', message: unknown, args: unknown[]): void {
  const isError = (value: unknown) => value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string');
  const errors = [message, ...args].filter(isError);
  const text = typeof message === 'string' ? message : isError(message) ? (message as { message: string }).message : String(message);
  log[level]({ component: 'better-auth', ...(errors.length > 0 ? { err: loggableError(errors[0]) } : {}) }, withoutParams(text));
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const baseUrl = config.auth.baseUrl ?? `http://localhost:${config.port}`;
  const setSecurityHeaders = securityHeaders({ https: baseUrl.startsWith('https:') });
  const app = Fastify({
    logger: loggerOptions(config, options.logStream),
    bodyLimit: config.http.bodyLimitBytes,
    requestTimeout: config.http.requestTimeoutMs,
    trustProxy: config.http.trustProxy,
    // Node checks its request timeout every connectionsCheckingInterval (30 s by default), which
    // would let a slow client overstay REQUEST_TIMEOUT_MS by that much.
    http: { maxHeaderSize: config.http.maxHeaderBytes, connectionsCheckingInterval: Math.min(1000, config.http.requestTimeoutMs) },
    // A client's x-request-id is kept when it is sane, so logs can be joined across services.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    },
    requestIdHeader: false,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
    // Errors the router raises before any route runs (a malformed %-escape, an over-long path
    // segment) get the contract's shape too, instead of Fastify's own (which echoes the URL).
    frameworkErrors: (error, request, reply) => {
      setSecurityHeaders(request.raw, reply.raw);
      return sendHttpError(request, reply.header('x-request-id', request.id), toHttpError(error));
    },
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: { buildSerializer } },
  });
  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);
  registerJsonBodyParser(app);
  registerRequestDeadline(app, config.http.requestTimeoutMs);
  drainConnectionsOnClose(app);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    setSecurityHeaders(request.raw, reply.raw);
  });
  const origins = createOriginPolicy({ baseUrl, loopbackIsOwn: config.auth.baseUrl === undefined, listed: config.auth.trustedOrigins });
  await registerCors(app, origins);

  const database = options.database ?? (await openDatabase(config));
  if (!options.database) app.addHook('onClose', () => database.close());
  if (!options.skipMigrations) await migrate(database.db);

  const secret = resolveAuthSecret(config);
  await assertSecretOpensSigningKey(database.db, secret, authSecretSource(config));
  const auth = createAuth(database.db, {
    secret,
    baseUrl,
    trustedOrigins: [...new Set([new URL(baseUrl).origin, ...config.auth.trustedOrigins, ...(config.auth.baseUrl ? [] : LOOPBACK_ORIGINS)])],
    rateLimit: config.auth.rateLimit,
    jwtExpiration: config.auth.jwtExpiration,
    secureCookies: baseUrl.startsWith('https:'),
    // Better Auth's own messages go through our logger (JSON, levels, redaction), not the console.
    log: (level, message: unknown, ...args: unknown[]) => logBetterAuth(app.log, level, message, args),
    onUserCreated: makeInbox(database),
  });
  const accessTokens = new TokensService(database, (error) => app.log.warn({ err: loggableError(error) }, 'could not record a token\'s last use'));
  const authenticate = createAuthenticator(auth, {
    issuer: baseUrl,
    audience: baseUrl,
    external: config.auth.external,
    checkAccessToken: (token) => accessTokens.check(token),
  });
  app.decorate('database', database);
  app.decorate('auth', auth);
  app.decorate('authenticate', authenticate);

  // The platform first: the OpenAPI collector must see every route as it is added.
  await registerOpenApi(app);
  registerHealthRoutes(app, database);
  const reminders = { ...config.reminders, clock: options.clock ?? (() => new Date()), onScheduler: options.onReminderScheduler };
  const domainOptions: DomainOptions = { database, auth, authenticate, origins, secret, baseUrl, events: config.events, reminders, webhooks: config.webhooks };
  for (const domain of options.domains ?? DOMAINS) await app.register(domain, domainOptions);
  if (options.web !== false) await registerWeb(app);
  return app;
}
