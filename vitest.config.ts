import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
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
