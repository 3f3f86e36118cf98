// Two server processes on one PostgreSQL database behave as one service: started at the same
// moment on an empty database they apply each migration once; a session, a JWT or a JWKS key made
// by one is honoured by the other; the sign-in rate limit counts across both. PostgreSQL by nature
// (the local one when TEST_DATABASE_URL is unset).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, signUpHttp, type HttpUser } from '../helpers/http-client.js';
import { createDatabase, type PgDatabase } from '../helpers/pg-database.js';
import { ROOT, startServer, stopAllServers, type ServerProcess } from '../helpers/server-process.js';

let database: PgDatabase;
let a: ServerProcess;
let b: ServerProcess;
let user: HttpUser;
let other: HttpUser;
beforeAll(async () => {
  database = await createDatabase('multi');
  // Both at once on the empty database: each runs the migrations on start. Behind one load
  // balancer they share one public address, the JWTs' issuer and audience.
  const env = { AUTH_RATE_LIMIT_MAX: '3', AUTH_RATE_LIMIT_WINDOW_S: '600', BETTER_AUTH_URL: 'http://tasks.example.test' };
  [a, b] = await Promise.all([startServer({ databaseUrl: database.url, env }), startServer({ databaseUrl: database.url, env })]);
  // No JWT yet: no signing key exists until the first one is minted (below, on both at once).
  [user, other] = await Promise.all([signUpHttp(a.url, { mintJwt: false }), signUpHttp(b.url, { mintJwt: false })]);
}, 180_000);
afterAll(async () => {
  await stopAllServers();
  await database?.drop();
});

describe('two instances on one PostgreSQL database', () => {
  it('applied each migration exactly once', async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(ROOT, 'drizzle', 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    const { rows } = await database.query<{ hash: string }>('select hash from drizzle.__drizzle_migrations');
    expect(rows.length).toBe(journal.entries.length);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length);
  });

  it('a JWT from either instance verifies on both, with the first keys minted concurrently', async () => {
    expect((await database.query('select 1 from jwks')).rowCount).toBe(0);
    // Both instances mint tokens at once while no signing key exists yet; then every token is
    // checked on both at once, before either has read the other's keys.
    const minted = await Promise.all(
      [user, other].flatMap((u) => [a, b, a, b].map((s) => request(`${s.url}/api/auth/token`, { token: u.sessionToken }))),
    );
    expect(minted.map((m) => m.status)).toEqual(minted.map(() => 200));
    const jwts = minted.map((m) => (m.body as { token: string }).token);
    const checks = await Promise.all(jwts.flatMap((jwt) => [b, a].map((s) => request(`${s.url}/api/me/tasks?limit=1`, { token: jwt }))));
    expect(checks.map((c) => c.status)).toEqual(checks.map(() => 200));

    // A task written through one instance reads back through the other.
    user.jwt = jwts[0]!;
    const created = await request(`${a.url}/api/me/tasks`, { method: 'POST', token: user.jwt, body: { title: 'made on A' } });
    expect(created.status).toBe(201);
    const onB = await request(`${b.url}/api/me/tasks/${(created.body as { id: string }).id}`, { token: user.jwt });
    expect(onB.status).toBe(200);
    expect(onB.body).toEqual(created.body);

    const [jwksA, jwksB] = await Promise.all([request(`${a.url}/api/auth/jwks`), request(`${b.url}/api/auth/jwks`)]);
    expect(jwksA.body).toEqual(jwksB.body);
    const { rows } = await database.query('select id from jwks');
    expect((jwksA.body as { keys: unknown[] }).keys.length).toBe(rows.length);
  });

  it('a session made on one works on the other', async () => {
    const session = await request(`${b.url}/api/auth/get-session`, { token: user.sessionToken });
    expect(session.status).toBe(200);
    expect((session.body as { user: { id: string } }).user.id).toBe(user.id);
    expect((await request(`${b.url}/api/me/tasks`, { token: user.sessionToken })).status).toBe(200);
    expect((await request(`${a.url}/api/me/tasks`, { token: other.sessionToken })).status).toBe(200);
    // Signing out on B ends the session on A too.
    expect((await request(`${b.url}/api/auth/sign-out`, { method: 'POST', token: other.sessionToken, body: {} })).status).toBe(200);
    expect((await request(`${a.url}/api/me/tasks`, { token: other.sessionToken })).status).toBe(401);
  });

  it('shares the sign-in rate limit: 2 failures on A and 2 on B, the 4th is refused (429)', async () => {
    const wrong = { email: user.email, password: 'not the password' };
    const attempt = (server: ServerProcess) => request(`${server.url}/api/auth/sign-in/email`, { method: 'POST', body: wrong });
    const statuses: number[] = [];
    for (const server of [a, a, b, b, a]) statuses.push((await attempt(server)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // The right password is refused too while the window lasts: the limit is per address, not per outcome.
    const right = await request(`${b.url}/api/auth/sign-in/email`, { method: 'POST', body: { email: user.email, password: user.password } });
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after') ?? right.headers.get('x-retry-after')).toMatch(/^\d+$/);
  });
});
