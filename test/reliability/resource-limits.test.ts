// Resource limits come from config and hold: body size (413), header size (431), request timeout
// (a stalled client is dropped, 408), database pool size and connect timeout (a request that
// cannot get a connection in time is a 503, not a queue without end), statement timeout (a slow
// statement ends as 503, not a hang).
import net from 'node:net';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { testConfig } from '../helpers/app.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { createDatabase, type PgDatabase } from '../helpers/pg-database.js';
import { as, signUp, type TestUser } from '../helpers/users.js';

describe('defaults', () => {
  it('are bounded and documented', () => {
    const config = loadConfig({});
    expect(config.http).toMatchObject({ bodyLimitBytes: 65_536, maxHeaderBytes: 16_384, requestTimeoutMs: 30_000, shutdownGraceMs: 10_000 });
    expect(config.db).toEqual({ poolSize: 10, connectTimeoutMs: 5000, statementTimeoutMs: 10_000 });
  });
});

/** Sends raw bytes, keeps the socket open up to waitMs, returns what came back and when. */
function rawExchange(port: number, text: string, waitMs: number): Promise<{ reply: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const finish = () => resolve({ reply, ms: Date.now() - started });
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      finish();
    });
    socket.on('error', () => undefined);
    socket.write(text);
  });
}

describe('HTTP limits from config', () => {
  let t: AppWithUsers;
  let user: TestUser;
  let port: number;
  beforeAll(async () => {
    t = await appWithUsers(1, { BODY_LIMIT_BYTES: '2048', MAX_HEADER_BYTES: '2048', REQUEST_TIMEOUT_MS: '1000' });
    [user] = t.users as [TestUser];
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as net.AddressInfo).port;
  });
  afterAll(() => t?.close());

  it('BODY_LIMIT_BYTES: a body over it → 413, under it → accepted', async () => {
    const over = await as(t.app, user).post('/api/me/tasks', { title: 'x', description: 'y'.repeat(2100) });
    expect(over.statusCode).toBe(413);
    expect(over.json().error_code).toBe('PAYLOAD_TOO_LARGE');
    const auth = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email: user.email, password: 'p'.repeat(2100) } });
    expect(auth.statusCode).toBe(413);
    expect((await as(t.app, user).post('/api/me/tasks', { title: 'x', description: 'y'.repeat(1500) })).statusCode).toBe(201);
  });

  it('MAX_HEADER_BYTES: headers over it → 431, under it → served', async () => {
    const big = await rawExchange(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(3000)}\r\nConnection: close\r\n\r\n`, 5000);
    expect(big.reply).toMatch(/^HTTP\/1\.1 431 /);
    const fine = await rawExchange(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(1000)}\r\nConnection: close\r\n\r\n`, 5000);
    expect(fine.reply).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('REQUEST_TIMEOUT_MS: a client stalling its headers or its body is dropped with 408', async () => {
    const stalledHeaders = rawExchange(port, 'GET /health HTTP/1.1\r\nHost: x\r\n', 15_000);
    const stalledBody = rawExchange(
      port,
      `POST /api/me/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${user.jwt}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"title":`,
      15_000,
    );
    for (const { reply, ms } of await Promise.all([stalledHeaders, stalledBody])) {
      expect(reply).toMatch(/^HTTP\/1\.1 408 /);
      expect(ms).toBeGreaterThanOrEqual(900);
      expect(ms).toBeLessThan(1000 + 1000 + 3000);
    }
    // The server serves on.
    expect((await rawExchange(port, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 5000)).reply).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('database limits from config (PostgreSQL)', () => {
  const STATEMENT_TIMEOUT_MS = 1500;
  const CONNECT_TIMEOUT_MS = 300;
  let pgDatabase: PgDatabase;
  let database: Database;
  let app: FastifyInstance;
  let user: TestUser;
  beforeAll(async () => {
    pgDatabase = await createDatabase('limits');
    const config = testConfig({
      DATABASE_URL: pgDatabase.url,
      DB_POOL_SIZE: '1',
      DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    });
    database = await openDatabase(config);
    await migrate(database.db);
    app = await buildApp(config, { database, skipMigrations: true, web: false });
    // A request that runs one slow statement in a request transaction, as a route would.
    app.get('/test/sleep/:seconds', async (request) => {
      const { seconds } = request.params as { seconds: string };
      await database.asUser(user.id, (tx) => tx.db.execute(sql`select pg_sleep(${Number(seconds)})`));
      return { slept: Number(seconds) };
    });
    await app.ready();
    user = await signUp(app);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await pgDatabase?.drop();
  });

  it('DB_STATEMENT_TIMEOUT_MS: a slow statement ends as 503 SERVICE_UNAVAILABLE, not a hang', async () => {
    const started = Date.now();
    const res = await app.inject('/test/sleep/30');
    const ms = Date.now() - started;
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json().error_code).toBe('SERVICE_UNAVAILABLE');
    expect(res.headers['retry-after']).toBe('1');
    expect(ms).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT_MS - 100);
    expect(ms).toBeLessThan(STATEMENT_TIMEOUT_MS + 3000);
    // The connection is fine afterwards.
    expect((await as(app, user).get('/api/me/tasks')).statusCode).toBe(200);
  });

  it('DB_POOL_SIZE and DB_CONNECT_TIMEOUT_MS: no free connection in time → 503 fast, then served again', async () => {
    const holding = app.inject('/test/sleep/1');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const started = Date.now();
    const starved = await as(app, user).get('/api/me/tasks');
    const ms = Date.now() - started;
    expect(starved.statusCode, starved.body).toBe(503);
    expect(starved.json().error_code).toBe('SERVICE_UNAVAILABLE');
    expect(ms).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);
    expect((await holding).statusCode).toBe(200);
    expect((await as(app, user).get('/api/me/tasks')).statusCode).toBe(200);
    // One connection, as configured.
    const { rows } = await pgDatabase.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'task-service'",
    );
    expect(rows[0]!.n).toBeLessThanOrEqual(1);
  });
});
