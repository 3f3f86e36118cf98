// Personal access tokens: minted once (the secret in the 201 only, a hash in the database), used
// as Bearer on every route family, read-only ones refused on writes, revoked and expired ones
// refused at once, never able to mint tokens or reach /api/auth/*, and scoped to their user.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { expectError } from '../helpers/expect-error.js';
import { as, type TestUser } from '../helpers/users.js';

const TOKENS = '/api/me/tokens';
let t: AppWithUsers;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await appWithUsers(2);
  [alice, bob] = t.users as [TestUser, TestUser];
});
afterAll(() => t.close());

interface NewToken { id: string; name: string; scopes: string[]; token: string; created_at: string; expires_at: string | null; last_used_at: string | null }

async function mint(user: TestUser, body: Record<string, unknown> = { name: 'script', scopes: ['read', 'write'] }): Promise<NewToken> {
  const res = await as(t.app, user).post(TOKENS, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as NewToken;
}

const withToken = (token: string) => ({ authorization: `Bearer ${token}` });
const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, token: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: withToken(token), ...(payload === undefined ? {} : { payload: payload as object }) });

describe('personal access tokens', () => {
  it('POST → 201 with the secret once (tsk_, 256 bits), a Location, the fields; GET lists them without it', async () => {
    const res = await as(t.app, alice).post(TOKENS, { name: 'Build bot', scopes: ['read', 'write'], expires_in_days: 30 });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as NewToken;
    expect(created.token).toMatch(/^tsk_[A-Za-z0-9_-]{43}$/);
    expect(res.headers.location).toBe(`/api/${alice.id}/tokens/${created.id}`);
    expect(created).toMatchObject({ name: 'Build bot', scopes: ['read', 'write'], last_used_at: null });
    const days = (Date.parse(created.expires_at!) - Date.parse(created.created_at)) / 86_400_000;
    expect(days).toBeCloseTo(30, 3);
    const listed = (await as(t.app, alice).get(TOKENS)).json() as { items: Array<Record<string, unknown>> };
    const mine = listed.items.find((item) => item.id === created.id)!;
    expect(mine).toEqual({ id: created.id, name: 'Build bot', scopes: ['read', 'write'], created_at: created.created_at, expires_at: created.expires_at, last_used_at: null });
    expect(JSON.stringify(listed)).not.toContain(created.token);
    // Bob sees none of Alice's.
    expect(((await as(t.app, bob).get(TOKENS)).json() as { items: unknown[] }).items.some((i) => (i as { id: string }).id === created.id)).toBe(false);
  });

  it('the database holds only the SHA-256 of the secret', async () => {
    const { token, id } = await mint(alice);
    const rows = (await t.database.db.execute(sql`select to_jsonb(a)::text as row, token_hash from access_tokens a where id = ${id}`)) as unknown as { rows?: Array<{ row: string; token_hash: string }> } | Array<{ row: string; token_hash: string }>;
    const [row] = Array.isArray(rows) ? rows : rows.rows!;
    expect(row!.row).not.toContain(token);
    expect(row!.row).not.toContain(token.slice(4));
    expect(row!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
  });

  it('works as Bearer on every route family, and records its last use', async () => {
    const { token, id } = await mint(alice);
    const created = await call('POST', '/api/me/tasks', token, { title: 'filed by a script' });
    expect(created.statusCode, created.body).toBe(201);
    const taskId = (created.json() as { id: string }).id;
    for (const url of ['/api/me/tasks', `/api/${alice.id}/tasks/${taskId}`, '/api/me/tasks/metrics', `/api/me/tasks/${taskId}/completions`, '/api/me/lists', '/api/me/changes', '/api/me/settings', '/api/me']) {
      const res = await call('GET', url, token);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    }
    expect((await call('PATCH', `/api/me/tasks/${taskId}`, token, { title: 'renamed' })).statusCode).toBe(200);
    expect((await call('PATCH', `/api/me/tasks/${taskId}/complete`, token)).statusCode).toBe(200);
    expect((await call('POST', '/api/me/lists', token, { name: 'From a token' })).statusCode).toBe(201);
    expect((await call('DELETE', `/api/me/tasks/${taskId}`, token)).statusCode).toBe(204);
    await expect.poll(async () => ((await as(t.app, alice).get(TOKENS)).json() as { items: NewToken[] }).items.find((i) => i.id === id)?.last_used_at).not.toBeNull();
  });

  it('a read-only token reads, and every write is a 403 that changes nothing', async () => {
    const { token } = await mint(alice, { name: 'dashboard', scopes: ['read'] });
    expect((await call('GET', '/api/me/tasks', token)).statusCode).toBe(200);
    const before = ((await as(t.app, alice).get('/api/me/tasks/metrics')).json() as { total: number }).total;
    expectError(await call('POST', '/api/me/tasks', token, { title: 'nope' }), 403, 'FORBIDDEN');
    expectError(await call('PATCH', '/api/me/settings', token, { time_zone: 'Europe/Berlin' }), 403, 'FORBIDDEN');
    expectError(await call('POST', '/api/me/lists', token, { name: 'nope' }), 403, 'FORBIDDEN');
    expect(((await as(t.app, alice).get('/api/me/tasks/metrics')).json() as { total: number }).total).toBe(before);
    expect(((await as(t.app, alice).get('/api/me/settings')).json() as { time_zone: string }).time_zone).toBe('UTC');
  });

  it('a token cannot mint, list or revoke tokens, nor reach /api/auth/*', async () => {
    const { token, id } = await mint(alice);
    expectError(await call('POST', TOKENS, token, { name: 'child', scopes: ['read'] }), 403, 'FORBIDDEN');
    expectError(await call('GET', TOKENS, token), 403, 'FORBIDDEN');
    expectError(await call('DELETE', `${TOKENS}/${id}`, token), 403, 'FORBIDDEN');
    const session = await call('GET', '/api/auth/get-session', token);
    expect(session.statusCode).toBe(200);
    expect(session.json()).toBeNull();
    expect((await call('GET', '/api/auth/token', token)).statusCode).toBe(401);
    const password = await t.app.inject({ method: 'POST', url: '/api/auth/change-password', headers: withToken(token), payload: { currentPassword: alice.password, newPassword: 'another long password' } });
    expect(password.statusCode).toBe(401);
  });

  it('revoked → 401 on the very next request; revoking again or another user\'s → 404', async () => {
    const { token, id } = await mint(alice);
    expect((await call('GET', '/api/me/tasks', token)).statusCode).toBe(200);
    expectError(await as(t.app, bob).delete(`${TOKENS}/${id}`), 404, 'NOT_FOUND');
    expect((await call('GET', '/api/me/tasks', token)).statusCode).toBe(200);
    expect((await as(t.app, alice).delete(`${TOKENS}/${id}`)).statusCode).toBe(204);
    const refused = expectError(await call('GET', '/api/me/tasks', token), 401, 'UNAUTHORIZED');
    expect(refused.detail).toMatch(/revoked/);
    expectError(await as(t.app, alice).delete(`${TOKENS}/${id}`), 404, 'NOT_FOUND');
  });

  it('expired → 401', async () => {
    const { token, id } = await mint(alice, { name: 'short', scopes: ['read'], expires_in_days: 1 });
    expect((await call('GET', '/api/me/tasks', token)).statusCode).toBe(200);
    await t.database.db.execute(sql`update access_tokens set expires_at = now() - interval '1 second' where id = ${id}`);
    const refused = await call('GET', '/api/me/tasks', token);
    expect(expectError(refused, 401, 'UNAUTHORIZED').detail).toMatch(/expired/);
    expect(String(refused.headers['www-authenticate'])).toMatch(/invalid_token/);
  });

  it('another user\'s token on {user_id} → 403; a made-up or malformed tsk_ token → 401', async () => {
    const { token } = await mint(bob);
    expectError(await call('GET', `/api/${alice.id}/tasks`, token), 403, 'FORBIDDEN');
    expect((await call('GET', `/api/${bob.id}/tasks`, token)).statusCode).toBe(200);
    expectError(await call('GET', '/api/me/tasks', `tsk_${'A'.repeat(43)}`), 401, 'UNAUTHORIZED');
    expectError(await call('GET', '/api/me/tasks', 'tsk_short'), 401, 'UNAUTHORIZED');
    expectError(await call('GET', '/api/me/tasks', `${token}x`), 401, 'UNAUTHORIZED');
  });

  it.each([
    ['write without read', { name: 'x', scopes: ['write'] }, 'scopes'],
    ['no scopes', { name: 'x', scopes: [] }, 'scopes'],
    ['an unknown scope', { name: 'x', scopes: ['read', 'admin'] }, 'scopes[1]'],
    ['a repeated scope', { name: 'x', scopes: ['read', 'read'] }, 'scopes'],
    ['an empty name', { name: '', scopes: ['read'] }, 'name'],
    ['a name over 100 characters', { name: 'n'.repeat(101), scopes: ['read'] }, 'name'],
    ['zero days', { name: 'x', scopes: ['read'], expires_in_days: 0 }, 'expires_in_days'],
    ['a fraction of a day', { name: 'x', scopes: ['read'], expires_in_days: 1.5 }, 'expires_in_days'],
    ['an unknown field', { name: 'x', scopes: ['read'], admin: true }, undefined],
  ])('%s → 422, no token made', async (_what, body, field) => {
    const before = ((await as(t.app, bob).get(TOKENS)).json() as { items: unknown[] }).items.length;
    expectError(await as(t.app, bob).post(TOKENS, body), 422, 'VALIDATION_ERROR', field ? [field] : undefined);
    expect(((await as(t.app, bob).get(TOKENS)).json() as { items: unknown[] }).items.length).toBe(before);
  });

  it('a malformed token id → 400; the session-cookie route needs its Origin like every cookie write', async () => {
    expectError(await as(t.app, alice).delete(`${TOKENS}/not-a-uuid`), 400, 'VALIDATION_ERROR');
    const viaCookie = await t.app.inject({ method: 'POST', url: TOKENS, headers: { cookie: alice.cookie }, payload: { name: 'x', scopes: ['read'] } });
    expectError(viaCookie, 403, 'FORBIDDEN');
  });
});
