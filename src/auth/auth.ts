// Better Auth, configured for this service: email and password accounts, sessions (cookie and
// bearer), JWTs signed with keys kept in the database and published at /api/auth/jwks.
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { bearer, jwt } from 'better-auth/plugins';
import type { AppDb } from '../db/client.js';
import { PASSWORD_LIMITS } from '../limits.js';
import * as authSchema from '../db/auth-schema.js';

export const AUTH_BASE_PATH = '/api/auth';
/** Better Auth's own loopback patterns: a fresh `npm start` works as localhost and as 127.0.0.1. */
export const LOOPBACK_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];

export interface AuthSettings {
  secret: string;
  /** The public address of the service; the JWTs' issuer and audience. */
  baseUrl: string;
  trustedOrigins: string[];
  rateLimit: { enabled: boolean; window: number; max: number };
  jwtExpiration: string;
  /** "Secure" cookies: on when the public address is https. */
  secureCookies: boolean;
  /** Where Better Auth's log lines go, with its extra arguments (errors): the receiver must redact them. */
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string, ...args: unknown[]) => void;
  /**
   * Runs once a new account is committed (Better Auth queues create.after hooks until then): the
   * lists domain makes the Inbox here. A failure does not fail the sign-up; the Inbox is then made
   * on first use.
   */
  onUserCreated?: (userId: string) => Promise<void>;
}

export function createAuth(db: AppDb, settings: AuthSettings) {
  const { window, max, enabled } = settings.rateLimit;
  return betterAuth({
    appName: 'Task Service',
    baseURL: settings.baseUrl,
    basePath: AUTH_BASE_PATH,
    secret: settings.secret,
    database: drizzleAdapter(db, { provider: 'pg', schema: authSchema }),
    trustedOrigins: settings.trustedOrigins,
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_LIMITS.min,
      maxPasswordLength: PASSWORD_LIMITS.max,
      autoSignIn: true,
    },
    user: { deleteUser: { enabled: true } },
    databaseHooks: {
      user: {
        create: {
          after: async (created) => {
            await settings.onUserCreated?.(created.id).catch((error: unknown) => settings.log?.('warn', 'could not make the new account\'s Inbox; it is made on first use', error));
          },
        },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled,
      // Kept in the database so the limit holds across several server processes.
      storage: 'database',
      window,
      // Only account creation and password guessing are limited tightly; reading a session or
      // minting a JWT is what every page load does.
      max: max * 100,
      customRules: {
        '/sign-in/email': { window, max },
        '/sign-up/email': { window, max },
      },
    },
    advanced: {
      database: { generateId: 'uuid' },
      useSecureCookies: settings.secureCookies,
      // Better Auth turns its origin and CSRF checks off by itself whenever process.env.NODE_ENV
      // is "test" (or TEST is set). They stay on everywhere, so tests check what production runs.
      disableOriginCheck: false,
      disableCSRFCheck: false,
      // The HTTP layer overwrites this header with the peer address Fastify trusts, so a client
      // cannot pick its own rate-limit bucket.
      ipAddress: { ipAddressHeaders: ['x-forwarded-for'] },
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    telemetry: { enabled: false },
    ...(settings.log ? { logger: { log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, ...args: unknown[]) => settings.log!(level, message, ...args) } } : {}),
    plugins: [
      bearer(),
      jwt({
        jwt: {
          issuer: settings.baseUrl,
          audience: settings.baseUrl,
          expirationTime: settings.jwtExpiration,
        },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
