// Concurrency: many clients at once on one task or one email. Conditional writes (If-Match) let
// exactly one client win each round and the rest get 412, with no lost update; concurrent toggles
// never lose a flip; concurrent deletes delete once; concurrent sign-ups with one email make one
// account and clean 4xx answers. On the suite's database (real parallel transactions on PostgreSQL).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, uniqueEmail, type TestUser } from '../helpers/users.js';

const CLIENTS = 12;
const ROUNDS = 4;

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
});
afterAll(() => t?.close());

async function createTask(title: string) {
  const res = await as(t.app, user).post('/api/me/tasks', { title });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; version: number };
}

describe('conditional writes under contention', () => {
  for (const method of ['PATCH', 'PUT'] as const) {
    it(`${method} with the same If-Match: exactly one winner a round, the rest 412, nothing lost`, async () => {
      const task = await createTask(`${method} race`);
      for (let round = 1; round <= ROUNDS; round++) {
        const current = await as(t.app, user).get(`/api/me/tasks/${task.id}`);
        const etag = current.headers.etag as string;
        const results = await Promise.all(
          Array.from({ length: CLIENTS }, (_, i) => {
            const body = method === 'PUT' ? { title: `r${round} c${i}`, description: null, is_completed: false } : { title: `r${round} c${i}` };
            return t.app.inject({ method, url: `/api/me/tasks/${task.id}`, payload: body, headers: { authorization: `Bearer ${user.jwt}`, 'if-match': etag } });
          }),
        );
        const statuses = results.map((r) => r.statusCode).sort();
        expect(statuses).toEqual([200, ...Array<number>(CLIENTS - 1).fill(412)]);
        for (const loser of results.filter((r) => r.statusCode === 412)) expect(loser.json().error_code).toBe('PRECONDITION_FAILED');
        const winner = results.find((r) => r.statusCode === 200)!.json() as { title: string; version: number };
        const stored = (await as(t.app, user).get(`/api/me/tasks/${task.id}`)).json() as { title: string; version: number };
        expect(stored.title).toBe(winner.title);
        expect(stored.version).toBe(round + 1);
      }
    });
  }

  it('concurrent toggles never lose a flip', async () => {
    const task = await createTask('toggle race');
    const results = await Promise.all(
      Array.from({ length: CLIENTS + 1 }, () => t.app.inject({ method: 'PATCH', url: `/api/me/tasks/${task.id}/complete`, headers: { authorization: `Bearer ${user.jwt}` } })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(results.map(() => 200));
    // Every toggle saw a different version: each one applied on top of the previous one.
    const versions = results.map((r) => (r.json() as { version: number }).version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: CLIENTS + 1 }, (_, i) => i + 2));
    const stored = (await as(t.app, user).get(`/api/me/tasks/${task.id}`)).json() as { is_completed: boolean; completed_at: string | null; version: number };
    expect(stored.version).toBe(CLIENTS + 2);
    expect(stored.is_completed).toBe((CLIENTS + 1) % 2 === 1);
    expect(stored.completed_at !== null).toBe(stored.is_completed);
  });

  it('concurrent toggles with the same If-Match: one flip, the rest 412', async () => {
    const task = await createTask('toggle if-match race');
    const results = await Promise.all(
      Array.from({ length: CLIENTS }, () =>
        t.app.inject({ method: 'PATCH', url: `/api/me/tasks/${task.id}/complete`, headers: { authorization: `Bearer ${user.jwt}`, 'if-match': '"v1"' } }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, ...Array<number>(CLIENTS - 1).fill(412)]);
    const stored = (await as(t.app, user).get(`/api/me/tasks/${task.id}`)).json() as { is_completed: boolean; version: number };
    expect(stored).toMatchObject({ is_completed: true, version: 2 });
  });

  it('concurrent deletes: one 204, the rest 404', async () => {
    const task = await createTask('delete race');
    const results = await Promise.all(Array.from({ length: CLIENTS }, () => as(t.app, user).delete(`/api/me/tasks/${task.id}`)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([204, ...Array<number>(CLIENTS - 1).fill(404)]);
  });

  it('concurrent creates all land, each once', async () => {
    const results = await Promise.all(Array.from({ length: CLIENTS * 2 }, (_, i) => as(t.app, user).post('/api/me/tasks', { title: `burst ${i}` })));
    expect(results.map((r) => r.statusCode)).toEqual(results.map(() => 201));
    const list = (await as(t.app, user).get('/api/me/tasks?q=burst&limit=1000')).json() as { items: Array<{ title: string }> };
    expect(list.items.map((i) => i.title).sort()).toEqual(results.map((_, i) => `burst ${i}`).sort());
  });
});

describe('concurrent sign-ups with one email', () => {
  it('make exactly one account; the others get a clean 4xx', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        t.app.inject({ method: 'POST', url: '/api/auth/sign-up/email', payload: { name: `Racer ${i}`, email, password: 'correct horse battery' } }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    for (const res of results.filter((r) => r.statusCode !== 200)) {
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body).toBeLessThan(500);
    }
    const rows = (await t.database.db.execute(sql`select count(*)::int as n from "user" where email = ${email}`)) as unknown as { rows: Array<{ n: number }> };
    expect(rows.rows[0]!.n).toBe(1);
    const accounts = (await t.database.db.execute(
      sql`select count(*)::int as n from account a join "user" u on u.id = a.user_id where u.email = ${email}`,
    )) as unknown as { rows: Array<{ n: number }> };
    expect(accounts.rows[0]!.n).toBe(1);
    // The one account works with its password.
    const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email, password: 'correct horse battery' } });
    expect(signIn.statusCode).toBe(200);
  });
});
