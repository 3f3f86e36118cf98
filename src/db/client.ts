// The one place that opens the database: PGlite in DATA_DIR by default, PostgreSQL when a URL
// is configured. Both give the same Drizzle API over the same schema and migrations, so the
// rest of the code never asks which one it has.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Config } from '../config.js';
import * as schema from './schema.js';
import { REQUEST_ROLE, SCHEDULER_ROLE } from './request-role.js';
import { isDatabaseUnavailable, sqlState } from './errors.js';
import { isUuid } from '../uuid.js';
import type { BoundQuery } from './statement.js';
import { listenOnPostgres, type ListenHandlers, type Listening } from './listener.js';

export type Schema = typeof schema;
export type AppDb = PgDatabase<PgQueryResultHKT, Schema>;
/** Drizzle's query builders, bound to one request's transaction. */
export type AppTx = Pick<AppDb, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

/**
 * What a request's code gets inside Database.asUser: everything it runs is in the request's one
 * transaction, in the user's scope.
 */
export interface RequestTx {
  /** Runs a bound statement (the request path's way in); rows keyed by column name. */
  query<R = Record<string, unknown>>(query: BoundQuery): Promise<R[]>;
  /** Drizzle's builders on the same transaction, for code off the request path (tests, tools). */
  readonly db: AppTx;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: AppDb;
  /**
   * Runs fn in one transaction as the row-level-security role with app.user_id set to userId.
   * Settings are transaction-local (set_config(..., true)), so they are right behind a
   * transaction-mode pooler (Neon) and never leak to the next request on the connection.
   */
  asUser<T>(userId: string, fn: (tx: RequestTx) => Promise<T>): Promise<T>;
  /**
   * Runs fn in one transaction as the reminder scheduler's role (no user set): it sees only the
   * ids and fire times of pending reminders, across users (migration 0008).
   */
  asScheduler<T>(fn: (tx: RequestTx) => Promise<T>): Promise<T>;
  /**
   * Notifications on a channel over one connection of the process's own: PGlite's in-process
   * listen, or on PostgreSQL a dedicated connection to DATABASE_LISTEN_URL (else DATABASE_URL).
   * Behind a transaction-mode pooler the LISTEN "works" but nothing arrives; the caller finds
   * that out by notifying itself (notify) and waiting.
   */
  listen(channel: string, handlers: ListenHandlers): Listening;
  /** pg_notify outside any request (the listener's self-test). */
  notify(channel: string, payload: string): Promise<void>;
  /** Throws when the database does not answer; /ready uses it. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PGlite only: keep the database in memory (tests), not in DATA_DIR. */
  inMemory?: boolean;
  /**
   * PGlite only: start from this dumped data directory (PGlite's dumpDataDir) instead of an empty
   * one. Tests start every app from one migrated template: that skips initdb, most of PGlite's
   * start-up (about 0.35 s instead of 2 s).
   */
  loadDataDir?: Blob;
}

export async function openDatabase(config: Config, options: OpenOptions = {}): Promise<Database> {
  return config.databaseUrl === undefined ? openPglite(config, options) : openPostgres(config, config.databaseUrl);
}

async function openPglite(config: Config, options: OpenOptions): Promise<Database> {
  let dir = 'memory://';
  if (!options.inMemory) {
    dir = path.join(config.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
  }
  const client = await PGlite.create(dir, { extensions: { btree_gin }, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  const db = drizzlePglite(client, { schema }) as unknown as AppDb;
  let closed = false;
  // PGlite runs in this process: a statement timeout cannot interrupt it, so none is set.
  const inTransaction = <T>(role: string, userId: string, fn: (tx: RequestTx) => Promise<T>): Promise<T> =>
    client.transaction(async (transaction) => {
      await transaction.query(`select set_config('role', $1, true), set_config('app.user_id', $2, true)`, [role, userId]);
      let builders: AppTx | undefined;
      return fn({
        query: async <R>({ text, params }: BoundQuery) => (await transaction.query<R>(text, params)).rows,
        // Made on first use only: most requests never need it.
        get db() {
          builders ??= drizzlePglite(transaction as unknown as PGlite) as unknown as AppTx;
          return builders;
        },
      });
    });
  return {
    kind: 'pglite',
    db,
    asUser: (userId, fn) => inTransaction(REQUEST_ROLE, userId, fn),
    asScheduler: (fn) => inTransaction(SCHEDULER_ROLE, '', fn),
    listen: (channel, handlers) => {
      // In-process: never drops, so it is connected as soon as the LISTEN is in.
      const unlisten = client.listen(channel, (payload) => handlers.onPayload(payload)).then((stop) => {
        handlers.onConnected();
        return stop;
      });
      return { close: async () => (closed ? undefined : (await unlisten)()) };
    },
    notify: async (channel, payload) => {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}

async function openPostgres(config: Config, url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: config.db.poolSize,
    // Bounds both a new connection and the wait for a free one, so a dead database gives 503s fast.
    connectionTimeoutMillis: config.db.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    // Client-side bound for statements outside request transactions (Better Auth's); request
    // transactions also set a server-side statement_timeout. No startup parameters are sent,
    // because transaction-mode poolers (Neon, PgBouncer) refuse or drop them.
    query_timeout: config.db.statementTimeoutMs + 1000,
    keepAlive: true,
    application_name: 'task-service',
  });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Nor may one dropped while checked out (a request transaction, Better Auth's): the pool only
  // listens on idle clients, and an unheard 'error' event kills the process. The pending query
  // fails with the same error (→ 503), and the broken client is discarded on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = drizzlePg(pool, { schema }) as unknown as AppDb;
  // One RequestTx per pooled connection, made once: a Drizzle wrapper per request would cost an
  // allocation-heavy setup on the hot path.
  const scopes = new WeakMap<pg.PoolClient, RequestTx>();
  const scopeOf = (client: pg.PoolClient): RequestTx => {
    let scope = scopes.get(client);
    if (!scope) {
      scope = {
        query: async <R>({ text, params }: BoundQuery) => (await client.query(text, params)).rows as R[],
        db: drizzlePg(client) as unknown as AppTx,
      };
      scopes.set(client, scope);
    }
    return scope;
  };
  const inTransaction = async <T>(role: string, userId: string, fn: (tx: RequestTx) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      // BEGIN and the request's settings in one round trip (a multi-statement simple query;
      // parameters are not allowed there, hence the inlined, validated UUID).
      await client.query(
        `begin; select set_config('role', '${role}', true), set_config('app.user_id', '${userId}', true), ` +
          `set_config('statement_timeout', '${config.db.statementTimeoutMs}', true)`,
      );
      const result = await fn(scopeOf(client));
      await client.query('commit');
      client.release();
      return result;
    } catch (error) {
      // A connection that broke or stopped answering cannot roll back (the rollback would
      // queue behind the hung statement and wait out another timeout): drop it at once; the
      // server rolls back when the connection goes.
      if (isDatabaseUnavailable(error) && sqlState(error) === undefined) {
        client.release(true);
        throw error;
      }
      try {
        await client.query('rollback');
        client.release();
      } catch {
        // The connection itself is broken: drop it from the pool rather than reuse it.
        client.release(true);
      }
      throw error;
    }
  };
  let closed = false;
  return {
    kind: 'postgres',
    db,
    asUser: (userId, fn) => {
      // The user id is inlined in SQL, so it must be exactly a UUID (it comes from a verified token).
      if (!isUuid(userId)) throw new TypeError('asUser needs a UUID');
      return inTransaction(REQUEST_ROLE, userId.toLowerCase(), fn);
    },
    asScheduler: (fn) => inTransaction(SCHEDULER_ROLE, '', fn),
    listen: (channel, handlers) => listenOnPostgres(config.databaseListenUrl ?? url, channel, handlers, config.db.connectTimeoutMs),
    notify: async (channel, payload) => {
      await pool.query('select pg_notify($1, $2)', [channel, payload]);
    },
    ping: async () => {
      await pool.query('select 1');
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
