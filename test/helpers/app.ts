// Builds the real application for tests: the same buildApp users run, on a freshly migrated
// database. Embedded PGlite (in memory) by default; the PostgreSQL at TEST_DATABASE_URL when set.
// Tests on PostgreSQL share one database: each test signs up its own users, so nothing collides.
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { pgliteTemplate } from './pglite-template.js';

export const TEST_SECRET = 'test-secret-0123456789abcdefghijklmnopqrstuvwxyz';
export const onPostgres = process.env.TEST_DATABASE_URL !== undefined && process.env.TEST_DATABASE_URL !== '';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    BETTER_AUTH_SECRET: TEST_SECRET,
    BETTER_AUTH_URL: 'http://localhost:3000',
    AUTH_RATE_LIMIT_MAX: '100000',
    DATA_DIR: '/tmp/task-service-test-unused',
    // On the shared PostgreSQL test database every app's dispatcher would send every file's
    // deliveries, each under its own settings (one refusing loopback, one giving up after a
    // second): only the apps of files that test deliveries send them (WEBHOOKS_DISPATCH: 'true').
    WEBHOOKS_DISPATCH: 'false',
    ...(onPostgres ? { DATABASE_URL: process.env.TEST_DATABASE_URL! } : {}),
    ...env,
  });
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/** A fresh, migrated app. Close it in afterAll. */
export async function buildTestApp(env: Record<string, string> = {}, options: BuildOptions = {}): Promise<TestApp> {
  const config = testConfig(env);
  // On PGlite, a copy of the run's migrated template (see global-setup.ts); migrate is then a no-op
  // that still proves the template is current.
  const template = config.databaseUrl === undefined ? pgliteTemplate() : undefined;
  const database = await openDatabase(config, { inMemory: true, ...(template ? { loadDataDir: template } : {}) });
  await migrate(database.db);
  const app = await buildApp(config, { web: false, ...options, database, skipMigrations: true });
  await app.ready();
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
