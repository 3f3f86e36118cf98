// Test files whose outcome does not depend on which database the suite runs on: they use none, or
// make their own databases of both kinds whatever TEST_DATABASE_URL says. CI runs the suite twice
// (embedded, then PostgreSQL) and sets TEST_SKIP_DATABASE_INDEPENDENT=1 on the second pass, so
// these run once. A plain `npm test` runs them every time.
export const DATABASE_INDEPENDENT_TESTS = [
  // No database at all.
  'test/config.test.ts',
  'test/tasks/cursor.test.ts',
  'test/bench/floor-sql.test.ts',
  'test/sync/sse-stream.test.ts',
  // Their own PostgreSQL databases on the local server (by nature: proxies, two processes).
  'test/reliability/database-outage.test.ts',
  'test/reliability/multi-instance.test.ts',
  'test/reliability/pgbouncer-transaction-mode.test.ts',
  'test/sync/events-instances.test.ts',
  'test/reminders/reminders-instances.test.ts',
  // A PGlite data directory and a PostgreSQL database of its own, in every pass.
  'test/reliability/crash-recovery.test.ts',
];
