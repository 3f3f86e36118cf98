// A transaction-mode pooler (PgBouncer here, as Neon's pooled URLs) hands one server connection
// to whichever client has a transaction to run. The service keeps no session state outside a
// transaction, so two users' requests interleaved on ONE server connection never see each other's
// rows, and the connection is left with no role or user id behind. PgBouncer from Debian's
// package, in front of a database of its own on the local PostgreSQL, in every pass.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { createDatabase, type PgDatabase } from '../helpers/pg-database.js';
import { startBouncer, type Bouncer } from '../../bench/pgbouncer.js';
import { as, type TestUser } from '../helpers/users.js';

let database: PgDatabase;
let bouncer: Bouncer;
let bouncerUrl: string;
let t: AppWithUsers;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  database = await createDatabase('bouncer');
  // One server connection for every client: each transaction takes its turn on it.
  bouncer = await startBouncer(database.url, 1);
  bouncerUrl = bouncer.url;
  // Migrations, Better Auth and every request go through the pooler; the pool may open many
  // client connections, all multiplexed onto the one server connection.
  t = await appWithUsers(2, { DATABASE_URL: bouncerUrl, DB_POOL_SIZE: '12' });
  [alice, bob] = t.users as [TestUser, TestUser];
}, 120_000);

afterAll(async () => {
  await t?.close();
  await bouncer?.stop();
  await database?.drop();
});

/** Server connections the pooler holds on the database (every backend but the checker's own). */
async function serverConnections(): Promise<number> {
  const { rows } = await database.query<{ n: string }>(
    "select count(*) as n from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()",
  );
  return Number(rows[0]!.n);
}

describe('behind PgBouncer in transaction mode, with one server connection', () => {
  it('interleaved requests of two users see only their own tasks', async () => {
    const ROUNDS = 12;
    // Writes and reads of both users in flight together, alternating, on the one connection.
    const writes = await Promise.all(
      Array.from({ length: ROUNDS }, (_, i) => [as(t.app, alice).post('/api/me/tasks', { title: `alice ${i}` }), as(t.app, bob).post('/api/me/tasks', { title: `bob ${i}` })]).flat(),
    );
    for (const res of writes) expect(res.statusCode, res.body).toBe(201);
    const reads = await Promise.all(
      Array.from({ length: ROUNDS }, () => [as(t.app, alice).get('/api/me/tasks?limit=100'), as(t.app, bob).get('/api/me/tasks?limit=100'), as(t.app, alice).get('/api/me/tasks/metrics'), as(t.app, bob).get('/api/me/tasks/metrics')]).flat(),
    );
    for (let i = 0; i < reads.length; i += 4) {
      const [aliceList, bobList, aliceMetrics, bobMetrics] = reads.slice(i, i + 4).map((res) => {
        expect(res!.statusCode, res!.body).toBe(200);
        return res!.json() as { items?: Array<{ title: string; user_id: string }>; total?: number };
      });
      expect(aliceList!.items!.map((task) => task.title).sort()).toEqual(Array.from({ length: ROUNDS }, (_, k) => `alice ${k}`).sort());
      expect(aliceList!.items!.every((task) => task.user_id === alice.id)).toBe(true);
      expect(bobList!.items!.map((task) => task.title).sort()).toEqual(Array.from({ length: ROUNDS }, (_, k) => `bob ${k}`).sort());
      expect(bobList!.items!.every((task) => task.user_id === bob.id)).toBe(true);
      expect(aliceMetrics!.total).toBe(ROUNDS);
      expect(bobMetrics!.total).toBe(ROUNDS);
    }
    // Another user's task by id is a 404 even though the previous transaction on this very
    // connection ran as its owner.
    const bobsTask = writes[1]!.json() as { id: string };
    const [own, theirs] = await Promise.all([as(t.app, bob).get(`/api/me/tasks/${bobsTask.id}`), as(t.app, alice).get(`/api/me/tasks/${bobsTask.id}`)]);
    expect(own.statusCode).toBe(200);
    expect(theirs.statusCode).toBe(404);
    // It really was one server connection.
    expect(await serverConnections()).toBe(1);
  });

  it('leaves the shared server connection with no role and no user id', async () => {
    await as(t.app, alice).get('/api/me/tasks');
    // The next client on the pooler gets the same server connection the request just used.
    const client = new pg.Client({ connectionString: bouncerUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ role: string; user_id: string | null; backend: number }>(
        "select current_user as role, nullif(current_setting('app.user_id', true), '') as user_id, pg_backend_pid() as backend",
      );
      expect(rows[0]!.role).toBe(new URL(database.url).username || 'postgres');
      expect(rows[0]!.user_id).toBeNull();
    } finally {
      await client.end();
    }
    expect(await serverConnections()).toBe(1);
  });
});
