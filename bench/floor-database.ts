// The floor's database access: the same driver as the service in each mode (pg's Pool with the
// service's pool settings, or PGlite in-process) and the same per-request transaction:
// BEGIN + set_config(role, app.user_id[, statement_timeout]) in one round trip; the statements; COMMIT.
import pg from 'pg';
import { REQUEST_ROLE, SCOPE_PGLITE, scopePostgres } from './floor-sql.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Query = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

export interface FloorDatabase {
  asUser<T>(userId: string, fn: (query: Query) => Promise<T>): Promise<T>;
  /** Outside any user scope (sign-in's user and session statements, as Better Auth runs them). */
  query: Query;
  close(): Promise<void>;
}

const STATEMENT_TIMEOUT_MS = '10000';

export function openPostgresFloor(url: string, poolSize: number): FloorDatabase {
  // The service's pool settings (src/db/client.ts).
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    query_timeout: 11_000,
    keepAlive: true,
    application_name: 'task-service-floor',
  });
  pool.on('error', () => undefined);
  return {
    async asUser(userId, fn) {
      const client = await pool.connect();
      const query: Query = async (text, params) => (await client.query(text, params)).rows;
      try {
        // As the service does (src/db/client.ts): BEGIN and the settings in one simple-protocol
        // round trip, the validated UUID inlined.
        if (!UUID.test(userId)) throw new TypeError('asUser needs a UUID');
        await client.query(`begin; ${scopePostgres(userId.toLowerCase(), STATEMENT_TIMEOUT_MS)}`);
        const result = await fn(query);
        await client.query('commit');
        client.release();
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        client.release();
        throw error;
      }
    },
    query: async (text, params) => (await pool.query(text, params)).rows,
    close: () => pool.end(),
  };
}

export async function openPgliteFloor(dir: string): Promise<FloorDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin');
  const db = await PGlite.create(dir, { extensions: { btree_gin } });
  return {
    asUser: (userId, fn) =>
      db.transaction(async (tx) => {
        await tx.query(SCOPE_PGLITE, [REQUEST_ROLE, userId]);
        return fn(async (text, params) => (await tx.query<Record<string, unknown>>(text, params)).rows);
      }),
    query: async (text, params) => (await db.query<Record<string, unknown>>(text, params)).rows,
    close: () => db.close(),
  };
}
