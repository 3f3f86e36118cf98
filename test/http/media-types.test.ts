// Which request bodies are JSON. Any JSON media type (application/json, application/*+json), in
// any case and with parameters, is parsed; a charset other than UTF-8 is refused (RFC 8259: JSON
// is UTF-8); every other body is 415 UNSUPPORTED_MEDIA_TYPE, on the task routes and on Better
// Auth's routes alike. An empty body with a JSON content type stays "no body".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { expectError } from '../helpers/expect-error.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { uniqueEmail, type TestUser } from '../helpers/users.js';

let t: AppWithUsers;
let user: TestUser;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
});
afterAll(() => t.close());

const JSON_TYPES = [
  'application/json; charset=utf-8',
  'application/json; charset=UTF-8',
  'Application/JSON; Charset=UTF-8',
  'application/json;charset="utf-8"',
  'application/json; charset=utf-8; foo=bar',
  'application/merge-patch+json; charset=utf-8',
];
const NOT_UTF8 = ['application/json; charset=latin1', 'application/json; charset=utf-16', 'APPLICATION/JSON; CHARSET=ISO-8859-1', 'application/json; charset="us-ascii"'];
const NOT_JSON = ['text/plain', 'text/plain; charset=utf-8', 'text/html', 'application/octet-stream', 'application/x-www-form-urlencoded', '*/*', 'application/jsonx', 'application/json, text/plain'];

function send(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, contentType: string, payload: string, credentials = true) {
  return t.app.inject({ method, url, payload, headers: { 'content-type': contentType, ...(credentials ? { authorization: `Bearer ${user.jwt}` } : {}) } });
}

function expectUnsupported(res: LightMyRequestResponse, what: string) {
  expect(res.statusCode, `${what}: ${res.body}`).toBe(415);
  expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
}

async function createTask(): Promise<string> {
  const res = await send('POST', '/api/me/tasks', 'application/json', '{"title":"media"}');
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

describe('JSON media types with parameters', () => {
  it.each(JSON_TYPES)('%j is parsed on every task route that takes a body', async (contentType) => {
    const created = await send('POST', '/api/me/tasks', contentType, '{"title":"with a charset","priority":"high"}');
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const put = await send('PUT', `/api/me/tasks/${id}`, contentType, '{"title":"put","description":null,"is_completed":false}');
    expect(put.statusCode, put.body).toBe(200);
    const patch = await send('PATCH', `/api/me/tasks/${id}`, contentType, '{"title":"patched"}');
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json().title).toBe('patched');
    // Bodiless routes: an empty body with the same content type is still "no body".
    expect((await send('PATCH', `/api/me/tasks/${id}/complete`, contentType, '')).statusCode).toBe(200);
    expect((await send('DELETE', `/api/me/tasks/${id}`, contentType, '')).statusCode).toBe(204);
  });

  // Better Auth itself takes application/json only: the mount hands it the body as that.
  it.each(JSON_TYPES)('%j works on Better Auth\'s routes (sign-up, sign-in, sign-out)', async (contentType) => {
    const email = uniqueEmail('media');
    const signedUp = await send('POST', '/api/auth/sign-up/email', contentType, JSON.stringify({ name: 'Media', email, password: 'correct horse battery' }), false);
    expect(signedUp.statusCode, signedUp.body).toBe(200);
    const signedIn = await send('POST', '/api/auth/sign-in/email', contentType, JSON.stringify({ email, password: 'correct horse battery' }), false);
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const token = signedIn.json().token as string;
    const signedOut = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', payload: '', headers: { 'content-type': contentType, authorization: `Bearer ${token}` } });
    expect(signedOut.statusCode, signedOut.body).toBe(200);
  });

  it.each(NOT_UTF8)('%j (not UTF-8) → 415 on task routes and on Better Auth\'s', async (contentType) => {
    const id = await createTask();
    expectUnsupported(await send('POST', '/api/me/tasks', contentType, '{"title":"x"}'), `POST ${contentType}`);
    expectUnsupported(await send('PATCH', `/api/me/tasks/${id}`, contentType, '{"title":"x"}'), `PATCH ${contentType}`);
    expectUnsupported(await send('PATCH', `/api/me/tasks/${id}/complete`, contentType, ''), `complete ${contentType}`);
    const email = uniqueEmail('latin');
    expectUnsupported(await send('POST', '/api/auth/sign-up/email', contentType, JSON.stringify({ name: 'L', email, password: 'correct horse battery' }), false), `sign-up ${contentType}`);
    // Refused before anything ran: the task is as it was, the account was not created.
    const signIn = await send('POST', '/api/auth/sign-in/email', 'application/json', JSON.stringify({ email, password: 'correct horse battery' }), false);
    expect(signIn.statusCode).toBe(401);
    const task = await t.app.inject({ url: `/api/me/tasks/${id}`, headers: { authorization: `Bearer ${user.jwt}` } });
    expect(task.json()).toMatchObject({ title: 'media', is_completed: false, version: 1 });
  });
});

describe('bodies that are not JSON → 415', () => {
  it.each(NOT_JSON)('%j on every task route that takes a body, and on Better Auth\'s', async (contentType) => {
    const id = await createTask();
    const json = '{"title":"looks like JSON"}';
    expectUnsupported(await send('POST', '/api/me/tasks', contentType, json), `POST ${contentType}`);
    expectUnsupported(await send('PUT', `/api/me/tasks/${id}`, contentType, '{"title":"x","description":null,"is_completed":true}'), `PUT ${contentType}`);
    expectUnsupported(await send('PATCH', `/api/me/tasks/${id}`, contentType, json), `PATCH ${contentType}`);
    expectUnsupported(await send('PATCH', `/api/me/tasks/${id}/complete`, contentType, 'x'), `complete ${contentType}`);
    expectUnsupported(await send('DELETE', `/api/me/tasks/${id}`, contentType, 'x'), `DELETE ${contentType}`);
    expectUnsupported(await send('POST', '/api/auth/sign-in/email', contentType, JSON.stringify({ email: user.email, password: user.password }), false), `sign-in ${contentType}`);
    const task = await t.app.inject({ url: `/api/me/tasks/${id}`, headers: { authorization: `Bearer ${user.jwt}` } });
    expect(task.json()).toMatchObject({ title: 'media', is_completed: false, version: 1 });
  });

  it('an empty text/plain body on a bodiless route is still not JSON → 415', async () => {
    const id = await createTask();
    expectUnsupported(await send('DELETE', `/api/me/tasks/${id}`, 'text/plain', ''), 'DELETE text/plain');
    expect((await t.app.inject({ url: `/api/me/tasks/${id}`, headers: { authorization: `Bearer ${user.jwt}` } })).statusCode).toBe(200);
  });

  it('no body and no content type is fine where no body is expected', async () => {
    const id = await createTask();
    const bare = await t.app.inject({ method: 'PATCH', url: `/api/me/tasks/${id}/complete`, headers: { authorization: `Bearer ${user.jwt}` } });
    expect(bare.statusCode, bare.body).toBe(200);
  });
});
