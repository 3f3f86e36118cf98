// Only for Better Auth's schema generator (`npm run auth:generate`): an auth instance with this
// service's plugins, so the generated Drizzle tables match what createAuth() expects.
import { drizzle } from 'drizzle-orm/pglite';
import { createAuth } from './auth.js';
import type { AppDb } from '../db/client.js';

export const auth = createAuth(drizzle.mock() as unknown as AppDb, {
  secret: 'schema-generation-only-secret-0123456789abcdef',
  baseUrl: 'http://localhost:3000',
  trustedOrigins: [],
  rateLimit: { enabled: true, window: 60, max: 10 },
  jwtExpiration: '15m',
  secureCookies: false,
});
