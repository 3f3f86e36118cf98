// Hostile input, fixed cases: SQL injection in every field and filter, bytes that are not UTF-8,
// NUL characters, unpaired surrogates, deep nesting, huge bodies, a thousand query parameters,
// very long URLs and headers. Never a 5xx, always the contract's error shape, and the user's
// tasks unchanged by every rejected request. Runs on the suite's database (PGlite or PostgreSQL).
import net from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../helpers/expect-error.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';

let t: AppWithUsers;
let user: TestUser;
let taskId: string;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
  const created = await as(t.app, user).post('/api/me/tasks', { title: 'keep me', tags: ['a'] });
  taskId = created.json().id as string;
});
afterAll(() => t?.close());

const snapshot = async () => (await as(t.app, user).get('/api/me/tasks?limit=1000')).body;

const expectRejected = (res: LightMyRequestResponse, status: number | number[], code = 'VALIDATION_ERROR') => expectError(res, status, code);

/** Runs the request and checks it was rejected without touching the user's tasks. */
async function rejectedUnchanged(send: () => Promise<LightMyRequestResponse>, status: number | number[], code?: string) {
  const before = await snapshot();
  const res = await send();
  expectRejected(res, status, code);
  expect(await snapshot()).toBe(before);
  return res;
}

const json = (payload: string | Buffer) => ({ payload, headers: { 'content-type': 'application/json', authorization: `Bearer ${user.jwt}` } });

const INJECTIONS = [
  "'; drop table tasks; --",
  "' or '1'='1",
  "x' union select password from account --",
  '"; delete from "user"; --',
  "1); update tasks set user_id = user_id; --",
  "$$; select pg_sleep(5); $$",
  "\\'; select 1; --",
];

describe('SQL injection is data, never SQL', () => {
  it('in every body field: stored and returned verbatim, or refused with 422', async () => {
    for (const text of INJECTIONS) {
      const res = await as(t.app, user).post('/api/me/tasks', { title: text, description: text, tags: [text.replace(/,/g, '')] });
      expect(res.statusCode, res.body).toBe(201);
      const task = res.json() as { id: string; title: string; description: string };
      expect(task.title).toBe(text.trim());
      expect(task.description).toBe(text);
      const again = await as(t.app, user).get(`/api/me/tasks/${task.id}`);
      expect(again.json().title).toBe(text.trim());
    }
    for (const field of ['priority', 'due_date', 'is_completed']) {
      await rejectedUnchanged(() => as(t.app, user).post('/api/me/tasks', { title: 'x', [field]: INJECTIONS[0] }), 422);
    }
  });

  it('in q, tag, sort, status, priority, cursor and the path', async () => {
    for (const text of INJECTIONS) {
      const enc = encodeURIComponent(text);
      for (const query of [`q=${enc}`, `tag=${enc}`]) {
        const res = await as(t.app, user).get(`/api/me/tasks?${query}`);
        expect(res.statusCode, res.body).toBe(200);
      }
      for (const query of [`sort=${enc}`, `status=${enc}`, `priority=${enc}`, `cursor=${enc}`, `limit=${enc}`, `due_before=${enc}`]) {
        await rejectedUnchanged(() => as(t.app, user).get(`/api/me/tasks?${query}`), 400);
      }
      await rejectedUnchanged(() => as(t.app, user).get(`/api/me/tasks/${enc}`), 400);
      await rejectedUnchanged(() => as(t.app, user).patch(`/api/${enc}/tasks/${taskId}`, { title: 'x' }), 400);
    }
    // Still one table, still the user's task.
    expect((await as(t.app, user).get(`/api/me/tasks/${taskId}`)).json().title).toBe('keep me');
  });
});

describe('text PostgreSQL cannot store, and bytes that are not text', () => {
  it('NUL characters in title, description or tags → 422, in q or tag → 400 (not a 500)', async () => {
    for (const body of [{ title: 'a\u0000b' }, { title: 'ok', description: 'x\u0000' }, { title: 'ok', tags: ['t\u0000'] }]) {
      await rejectedUnchanged(() => as(t.app, user).post('/api/me/tasks', body), 422);
      await rejectedUnchanged(() => as(t.app, user).patch(`/api/me/tasks/${taskId}`, body), 422);
    }
    await rejectedUnchanged(() => as(t.app, user).get('/api/me/tasks?q=a%00b'), 400);
    await rejectedUnchanged(() => as(t.app, user).get('/api/me/tasks?tag=a%00b'), 400);
  });

  it('an unpaired surrogate (JSON "\\ud800") → 422, not stored as U+FFFD', async () => {
    await rejectedUnchanged(() => t.app.inject({ method: 'POST', url: '/api/me/tasks', ...json('{"title":"a\\ud800b"}') }), 422);
    // A proper pair (an emoji) is text like any other.
    const emoji = await t.app.inject({ method: 'POST', url: '/api/me/tasks', ...json('{"title":"ok \\ud83d\\ude00"}') });
    expect(emoji.statusCode).toBe(201);
    expect(emoji.json().title).toBe('ok 😀');
  });

  it('bytes that are not UTF-8 in a JSON body → 400', async () => {
    const bad = Buffer.concat([Buffer.from('{"title":"a'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')]);
    await rejectedUnchanged(() => t.app.inject({ method: 'POST', url: '/api/me/tasks', ...json(bad) }), 400);
    await rejectedUnchanged(() => t.app.inject({ method: 'PUT', url: `/api/me/tasks/${taskId}`, ...json(bad) }), 400);
  });
});

describe('structure and size', () => {
  const deepObject = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
  const deepArray = '['.repeat(10_000) + ']'.repeat(10_000);

  it('10 000 levels of nesting → 4xx on task routes and on Better Auth routes', async () => {
    for (const payload of [deepObject, deepArray, `{"title":${deepObject}}`]) {
      await rejectedUnchanged(() => t.app.inject({ method: 'POST', url: '/api/me/tasks', ...json(payload) }), [400, 422]);
      await rejectedUnchanged(() => t.app.inject({ method: 'PATCH', url: `/api/me/tasks/${taskId}`, ...json(payload) }), [400, 422]);
      for (const url of ['/api/auth/sign-in/email', '/api/auth/sign-up/email']) {
        const res = await t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });
        expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, res.body).toBeLessThan(500);
      }
    }
  });

  it('prototype-pollution keys → 400, nothing polluted', async () => {
    for (const payload of ['{"title":"x","__proto__":{"polluted":1}}', '{"title":"x","constructor":{"prototype":{"polluted":1}}}', '{"tags":[{"__proto__":{"polluted":1}}],"title":"x"}']) {
      await rejectedUnchanged(() => t.app.inject({ method: 'POST', url: '/api/me/tasks', ...json(payload) }), 400);
      const auth = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload, headers: { 'content-type': 'application/json' } });
      expect(auth.statusCode).toBe(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('wrong types everywhere → 422 naming the fields', async () => {
    const res = await rejectedUnchanged(
      () => as(t.app, user).post('/api/me/tasks', { title: ['x'], description: 5, is_completed: 'yes', priority: {}, due_date: 17, tags: 'a' }),
      422,
    );
    const fields = (res.json().field_errors as Array<{ field: string }>).map((e) => e.field).sort();
    expect(fields).toEqual(['description', 'due_date', 'is_completed', 'priority', 'tags', 'title']);
  });

  it('a 10 MB body → 413, a 60 KB title → 422', async () => {
    await rejectedUnchanged(() => t.app.inject({ method: 'POST', url: '/api/me/tasks', ...json(JSON.stringify({ title: 'x'.repeat(10 * 1024 * 1024) })) }), 413, 'PAYLOAD_TOO_LARGE');
    await rejectedUnchanged(() => as(t.app, user).post('/api/me/tasks', { title: 'x'.repeat(60_000) }), 422);
  });

  it('1000 query parameters → 400', async () => {
    const unknown = Array.from({ length: 1000 }, (_, i) => `p${i}=1`).join('&');
    await rejectedUnchanged(() => as(t.app, user).get(`/api/me/tasks?${unknown}`), 400);
    const repeated = Array.from({ length: 1000 }, (_, i) => `tag=t${i}`).join('&');
    await rejectedUnchanged(() => as(t.app, user).get(`/api/me/tasks?${repeated}`), 400);
  });

  it('a 100 KB path segment or query → 4xx in the contract shape', async () => {
    await rejectedUnchanged(() => as(t.app, user).get(`/api/me/tasks/${'a'.repeat(100_000)}`), 400);
    await rejectedUnchanged(() => as(t.app, user).get(`/api/${'a'.repeat(100_000)}/tasks`), 400);
    await rejectedUnchanged(() => as(t.app, user).get(`/api/me/tasks?q=${'a'.repeat(100_000)}`), 400);
    await rejectedUnchanged(() => as(t.app, user).get('/api/me/tasks/%E0%A4%A'), 400);
  });
});

describe('over a real socket (Node\'s HTTP parser in front)', () => {
  async function raw(port: number, text: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let received = '';
      socket.setTimeout(10_000, () => socket.destroy(new Error('no answer')));
      socket.on('data', (chunk) => (received += chunk.toString('latin1')));
      socket.on('close', () => resolve(received));
      socket.on('error', (error) => (received ? resolve(received) : reject(error)));
      socket.end(text);
    });
  }

  it('a 100 KB URL and a 100 KB header → 431/414/400, and the server keeps serving', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as net.AddressInfo).port;
    const longUrl = await raw(port, `GET /api/me/tasks?q=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(longUrl).toMatch(/^HTTP\/1\.1 (431|414|400) /);
    const longHeader = await raw(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(100_000)}\r\nConnection: close\r\n\r\n`);
    expect(longHeader).toMatch(/^HTTP\/1\.1 (431|400) /);
    const nul = await raw(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\nConnection: close\r\n\r\n`);
    expect(nul).toMatch(/^HTTP\/1\.1 400 /);
    const health = await raw(port, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(health).toMatch(/^HTTP\/1\.1 200 /);
  });
});
