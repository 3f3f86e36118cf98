// Property-based fuzzing (fast-check) of every route through app.inject: random methods, paths
// (known routes, /api/<random>/tasks/<random>, auth routes, nonsense), query strings, headers,
// content types and bodies (random bytes, deep JSON, huge strings, wrong types, __proto__ keys).
// For every request: never a 5xx; a 4xx has the contract's shape (outside Better Auth's
// /api/auth/*, which keeps its own); nothing internal leaks; a rejected request leaves the user's
// tasks exactly as they were; Object.prototype stays clean. On the suite's database.
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import { fuzzRequest, JSON_CONTENT_TYPES, REFUSED_CONTENT_TYPES, type Fixture } from './fuzz.arbitraries.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const CODES = ['VALIDATION_ERROR', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'METHOD_NOT_ALLOWED', 'PRECONDITION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'REQUEST_TIMEOUT', 'RATE_LIMITED'];
/** Methods whose body Fastify parses (GET and HEAD bodies are never read). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const LEAKS = /stack|\bat [\w.<>]+ \(|\.(ts|js):\d+|select .* from|insert into|drizzle|DrizzleQueryError|node_modules/i;

let t: AppWithUsers;
let user: TestUser;
let other: TestUser;
let fixture: Fixture;
beforeAll(async () => {
  t = await appWithUsers(2);
  [user, other] = t.users as [TestUser, TestUser];
  const ids: string[] = [];
  for (const title of ['one', 'two', 'three']) ids.push((await as(t.app, user).post('/api/me/tasks', { title, tags: ['x'] })).json().id as string);
  const theirs = (await as(t.app, other).post('/api/me/tasks', { title: 'theirs' })).json().id as string;
  const inbox = (await as(t.app, user).get('/api/me/lists')).json().items[0].id as string;
  const own = (await as(t.app, user).post('/api/me/lists', { name: 'own' })).json().id as string;
  const otherList = (await as(t.app, other).post('/api/me/lists', { name: 'theirs' })).json().id as string;
  fixture = { user, other, taskIds: ids, otherTaskId: theirs, listIds: [inbox, own], otherListId: otherList };
});
afterAll(() => t?.close());

/** The user's tasks and lists as the API shows them (compared as text). */
async function snapshot(): Promise<string> {
  const res = await as(t.app, user).get('/api/me/tasks?limit=1000');
  expect(res.statusCode).toBe(200);
  const lists = await as(t.app, user).get('/api/me/lists');
  expect(lists.statusCode).toBe(200);
  return JSON.stringify({ tasks: res.json(), lists: lists.json() });
}

/** A lucky DELETE removes a fixture task: replace it, so later requests still find three. */
async function keepThreeTasks(current: string): Promise<string> {
  const parsed = JSON.parse(current) as { tasks: { items: Array<{ id: string }> }; lists: { items: Array<{ id: string }> } };
  const items = parsed.tasks.items;
  const listsThere = fixture.listIds.every((id) => parsed.lists.items.some((list) => list.id === id));
  if (listsThere && items.length >= 3 && fixture.taskIds.every((id) => items.some((task) => task.id === id))) return current;
  if (!listsThere) fixture.listIds = [fixture.listIds[0]!, (await as(t.app, user).post('/api/me/lists', { name: 'own again' })).json().id as string];
  for (let i = items.length; i < 3; i++) await as(t.app, user).post('/api/me/tasks', { title: `replacement ${i}` });
  const fresh = await snapshot();
  fixture.taskIds = (JSON.parse(fresh) as { tasks: { items: Array<{ id: string }> } }).tasks.items.slice(0, 3).map((task) => task.id);
  return fresh;
}

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');

describe(`fuzzing every route (${RUNS} requests a property)`, () => {
  it('never a 5xx, always the error shape, rejected requests change nothing', async () => {
    const cleanPrototype = prototypeKeys();
    let before = await snapshot();
    let delivered = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fuzzRequest(fixture), async (req) => {
        let res;
        try {
          res = await t.app.inject(req as InjectOptions);
        } catch {
          return; // light-my-request refused to build the request: nothing reached the server
        }
        delivered += 1;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const where = `${req.method} ${req.url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, where).toBeLessThan(500);
        expect(res.body, where).not.toMatch(LEAKS);
        const isAuthRoute = req.url.startsWith('/api/auth/');
        if (res.statusCode >= 400 && !isAuthRoute && req.method !== 'HEAD') {
          const body = JSON.parse(res.body) as Record<string, unknown>;
          expect(CODES, where).toContain(body.error_code);
          expect(typeof body.detail, where).toBe('string');
          expect(body.request_id, where).toBe(res.headers['x-request-id']);
        }
        // Media types: a JSON one is never refused as such; any other is, wherever a body is
        // parsed (a request refused earlier, e.g. 401 before parsing, is not a 2xx or a 422 either).
        const contentType = req.headers['content-type'];
        if (contentType !== undefined && JSON_CONTENT_TYPES.includes(contentType)) expect(res.statusCode, where).not.toBe(415);
        if (contentType !== undefined && REFUSED_CONTENT_TYPES.includes(contentType) && BODY_METHODS.has(req.method)) {
          expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, where).not.toBe(422);
        }
        const after = await snapshot();
        if (res.statusCode >= 400) expect(after, where).toBe(before);
        before = await keepThreeTasks(after);
        expect(prototypeKeys()).toBe(cleanPrototype);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    // Most generated requests must actually reach the app, and reach it in many ways.
    expect(delivered).toBeGreaterThan(RUNS * 0.9);
    expect(statuses.size).toBeGreaterThanOrEqual(6);
  }, 300_000);
});
