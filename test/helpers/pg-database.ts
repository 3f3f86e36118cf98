// Fresh PostgreSQL databases for tests that need one of their own (server processes, outages,
// several instances). Derived from TEST_DATABASE_URL when set, else the local PostgreSQL that dev
// machines and CI always run at 127.0.0.1:5432. Drop each one when done.
import crypto from 'node:crypto';
import pg from 'pg';

export const POSTGRES_BASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface PgDatabase {
  name: string;
  url: string;
  /** Host and port of the server, for proxies. */
  host: string;
  port: number;
  /** A client on this database (superuser), for checks behind the service's back. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  drop(): Promise<void>;
}

function urlFor(database: string): URL {
  const url = new URL(POSTGRES_BASE_URL);
  url.pathname = `/${database}`;
  return url;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor('postgres').toString(), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(prefix = 'rel'): Promise<PgDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${crypto.randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`create database "${name}"`));
  const url = urlFor(name);
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  return {
    name,
    url: url.toString(),
    host: url.hostname,
    port: Number(url.port || 5432),
    query: (text, values) => pool.query(text, values),
    drop: async () => {
      await pool.end();
      await withAdmin((client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** The same database reached through another host and port (a proxy in front of it). */
export function viaProxy(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(port);
  return parsed.toString();
}
