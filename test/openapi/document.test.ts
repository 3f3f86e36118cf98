// GET /openapi.json: a valid OpenAPI 3.1 document, precise enough that a generated client
// (openapi-typescript + openapi-fetch, see typed-client.test.ts) needs no hand-written fixes:
// the contract's paths and parameter names, required response fields, nullable ones marked,
// enums as enums, optional PATCH fields, 201/204/304 where they happen, the security schemes.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, signUp } from '../helpers/users.js';

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: Json }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: Json }> };
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: Json }> }>;
  security?: Array<Record<string, string[]>>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json & { properties: Record<string, Json>; required?: string[] }>; securitySchemes: Record<string, Json> };
}

let t: AppWithUsers;
let doc: Document;
beforeAll(async () => {
  t = await appWithUsers(0);
  const res = await t.app.inject('/openapi.json');
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  doc = res.json() as Document;
});
afterAll(() => t.close());

const TASK_ROUTES: Record<string, string[]> = {
  '/api/{user_id}/tasks': ['get', 'post'],
  '/api/{user_id}/tasks/metrics': ['get'],
  '/api/{user_id}/tasks/{id}': ['get', 'put', 'patch', 'delete'],
  '/api/{user_id}/tasks/{id}/complete': ['patch'],
  '/api/{user_id}/tasks/{id}/move': ['post'],
};
const op = (path: string, method: string): Operation => doc.paths[path]![method]!;
const taskOperations = () => Object.entries(TASK_ROUTES).flatMap(([path, methods]) => methods.map((m) => [path, m, op(path, m)] as const));
const schemaOf = (o: Operation, status: string) => o.responses[status]?.content?.['application/json']?.schema;
/** A response body that is the named component: a $ref to it, or the same schema inlined. */
const component = (name: string) => ({
  asymmetricMatch: (schema: unknown) => {
    if (isDeepStrictEqual(schema, { $ref: `#/components/schemas/${name}` })) return true;
    const { $id: _id, ...inline } = doc.components.schemas[name] as Json;
    return isDeepStrictEqual(schema, inline);
  },
  toString: () => `the ${name} component`,
});

/** Whether a JSON Schema (3.1 style: anyOf with null, or a type array) admits null. */
function admitsNull(schema: Json): boolean {
  if (schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null'))) return true;
  const branches = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  return branches?.some(admitsNull) ?? false;
}

describe('the document', () => {
  it('validates as OpenAPI 3.1', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('an invalid document is refused by the same validator (the check can fail)', async () => {
    const broken = structuredClone(doc);
    delete (broken.paths['/api/{user_id}/tasks/{id}']!.get!.parameters![0] as Partial<{ in: string }>).in;
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
  });

  it('documents every task route of the contract with {user_id} and {id}, and nothing with :params', () => {
    for (const [path, methods] of Object.entries(TASK_ROUTES)) {
      expect(Object.keys(doc.paths[path] ?? {}).sort(), path).toEqual([...methods].sort());
    }
    expect(Object.keys(doc.paths).filter((p) => p.includes(':'))).toEqual([]);
    for (const [path, method, o] of taskOperations()) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (o.parameters ?? []).filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort(), `${method} ${path}`).toEqual([...inPath].sort());
      expect(declared.every((p) => p.required === true)).toBe(true);
      expect(o.operationId, `${method} ${path}`).toEqual(expect.any(String));
    }
    expect(op('/api/{user_id}/tasks/{id}', 'get').parameters!.find((p) => p.name === 'id')!.schema.format).toBe('uuid');
  });

  it('documents /health and /ready', () => {
    expect(schemaOf(op('/health', 'get'), '200')).toMatchObject({ properties: { status: { type: 'string' } }, required: ['status'] });
    expect(Object.keys(op('/ready', 'get').responses).sort()).toEqual(['200', '503']);
  });

  it('has the security schemes, and every task operation requires one of them', () => {
    const schemes = doc.components.securitySchemes;
    expect(Object.values(schemes)).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      expect.objectContaining({ type: 'apiKey', in: 'cookie' }),
    ]));
    for (const [path, method, o] of taskOperations()) {
      expect(o.security?.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const requirement of o.security!) for (const name of Object.keys(requirement)) expect(schemes[name], name).toBeDefined();
    }
  });
});

describe('response bodies: every field required, nullable ones marked', () => {
  const NULLABLE: Record<string, string[]> = {
    Task: ['description', 'due_date', 'completed_at', 'parent_id', 'recurrence', 'last_completed_at'],
    TaskList: ['next_cursor'],
    TaskMetrics: [],
    Error: [],
  };

  it.each(['Task', 'TaskList', 'TaskMetrics'])('%s: required lists every property; exactly the contract\'s fields admit null', (name) => {
    const schema = doc.components.schemas[name]!;
    expect([...(schema.required ?? [])].sort()).toEqual(Object.keys(schema.properties).sort());
    expect(schema.additionalProperties).toBe(false);
    const nullable = Object.entries(schema.properties).filter(([, s]) => admitsNull(s)).map(([k]) => k);
    expect(nullable.sort()).toEqual([...NULLABLE[name]!].sort());
  });

  it('Error: detail, error_code and request_id required; field_errors only where fields are at fault (the contract)', () => {
    const schema = doc.components.schemas.Error!;
    expect(Object.keys(schema.properties).sort()).toEqual(['detail', 'error_code', 'field_errors', 'request_id']);
    expect([...(schema.required ?? [])].sort()).toEqual(['detail', 'error_code', 'request_id']);
    expect(Object.values(schema.properties).some(admitsNull)).toBe(false);
    expect(schema.properties.error_code!.enum).toEqual(expect.arrayContaining([
      'VALIDATION_ERROR', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'PRECONDITION_FAILED', 'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED', 'SERVER_ERROR', 'SERVICE_UNAVAILABLE',
    ]));
  });

  it('the documented Task fields are exactly those a real response carries', async () => {
    const user = await signUp(t.app);
    const created = await as(t.app, user).post('/api/me/tasks', { title: 'documented' });
    expect(Object.keys(created.json() as Json).sort()).toEqual(Object.keys(doc.components.schemas.Task!.properties).sort());
    const list = await as(t.app, user).get('/api/me/tasks');
    expect(Object.keys(list.json() as Json).sort()).toEqual(Object.keys(doc.components.schemas.TaskList!.properties).sort());
    const metrics = await as(t.app, user).get('/api/me/tasks/metrics');
    expect(Object.keys(metrics.json() as Json).sort()).toEqual(Object.keys(doc.components.schemas.TaskMetrics!.properties).sort());
    const missing = await as(t.app, user).get(`/api/me/tasks/${crypto.randomUUID()}`);
    const allowed = Object.keys(doc.components.schemas.Error!.properties);
    expect(Object.keys(missing.json() as Json).every((k) => allowed.includes(k))).toBe(true);
  });
});

describe('enums are enums', () => {
  const stringEnum = (schema: Json | undefined) => ({ type: schema?.type, enum: schema?.enum });
  /** An array of ids: each a UUID (any case), by format or by a pattern that takes exactly those. */
  const expectUuidArray = (schema: Json) => {
    expect(schema).toMatchObject({ type: 'array', items: { type: 'string' } });
    const items = schema.items as Json;
    if (items.format === 'uuid') return;
    const pattern = new RegExp(items.pattern as string);
    expect([crypto.randomUUID(), crypto.randomUUID().toUpperCase()].every((value) => pattern.test(value))).toBe(true);
    expect(['none', '', `${crypto.randomUUID()}0`, crypto.randomUUID().slice(1)].some((value) => pattern.test(value))).toBe(false);
  };

  it('Task.priority', () => {
    expect(stringEnum(doc.components.schemas.Task!.properties.priority)).toEqual({ type: 'string', enum: ['High', 'Medium', 'Low'] });
  });

  it('list parameters: status, sort and priority', () => {
    const params = Object.fromEntries(op('/api/{user_id}/tasks', 'get').parameters!.map((p) => [p.name, p]));
    expect(stringEnum(params.status!.schema)).toEqual({ type: 'string', enum: ['all', 'pending', 'completed'] });
    expect(params.sort!.schema.type).toBe('string');
    expect([...(params.sort!.schema.enum as string[])].sort()).toEqual(
      ['created_at', 'updated_at', 'due_date', 'priority', 'title', 'position'].flatMap((k) => [k, `-${k}`]).sort(),
    );
    expect(params.priority!.schema.type).toBe('array');
    expect(stringEnum(params.priority!.schema.items as Json)).toEqual({ type: 'string', enum: ['High', 'Medium', 'Low'] });
    expect(Object.keys(params).sort()).toEqual([
      'cursor', 'due_after', 'due_before', 'limit', 'list_id', 'overdue', 'parent_id', 'priority', 'q', 'sort', 'status', 'tag', 'user_id',
    ]);
    // list_id may repeat, each a list id; parent_id is a task id or "none".
    expectUuidArray(params.list_id!.schema);
    expect(params.parent_id!.schema.type).toBe('string');
    const parentPattern = new RegExp(params.parent_id!.schema.pattern as string);
    expect(['none', crypto.randomUUID(), crypto.randomUUID().toUpperCase()].every((value) => parentPattern.test(value))).toBe(true);
    expect(['null', 'none-', `${crypto.randomUUID()}x`].some((value) => parentPattern.test(value))).toBe(false);
  });

  it('metrics parameters: list_id, which may repeat', () => {
    const params = Object.fromEntries(op('/api/{user_id}/tasks/metrics', 'get').parameters!.map((p) => [p.name, p]));
    expect(Object.keys(params).sort()).toEqual(['list_id', 'user_id']);
    expectUuidArray(params.list_id!.schema);
  });

  it('request bodies\' priority', () => {
    for (const [path, method] of [['/api/{user_id}/tasks', 'post'], ['/api/{user_id}/tasks/{id}', 'put'], ['/api/{user_id}/tasks/{id}', 'patch']] as const) {
      const body = op(path, method).requestBody!.content['application/json']!.schema as { properties: Record<string, Json> };
      expect(stringEnum(body.properties.priority), `${method} ${path}`).toEqual({ type: 'string', enum: ['High', 'Medium', 'Low'] });
    }
  });
});

describe('request bodies', () => {
  const bodyOf = (path: string, method: string) =>
    op(path, method).requestBody?.content['application/json']?.schema as { properties: Record<string, Json>; required?: string[]; additionalProperties?: boolean } | undefined;
  const FIELDS = ['description', 'due_date', 'is_completed', 'priority', 'recurrence', 'reminders', 'tags', 'time_zone', 'title'];

  it('POST requires only title; PUT requires title, description and is_completed; PATCH requires nothing', () => {
    const post = bodyOf('/api/{user_id}/tasks', 'post')!;
    const put = bodyOf('/api/{user_id}/tasks/{id}', 'put')!;
    const patch = bodyOf('/api/{user_id}/tasks/{id}', 'patch')!;
    // Only a create places the task (list_id, parent_id); PUT and PATCH leave where it is to move.
    expect(Object.keys(post.properties).sort()).toEqual([...FIELDS, 'list_id', 'parent_id'].sort());
    for (const body of [put, patch]) expect(Object.keys(body.properties).sort()).toEqual(FIELDS);
    for (const body of [post, put, patch]) expect(body.additionalProperties).toBe(false);
    expect(post.properties.list_id).toMatchObject({ type: 'string', format: 'uuid' });
    expect(admitsNull(post.properties.list_id!)).toBe(false);
    expect(admitsNull(post.properties.parent_id!)).toBe(true);
    expect(post.required).toEqual(['title']);
    expect([...put.required!].sort()).toEqual(['description', 'is_completed', 'title']);
    expect(patch.required ?? []).toEqual([]);
    for (const field of ['description', 'due_date', 'recurrence']) expect(admitsNull(patch.properties[field]!), field).toBe(true);
    for (const field of ['time_zone', 'reminders']) expect(admitsNull(patch.properties[field]!), field).toBe(false);
  });

  it('move takes list_id, parent_id (null: top-level), after_id and before_id, none of them required', () => {
    const move = bodyOf('/api/{user_id}/tasks/{id}/move', 'post')!;
    expect(Object.keys(move.properties).sort()).toEqual(['after_id', 'before_id', 'list_id', 'parent_id']);
    expect(move.additionalProperties).toBe(false);
    expect(move.required ?? []).toEqual([]);
    expect(Object.entries(move.properties).filter(([, schema]) => admitsNull(schema)).map(([name]) => name)).toEqual(['parent_id']);
  });

  it('/complete, DELETE and the GETs take no body', () => {
    for (const [path, method] of [
      ['/api/{user_id}/tasks/{id}/complete', 'patch'], ['/api/{user_id}/tasks/{id}', 'delete'], ['/api/{user_id}/tasks/{id}', 'get'],
      ['/api/{user_id}/tasks', 'get'], ['/api/{user_id}/tasks/metrics', 'get'],
    ] as const) {
      expect(op(path, method).requestBody, `${method} ${path}`).toBeUndefined();
    }
  });
});

describe('responses', () => {
  const successes = (o: Operation) => Object.keys(o.responses).filter((s) => s < '400').sort();

  it('201 on POST with Location and ETag; 204 on DELETE with no body; 304 on GET one', () => {
    const post = op('/api/{user_id}/tasks', 'post');
    expect(successes(post)).toEqual(['201']);
    expect(schemaOf(post, '201')).toEqual(component('Task'));
    expect(Object.keys(post.responses['201']!.headers ?? {}).map((h) => h.toLowerCase()).sort()).toEqual(['etag', 'location']);

    const del = op('/api/{user_id}/tasks/{id}', 'delete');
    expect(successes(del)).toEqual(['204']);
    expect(del.responses['204']!.content).toBeUndefined();

    const get = op('/api/{user_id}/tasks/{id}', 'get');
    expect(successes(get)).toEqual(['200', '304']);
    expect(get.responses['304']!.content).toBeUndefined();
    expect(schemaOf(get, '200')).toEqual(component('Task'));
    expect(Object.keys(get.responses['200']!.headers ?? {}).map((h) => h.toLowerCase())).toEqual(['etag']);
    expect(get.parameters!.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-none-match')).toBe(true);
  });

  it('200 with the right body everywhere else; writes take If-Match', () => {
    expect(successes(op('/api/{user_id}/tasks', 'get'))).toEqual(['200']);
    expect(schemaOf(op('/api/{user_id}/tasks', 'get'), '200')).toEqual(component('TaskList'));
    expect(schemaOf(op('/api/{user_id}/tasks/metrics', 'get'), '200')).toEqual(component('TaskMetrics'));
    for (const [path, method] of [
      ['/api/{user_id}/tasks/{id}', 'put'], ['/api/{user_id}/tasks/{id}', 'patch'], ['/api/{user_id}/tasks/{id}/complete', 'patch'], ['/api/{user_id}/tasks/{id}/move', 'post'],
    ] as const) {
      expect(successes(op(path, method)), `${method} ${path}`).toEqual(['200']);
      expect(schemaOf(op(path, method), '200')).toEqual(component('Task'));
    }
    for (const [path, method] of [
      ['/api/{user_id}/tasks/{id}', 'put'], ['/api/{user_id}/tasks/{id}', 'patch'], ['/api/{user_id}/tasks/{id}/complete', 'patch'], ['/api/{user_id}/tasks/{id}/move', 'post'],
      ['/api/{user_id}/tasks/{id}', 'delete'],
    ] as const) {
      expect(op(path, method).parameters!.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match'), `${method} ${path}`).toBe(true);
      expect(op(path, method).responses['412'], `${method} ${path}`).toBeDefined();
    }
  });

  it('the contract\'s errors, with the Error body and a description that says when', () => {
    for (const [path, method, o] of taskOperations()) {
      const expected = ['400', '401', '403', '500', '503'];
      if (path.includes('{id}')) expected.push('404');
      if (o.requestBody) expected.push('413', '415', '422');
      for (const status of expected) {
        const response = o.responses[status];
        expect(response, `${method} ${path} ${status}`).toBeDefined();
        expect(schemaOf(o, status)).toEqual(component('Error'));
        expect(response!.description, `${method} ${path} ${status}`).not.toBe('Default Response');
      }
    }
    expect(op('/api/{user_id}/tasks/{id}', 'get').responses['404']!.description).toMatch(/another user/i);
  });

  it('no 429 on task operations: nothing rate-limits them, so a client must not be told to expect it', () => {
    for (const [path, method, o] of taskOperations()) expect(Object.keys(o.responses), `${method} ${path}`).not.toContain('429');
  });

  /** A response's headers, by lower-cased name. */
  const headersOf = (o: Operation, status: string) =>
    Object.fromEntries(Object.entries(o.responses[status]?.headers ?? {}).map(([name, header]) => [name.toLowerCase(), header as { schema?: Json; description?: string }]));

  it('503 documents Retry-After and 401 documents WWW-Authenticate, on every task operation and /ready', () => {
    for (const [path, method, o] of [...taskOperations(), ['/ready', 'get', op('/ready', 'get')] as const]) {
      const retryAfter = headersOf(o, '503')['retry-after'];
      expect(retryAfter, `${method} ${path} 503`).toBeDefined();
      expect(retryAfter!.schema, `${method} ${path} 503`).toMatchObject({ type: 'integer' });
      expect(retryAfter!.description).toEqual(expect.any(String));
      if (path === '/ready') continue;
      const challenge = headersOf(o, '401')['www-authenticate'];
      expect(challenge, `${method} ${path} 401`).toBeDefined();
      expect(challenge!.schema, `${method} ${path} 401`).toMatchObject({ type: 'string' });
    }
  });

  it('the documented 401 header is the one the service sends', async () => {
    const res = await t.app.inject('/api/me/tasks');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="task-service"');
    const documented = headersOf(op('/api/{user_id}/tasks', 'get'), '401')['www-authenticate']!;
    expect(documented.schema).toMatchObject({ type: 'string' });
    expect(documented.description).toContain('Bearer realm="task-service"');
    expect(documented.description).toContain('error="invalid_token"');
  });
});
