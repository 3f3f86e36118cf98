// GET /api/me and GET /api/{user_id}/me: the seed's authentication check. Every credential the
// task API accepts works here; the guard is the task routes' (401 that says why, 403, 400).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { signUp, type TestUser } from '../helpers/users.js';
import { expectError, expectUnauthorized } from '../helpers/expect-error.js';

const ORIGIN = 'http://localhost:3000';

let t: AppWithUsers;
let ada: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await appWithUsers([{ name: 'Ada Lovelace' }, { name: 'Bob' }], { BETTER_AUTH_URL: ORIGIN });
  [ada, bob] = t.users as [TestUser, TestUser];
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string>) => t.app.inject({ url, headers });

describe('GET /api/me', () => {
  it.each([
    ['a JWT', () => ({ authorization: `Bearer ${ada.jwt}` })],
    ['the session token', () => ({ authorization: `Bearer ${ada.sessionToken}` })],
    ['the session cookie', () => ({ cookie: ada.cookie })],
  ])('with %s → 200 {user_id, email, name} of the caller', async (_, headers) => {
    const res = await get('/api/me', headers());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ user_id: ada.id, email: ada.email, name: 'Ada Lovelace' });
  });

  it('each user sees only themselves', async () => {
    expect((await get('/api/me', { authorization: `Bearer ${bob.jwt}` })).json()).toEqual({ user_id: bob.id, email: bob.email, name: 'Bob' });
  });

  it('without credentials, or with a bad token → 401 with a challenge', async () => {
    expectUnauthorized(await get('/api/me', {}));
    expectUnauthorized(await get('/api/me', { authorization: 'Bearer not-a-session' }));
  });

  it('unknown query parameters → 400', async () => {
    expectError(await get('/api/me?x=1', { authorization: `Bearer ${ada.jwt}` }), 400, 'VALIDATION_ERROR');
  });
});

describe('GET /api/{user_id}/me', () => {
  it('own id (any case) or "me" → 200', async () => {
    for (const segment of [ada.id, ada.id.toUpperCase(), 'me']) {
      const res = await get(`/api/${segment}/me`, { authorization: `Bearer ${ada.jwt}` });
      expect(res.statusCode, segment).toBe(200);
      expect(res.json().user_id).toBe(ada.id);
    }
  });

  it('another user\'s id → 403; not a UUID → 400; no credentials → 401 first', async () => {
    expectError(await get(`/api/${bob.id}/me`, { authorization: `Bearer ${ada.jwt}` }), 403, 'FORBIDDEN');
    expectError(await get('/api/not-a-uuid/me', { authorization: `Bearer ${ada.jwt}` }), 400, 'VALIDATION_ERROR');
    expectUnauthorized(await get(`/api/${bob.id}/me`, {}));
  });
});

it('a JWT that outlives its deleted account → 401, not a 404 or 500', async () => {
  const doomed = await signUp(t.app);
  const deleted = await t.app.inject({ method: 'POST', url: '/api/auth/delete-user', headers: { authorization: `Bearer ${doomed.sessionToken}` }, payload: { password: doomed.password } });
  expect(deleted.statusCode, deleted.body).toBe(200);
  const res = await get('/api/me', { authorization: `Bearer ${doomed.jwt}` });
  expectUnauthorized(res);
  expect(res.json().detail).toMatch(/no longer exists/);
});

it('is in the OpenAPI document, with the Me schema', async () => {
  const doc = (await t.app.inject('/openapi.json')).json();
  expect(doc.paths['/api/me'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Me' });
  expect(doc.paths['/api/{user_id}/me'].get.responses).toHaveProperty('403');
  expect(doc.components.schemas.Me.required).toEqual(['user_id', 'email', 'name']);
});
