// The service's skeleton: health, readiness, and the one error shape for everything Fastify
// itself rejects (unknown route, bad JSON, wrong media type, oversized body).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { expectError } from '../helpers/expect-error.js';

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
});
afterAll(() => t.close());

describe('service endpoints', () => {
  it('GET /health answers ok', async () => {
    const res = await t.app.inject('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /ready answers 200 while the database answers', async () => {
    const res = await t.app.inject('/ready');
    expect(res.statusCode).toBe(200);
  });

  it('every response carries a request id, and a sane client id is kept', async () => {
    const generated = await t.app.inject('/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await t.app.inject({ url: '/health', headers: { 'x-request-id': 'trace-abc.123' } });
    expect(given.headers['x-request-id']).toBe('trace-abc.123');
    const hostile = await t.app.inject({ url: '/health', headers: { 'x-request-id': 'bad id with spaces <script>' } });
    expect(hostile.headers['x-request-id']).not.toContain('script');
  });
});

describe('errors share the contract shape', () => {
  it('unknown route → 404 NOT_FOUND', async () => {
    const res = await t.app.inject('/nope');
    expectError(res, 404, 'NOT_FOUND');
  });

  it('malformed JSON → 400 VALIDATION_ERROR', async () => {
    const res = await as(t.app, user).post('/api/me/tasks', '{"title": ', { 'content-type': 'application/json' });
    expectError(res, 400, 'VALIDATION_ERROR');
  });

  it('prototype-pollution keys → 400, nothing polluted', async () => {
    const res = await as(t.app, user).post('/api/me/tasks', '{"title":"x","__proto__":{"polluted":true}}', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a body that is not JSON → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await as(t.app, user).post('/api/me/tasks', 'title=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body over 64 KiB → 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await as(t.app, user).post('/api/me/tasks', JSON.stringify({ title: 'x', description: 'y'.repeat(70 * 1024) }), { 'content-type': 'application/json' });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an empty body with a JSON content type is accepted where no body is expected', async () => {
    const created = await as(t.app, user).post('/api/me/tasks', { title: 'empty body' });
    const id = created.json().id as string;
    const headers = { 'content-type': 'application/json' };
    expect((await as(t.app, user).get(`/api/me/tasks/${id}`, headers)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/me/tasks/${id}/complete`, headers: { ...headers, authorization: `Bearer ${user.jwt}` }, payload: '' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/me/tasks/${id}`, headers: { ...headers, authorization: `Bearer ${user.jwt}` }, payload: '' })).statusCode).toBe(204);
  });
});
