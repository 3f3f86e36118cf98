// The harness's own connection to the database, as a superuser (which bypasses row-level
// security): bulk seeding, clean-up and the RLS switch go through it, never through the service.
// PostgreSQL: a pg client on the bench database. PGlite: the service's data directory opened in
// this process, which is only possible while the service is stopped (PGlite allows one process).
import path from 'node:path';
import pg from 'pg';

export interface SuperuserSql {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export async function connectPostgres(url: string): Promise<SuperuserSql> {
  const client = new pg.Client({ connectionString: url, application_name: 'task-service-bench' });
  await client.connect();
  return {
    query: async <R>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as R[],
    close: () => client.end(),
  };
}

/** Opens the PGlite database the service keeps in dataDir (DATA_DIR/pglite). */
export async function openPglite(dataDir: string): Promise<SuperuserSql> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin');
  const db = await PGlite.create(path.join(dataDir, 'pglite'), { extensions: { btree_gin } });
  return {
    query: async <R>(text: string, params: unknown[] = []) => (await db.query<R>(text, params)).rows,
    close: () => db.close(),
  };
}

export interface BenchDatabase {
  url: string;
  /** What the report may print: the URL without a password. */
  label: string;
  drop(): Promise<void>;
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** BENCH_DATABASE_URL as given, or a fresh database on the admin server, dropped by drop(). */
export async function benchDatabase(givenUrl: string | undefined, adminUrl: string, keep: boolean): Promise<BenchDatabase> {
  if (givenUrl) return { url: givenUrl, label: withoutPassword(givenUrl), drop: async () => undefined };
  const name = `task_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  const admin = await connectPostgres(adminUrl);
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    label: `${withoutPassword(url.toString())} (created for this run${keep ? ', kept' : ', dropped at the end'})`,
    drop: async () => {
      if (keep) return;
      const adminAgain = await connectPostgres(adminUrl);
      try {
        await adminAgain.query(`drop database if exists ${name} with (force)`);
      } finally {
        await adminAgain.close();
      }
    },
  };
}

/**
 * The bench-only row-level-security switch: done in SQL by the harness as a superuser, so no
 * code path in the service can turn the policy off. on=true restores the migration's state.
 */
export async function setRowLevelSecurity(sql: SuperuserSql, on: boolean): Promise<void> {
  if (on) {
    await sql.query('alter table tasks enable row level security');
    await sql.query('alter table tasks force row level security');
  } else {
    await sql.query('alter table tasks no force row level security');
    await sql.query('alter table tasks disable row level security');
  }
}
