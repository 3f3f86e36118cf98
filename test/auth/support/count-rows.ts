// Reads the database directly, to check what the HTTP API cannot show (rows that should be gone).
// The test connection is a superuser, so row-level security does not hide anything here.
import type { SQL } from 'drizzle-orm';
import type { Database } from '../../../src/db/client.js';

/** Runs a `select count(*) ...` and returns the number. */
export async function countRows(database: Database, query: SQL): Promise<number> {
  const result = (await database.db.execute(query)) as unknown as { rows: { count: string | number }[] };
  return Number(result.rows[0]!.count);
}
