import { configDefaults, defineConfig } from 'vitest/config';
import { DATABASE_INDEPENDENT_TESTS } from './test/database-independent.js';

const skipDatabaseIndependent = process.env.TEST_SKIP_DATABASE_INDEPENDENT === '1';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(skipDatabaseIndependent ? DATABASE_INDEPENDENT_TESTS : [])],
    // Builds dist/ (--if-stale) for the reliability tests, which run `node dist/server.js`.
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only contend.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
