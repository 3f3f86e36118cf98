// fast-check arbitraries for the route fuzzer: whole hostile requests (method, path, query,
// headers, body). Header values are limited to what Node's HTTP parser lets through from a real
// socket (tab, printable ASCII, latin-1), since app.inject skips that parser.
import fc from 'fast-check';
import type { TestUser } from '../helpers/users.js';

export interface Fixture {
  user: TestUser;
  other: TestUser;
  /** The user's tasks (kept at three by the test). */
  taskIds: string[];
  otherTaskId: string;
  /** The user's Inbox and one list of their own (the test remakes it when a DELETE lands). */
  listIds: string[];
  otherListId: string;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

// encodeURIComponent throws on an unpaired surrogate; those go in as U+FFFD.
const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/gu, '\ufffd'));

const DEEP_OBJECT = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
const DEEP_ARRAY = '['.repeat(10_000) + ']'.repeat(10_000);

const SPECIAL_TEXT = [
  '', ' ', '\t', 'null', 'undefined', 'NaN', '-1', '0', '1e309', 'High', 'low', 'MEDIUM', 'me', '__proto__', 'constructor', 'prototype',
  "'; drop table tasks; --", "' or '1'='1", '%00', '\u0000', '\ud800', '😀', 'a,b', '2026-01-24T10:30:00.000Z', '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z', '9999-12-31T23:59:60Z', '"v1"', '*', 'a'.repeat(256), 'b'.repeat(2001), 'c'.repeat(20_000),
];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_TEXT) },
);

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: text },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 25 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Mostly valid values, so requests get past parsing into validation, the service and SQL. */
const mostly = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: valid as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: anyValue });
const validishTask = fc.record(
  {
    title: mostly(fc.string({ minLength: 1, maxLength: 30 })),
    description: mostly(fc.option(fc.string({ maxLength: 60 }), { nil: null })),
    is_completed: mostly(fc.boolean()),
    priority: mostly(fc.constantFrom('High', 'Medium', 'Low', 'high', 'LOW')),
    due_date: mostly(fc.option(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()), { nil: null })),
    tags: mostly(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 6 })),
  },
  { requiredKeys: [] },
);

const taskLike = fc.record(
  { title: anyValue, description: anyValue, is_completed: anyValue, priority: anyValue, due_date: anyValue, tags: anyValue, id: anyValue, version: anyValue, user_id: anyValue },
  { requiredKeys: [] },
);

/** Bodies for /lists and /move: ids mostly real (the user's, another user's), names and colours. */
function treeLike(fixture: Fixture) {
  const id = fc.oneof(
    { weight: 3, arbitrary: fc.nat().map((i) => fixture.taskIds[i % fixture.taskIds.length]!) },
    { weight: 2, arbitrary: fc.nat().map((i) => fixture.listIds[i % fixture.listIds.length]!) },
    { weight: 1, arbitrary: fc.constantFrom(fixture.otherTaskId, fixture.otherListId, '00000000-0000-4000-8000-000000000000', 'ABC', '') },
    { weight: 1, arbitrary: anyValue },
  );
  return fc.record(
    {
      list_id: id, parent_id: fc.oneof(id, fc.constant(null)), after_id: id, before_id: id,
      name: mostly(fc.string({ minLength: 1, maxLength: 30 })), color: mostly(fc.constantFrom('#aabbcc', '#ABCDEF', '#abc', 'red', null)),
    },
    { requiredKeys: [] },
  );
}

const credentialsLike = fc.record({ name: anyValue, email: fc.oneof(fc.emailAddress(), text), password: anyValue, callbackURL: anyValue, rememberMe: anyValue }, { requiredKeys: [] });

const body = (fixture: Fixture): fc.Arbitrary<string | Buffer | undefined> => fc.oneof(
  { weight: 6, arbitrary: validishTask.map((v) => JSON.stringify(v)) },
  { weight: 4, arbitrary: treeLike(fixture).map((v) => JSON.stringify(v)) },
  { weight: 3, arbitrary: taskLike.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: credentialsLike.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      DEEP_OBJECT, DEEP_ARRAY, `{"title":${DEEP_OBJECT}}`, `{"email":${DEEP_ARRAY},"password":"x"}`,
      '{"title":"x","__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"title":"x","tags":[{"__proto__":{"polluted":1}}]}',
      `{"title":"${'x'.repeat(70_000)}"}`, `{"title":"${'y'.repeat(60_000)}"}`, 'null', '[]', '"title"', '1', 'true', '{', '{"title":"a"}{"title":"b"}',
      '\ufeff{"title":"bom"}', '{"title":"a\\u0000"}', '{"title":"\\ud800"}', '{"title":"x","title":"y"}', '{"title":1e999}',
    ),
  },
  { weight: 2, arbitrary: fc.constant(undefined) },
);

const headerValue = fc.string({
  unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

/** Content types whose bodies are parsed as JSON: any case, any parameters, UTF-8 or no charset. */
export const JSON_CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'Application/JSON; Charset=UTF-8', 'application/json;charset="utf-8"', 'APPLICATION/JSON',
  'application/vnd.api+json', 'application/merge-patch+json', 'application/merge-patch+json; charset=utf-8',
];
/** Content types that are refused with 415 wherever a body is parsed. */
export const REFUSED_CONTENT_TYPES = [
  'text/plain', 'text/plain; charset=utf-8', 'text/html', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/octet-stream',
  'application/json; charset=utf-16', 'application/json; charset=latin1', '*/*', 'application/', ';', 'application/json, text/plain',
];

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constantFrom(...JSON_CONTENT_TYPES) },
  { weight: 2, arbitrary: fc.constantFrom(...REFUSED_CONTENT_TYPES) },
  headerValue,
);

function segment(fixture: Fixture): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('me', 'ME', '..', '.', '%00', '%ff', '%', '%2e%2e', '%2F', '%E0%A4%A', 'metrics', 'complete', '__proto__', 'constructor', '%20', 'x'.repeat(201)),
    fc.constantFrom(fixture.user.id, fixture.user.id.toUpperCase(), fixture.other.id, fixture.otherTaskId, ...fixture.taskIds),
    fc.tuple(fc.uuid(), fc.boolean()).map(([u, upper]) => (upper ? u.toUpperCase() : u)),
    fc.string({ maxLength: 30 }).map(enc),
    fc.string({ unit: 'binary', maxLength: 20 }).map(enc),
    fc.string({ maxLength: 12 }),
  );
}

function path(fixture: Fixture): fc.Arbitrary<string> {
  const taskId = fc.nat().map((i) => fixture.taskIds[i % fixture.taskIds.length]!);
  const seg = segment(fixture);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('/api/me/tasks', '/api/me/tasks/metrics', `/api/${fixture.user.id}/tasks`, `/api/${fixture.other.id}/tasks`, `/api/me/tasks/${fixture.otherTaskId}`) },
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom('me', fixture.user.id, fixture.user.id.toUpperCase(), fixture.other.id), taskId, fc.constantFrom('', '/complete')).map(([u, id, tail]) => `/api/${u}/tasks/${id}${tail}`) },
    { weight: 3, arbitrary: fc.tuple(seg, seg).map(([u, id]) => `/api/${u}/tasks/${id}`) },
    { weight: 1, arbitrary: fc.tuple(seg, seg).map(([u, id]) => `/api/${u}/tasks/${id}/complete`) },
    { weight: 1, arbitrary: seg.map((u) => `/api/${u}/tasks`) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constantFrom('sign-in/email', 'sign-up/email', 'get-session', 'token', 'jwks', 'sign-out', 'ok', 'error', 'list-sessions', 'update-user', 'change-password', 'revoke-sessions', 'delete-user'),
        seg,
      ).map((p) => `/api/auth/${p}`),
    },
    { weight: 1, arbitrary: fc.constantFrom('/health', '/ready', '/openapi.json', '/docs', '/docs/json', '/', '/index.html', '/favicon.ico', '/api', '/api/') },
    { weight: 1, arbitrary: fc.array(seg, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`) },
  );
}

/** A real route with its own method, the user named in any accepted way, mostly real task ids. */
function route(fixture: Fixture): fc.Arbitrary<{ method: string; path: string }> {
  const owner = fc.constantFrom('me', fixture.user.id, fixture.user.id.toUpperCase());
  const taskId = fc.oneof(
    { weight: 6, arbitrary: fc.nat().map((i) => fixture.taskIds[i % fixture.taskIds.length]!) },
    { weight: 1, arbitrary: fc.constantFrom(fixture.otherTaskId, '00000000-0000-4000-8000-000000000000') },
  );
  const listId = fc.oneof(
    { weight: 6, arbitrary: fc.nat().map((i) => fixture.listIds[i % fixture.listIds.length]!) },
    { weight: 1, arbitrary: fc.constantFrom(fixture.otherListId, fixture.taskIds[0]!) },
  );
  return fc.oneof(
    fc.tuple(fc.constantFrom('GET', 'POST'), owner).map(([method, u]) => ({ method, path: `/api/${u}/tasks` })),
    owner.map((u) => ({ method: 'GET', path: `/api/${u}/tasks/metrics` })),
    fc.tuple(fc.constantFrom('GET', 'PUT', 'PATCH', 'PATCH', 'DELETE'), owner, taskId).map(([method, u, id]) => ({ method, path: `/api/${u}/tasks/${id}` })),
    fc.tuple(owner, taskId).map(([u, id]) => ({ method: 'PATCH', path: `/api/${u}/tasks/${id}/complete` })),
    fc.tuple(owner, taskId).map(([u, id]) => ({ method: 'POST', path: `/api/${u}/tasks/${id}/move` })),
    fc.tuple(fc.constantFrom('GET', 'POST'), owner).map(([method, u]) => ({ method, path: `/api/${u}/lists` })),
    fc.tuple(fc.constantFrom('GET', 'PATCH', 'PATCH', 'DELETE'), owner, listId).map(([method, u, id]) => ({ method, path: `/api/${u}/lists/${id}` })),
  );
}

const queryKey = fc.oneof(
  fc.constantFrom('status', 'priority', 'tag', 'q', 'due_before', 'due_after', 'overdue', 'sort', 'limit', 'cursor', 'list_id', 'parent_id', '__proto__', 'constructor', 'tag[]', 'a[b]'),
  fc.string({ maxLength: 10 }),
);
const queryValue = fc.oneof(
  fc.constantFrom('all', 'pending', 'completed', 'High', 'low', '-created_at', 'title', '-priority', 'due_date', 'position', '-position', 'none', 'NONE', '00000000-0000-4000-8000-000000000000', 'true', 'false', '0', '1', '1000', '1001', '-1', '1.5', '1e3'),
  text,
  fc.integer().map(String),
);
const query = fc
  .array(fc.tuple(queryKey, queryValue, fc.boolean()), { maxLength: 8 })
  .map((pairs) => pairs.map(([k, v, raw]) => (raw ? `${k}=${v}` : `${enc(k)}=${enc(v)}`)).join('&'));

function authorization(fixture: Fixture): fc.Arbitrary<string | undefined> {
  const { user, other } = fixture;
  return fc.oneof(
    { weight: 10, arbitrary: fc.constant(`Bearer ${user.jwt}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${user.sessionToken}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${other.jwt}`) },
    { weight: 1, arbitrary: fc.constantFrom(`Bearer ${user.jwt.slice(0, -4)}AAAA`, `Bearer ${user.jwt.split('.').slice(0, 2).join('.')}.`, 'Bearer', 'Basic dXNlcjpwYXNz', `bearer  ${user.jwt}`) },
    { weight: 1, arbitrary: headerValue.map((v) => `Bearer ${v}`) },
    { weight: 2, arbitrary: fc.constant(undefined) },
  );
}

function headers(fixture: Fixture): fc.Arbitrary<Record<string, string>> {
  /** Present in about one request of `every`. */
  const optional = <T>(arb: fc.Arbitrary<T>, every = 2) => fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
  return fc
    .record({
      authorization: authorization(fixture),
      'content-type': fc.option(contentType, { nil: undefined, freq: 8 }),
      'if-match': optional(fc.oneof(fc.constantFrom('"v1"', 'W/"v1"', '*', '"v2", "v1"', '"v99999999999999999999"', '"v-1"', ''), headerValue)),
      'if-none-match': optional(fc.oneof(fc.constantFrom('"v1"', '*', 'W/"v2"'), headerValue)),
      cookie: optional(fc.oneof(fc.constant(fixture.user.cookie), headerValue.map((v) => `better-auth.session_token=${v}`), headerValue)),
      origin: optional(fc.constantFrom('http://evil.example', 'null', 'http://localhost:3000'), 4),
      'x-request-id': optional(headerValue),
      'content-length': optional(fc.constantFrom('0', '1', '999999', '-1', 'abc'), 10),
      accept: optional(fc.oneof(fc.constantFrom('application/json', 'text/html', '*/*'), headerValue)),
      'accept-encoding': optional(fc.constantFrom('gzip', 'br', 'identity', 'x')),
      'content-encoding': optional(fc.constantFrom('gzip', 'br', 'identity', 'x'), 10),
    }, { requiredKeys: [] })
    .chain((known) => fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), headerValue, { maxKeys: 3 }).map((extra) => ({ ...extra, ...known })))
    .map((h) => Object.fromEntries(Object.entries(h).filter((entry): entry is [string, string] => entry[1] !== undefined)));
}

export function fuzzRequest(fixture: Fixture): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      target: fc.oneof(
        { weight: 3, arbitrary: route(fixture) },
        {
          weight: 2,
          arbitrary: fc.record({
            method: fc.oneof(
              { weight: 8, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE') },
              { weight: 1, arbitrary: fc.constantFrom('HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'SEARCH', 'QUERY') },
            ),
            path: path(fixture),
          }),
        },
      ),
      query: fc.option(query, { nil: undefined }),
      headers: headers(fixture),
      payload: body(fixture),
    })
    .map(({ target: { method, path: p }, query: q, headers: h, payload }) => {
      const url = q === undefined ? p : `${p}?${q}`;
      // Better Auth's routes never get the user's own credentials: a lucky sign-out or
      // delete-user would end the fixture rather than test anything.
      if (url.startsWith('/api/auth/')) {
        delete h.cookie;
        if (h.authorization?.includes(fixture.user.sessionToken) || h.authorization?.includes(fixture.user.jwt)) h.authorization = `Bearer ${fixture.other.sessionToken}`;
      }
      return { method, url, headers: h, ...(payload === undefined ? {} : { payload }) };
    });
}
