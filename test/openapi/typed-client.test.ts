// A client generated from /openapi.json works unchanged: openapi-typescript turns the live
// document into types, a small openapi-fetch client calling every task route is type-checked
// against them under strict options (lines marked @ts-expect-error must still be errors: enums,
// required PUT fields, no body on /complete, unknown fields), and then the same client runs
// against the service listening on a real port, so the types are checked against reality too.
//
// Everything generated goes to a temporary directory (removed afterwards); a node_modules link
// there lets it resolve openapi-fetch from this project.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { type TestUser } from '../helpers/users.js';

const PROJECT_NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules');

// The client: every task route, with the types a caller would write down. Its results are
// returned for the test to check; it throws where openapi-fetch reports an unexpected error.
const CLIENT_SOURCE = String.raw`
import createClient from 'openapi-fetch';
import type { components, paths } from './api.js';

type Task = components['schemas']['Task'];
type Priority = 'High' | 'Medium' | 'Low';

/** Every field is required, and nullable exactly where the contract says. */
interface ExpectedTask {
  id: string; user_id: string; title: string; description: string | null; is_completed: boolean;
  priority: Priority; due_date: string | null; tags: string[]; created_at: string; updated_at: string;
  completed_at: string | null; version: number; list_id: string; parent_id: string | null; position: string;
  recurrence: string | null; time_zone: string; last_completed_at: string | null;
  reminders: ({ id: string; minutes_before_due: number } | { id: string; at: string })[];
}
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const taskIsExact: Exact<Task, ExpectedTask> = true;
const listIsExact: Exact<components['schemas']['TaskList'], { items: Task[]; count: number; next_cursor: string | null }> = true;
const metricsIsExact: Exact<components['schemas']['TaskMetrics'], {
  total: number; completed: number; pending: number; overdue: number; high_priority: number; medium_priority: number; low_priority: number;
}> = true;

function must<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (result.data === undefined) throw new Error(what + ': ' + result.response.status + ' ' + JSON.stringify(result.error));
  return result.data;
}

export async function exercise(baseUrl: string, jwt: string) {
  const client = createClient<paths>({ baseUrl, headers: { Authorization: 'Bearer ' + jwt } });
  const me = { user_id: 'me' };

  const createdResult = await client.POST('/api/{user_id}/tasks', {
    params: { path: me },
    body: { title: '  Typed client  ', priority: 'High', due_date: '2030-05-01T09:00:00.000Z', tags: ['typed', 'client'] },
  });
  const created: ExpectedTask = must(createdResult, 'create');
  const id = created.id;
  const one = { user_id: 'me', id };
  const second: ExpectedTask = must(await client.POST('/api/{user_id}/tasks', { params: { path: me }, body: { title: 'Untyped second', description: null } }), 'create 2');

  const list = must(await client.GET('/api/{user_id}/tasks', {
    params: { path: me, query: { sort: '-priority', status: 'pending', tag: ['typed'], priority: ['High', 'Low'], limit: 10 } },
  }), 'list');
  const firstPage = must(await client.GET('/api/{user_id}/tasks', { params: { path: me, query: { sort: 'title', limit: 1 } } }), 'page 1');
  const cursor: string | null = firstPage.next_cursor;
  const secondPage = must(await client.GET('/api/{user_id}/tasks', {
    params: { path: me, query: cursor === null ? { sort: 'title', limit: 1 } : { sort: 'title', limit: 1, cursor } },
  }), 'page 2');

  const gotResult = await client.GET('/api/{user_id}/tasks/{id}', { params: { path: one } });
  const got: ExpectedTask = must(gotResult, 'get');
  const etag = gotResult.response.headers.get('etag') ?? '';
  const notModified = await client.GET('/api/{user_id}/tasks/{id}', { params: { path: one, header: { 'if-none-match': etag } } });

  const replaced: ExpectedTask = must(await client.PUT('/api/{user_id}/tasks/{id}', {
    params: { path: one, header: { 'if-match': etag } },
    body: { title: 'Replaced', description: 'by PUT', is_completed: false },
  }), 'put');
  const patched: ExpectedTask = must(await client.PATCH('/api/{user_id}/tasks/{id}', {
    params: { path: one }, body: { priority: 'Low', due_date: null },
  }), 'patch');
  const stale = await client.PATCH('/api/{user_id}/tasks/{id}', {
    params: { path: one, header: { 'if-match': etag } }, body: { title: 'never' },
  });
  const completed: ExpectedTask = must(await client.PATCH('/api/{user_id}/tasks/{id}/complete', { params: { path: one } }), 'complete');
  const metrics = must(await client.GET('/api/{user_id}/tasks/metrics', { params: { path: me } }), 'metrics');
  const total: number = metrics.total;

  const moved: ExpectedTask = must(await client.POST('/api/{user_id}/tasks/{id}/move', { params: { path: one }, body: { after_id: second.id } }), 'move');
  const inOrder = must(await client.GET('/api/{user_id}/tasks', {
    params: { path: me, query: { list_id: [created.list_id], parent_id: 'none', sort: 'position' } },
  }), 'manual order');
  const listMetrics = must(await client.GET('/api/{user_id}/tasks/metrics', { params: { path: me, query: { list_id: [created.list_id] } } }), 'list metrics');

  const deleted = await client.DELETE('/api/{user_id}/tasks/{id}', { params: { path: one } });
  const gone = await client.GET('/api/{user_id}/tasks/{id}', { params: { path: one } });
  const goneError: components['schemas']['Error'] | undefined = gone.error;
  const goneCode: string | undefined = goneError?.error_code;

  return {
    exact: [taskIsExact, listIsExact, metricsIsExact],
    created, createdStatus: createdResult.response.status, location: createdResult.response.headers.get('location'),
    list, firstPage, secondPage, got, etag, notModifiedStatus: notModified.response.status,
    replaced, patched, staleStatus: stale.response.status, staleCode: stale.error?.error_code, completed, metrics, total,
    second, moved, inOrder, listMetrics,
    deletedStatus: deleted.response.status, deletedData: deleted.data,
    goneStatus: gone.response.status, goneCode, goneDetail: goneError?.detail,
  };
}

/** Calls the types must refuse; never run. */
export function refused(client: ReturnType<typeof createClient<paths>>, id: string) {
  const one = { user_id: 'me', id };
  // @ts-expect-error priority is an enum
  void client.POST('/api/{user_id}/tasks', { params: { path: { user_id: 'me' } }, body: { title: 'x', priority: 'Urgent' } });
  // @ts-expect-error sort is an enum
  void client.GET('/api/{user_id}/tasks', { params: { path: { user_id: 'me' }, query: { sort: 'newest' } } });
  // @ts-expect-error status is an enum
  void client.GET('/api/{user_id}/tasks', { params: { path: { user_id: 'me' }, query: { status: 'done' } } });
  // @ts-expect-error /complete takes no body
  void client.PATCH('/api/{user_id}/tasks/{id}/complete', { params: { path: one }, body: { is_completed: true } });
  // @ts-expect-error PUT needs title, description and is_completed
  void client.PUT('/api/{user_id}/tasks/{id}', { params: { path: one }, body: { title: 'x' } });
  // openapi-fetch infers the body generically, which skips excess-property checks; a body typed
  // from the document is checked (additionalProperties: false leaves no index signature).
  type PatchBody = NonNullable<paths['/api/{user_id}/tasks/{id}']['patch']['requestBody']>['content']['application/json'];
  const empty: PatchBody = {};
  // @ts-expect-error a misspelt field is not silently accepted
  const misspelt: PatchBody = { titel: 'x' };
  void client.PATCH('/api/{user_id}/tasks/{id}', { params: { path: one }, body: misspelt ?? empty });
  // @ts-expect-error the path parameter is {id}, not {task_id}
  void client.GET('/api/{user_id}/tasks/{id}', { params: { path: { user_id: 'me', task_id: id } } });
  // @ts-expect-error POST needs a title
  void client.POST('/api/{user_id}/tasks', { params: { path: { user_id: 'me' } }, body: { description: 'x' } });
  type MoveBody = NonNullable<paths['/api/{user_id}/tasks/{id}/move']['post']['requestBody']>['content']['application/json'];
  // @ts-expect-error a move places the task; it edits no field
  const retitled: MoveBody = { title: 'x' };
  // @ts-expect-error list_id is an id, not null (only parent_id takes null: top-level)
  const nowhere: MoveBody = { list_id: null };
  void client.POST('/api/{user_id}/tasks/{id}/move', { params: { path: one }, body: retitled ?? nowhere });
}
`;

/** Type-checks files in dir with strict options; returns the diagnostics as text. */
function typeCheck(dir: string, files: string[], emit: boolean): string[] {
  const program = ts.createProgram(files.map((f) => path.join(dir, f)), {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noImplicitReturns: true,
    noUnusedLocals: false,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: [],
    // The generated api.ts is checked; only openapi-fetch's own declarations are trusted.
    skipLibCheck: true,
    outDir: dir,
    noEmit: !emit,
  });
  const diagnostics = [...ts.getPreEmitDiagnostics(program)];
  if (emit) diagnostics.push(...program.emit().diagnostics);
  return diagnostics.map((d) => {
    const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1} ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

let t: AppWithUsers;
let user: TestUser;
let baseUrl: string;
let dir: string;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'typed-client-'));
  fs.symlinkSync(PROJECT_NODE_MODULES, path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  // The document as a client would fetch it: over HTTP, from the running service.
  const document = await (await fetch(`${baseUrl}/openapi.json`)).json();
  fs.writeFileSync(path.join(dir, 'api.ts'), astToString(await openapiTS(document)));
  fs.writeFileSync(path.join(dir, 'client.ts'), CLIENT_SOURCE);
});
afterAll(async () => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  await t.close();
});

describe('a client generated from /openapi.json', () => {
  it('the generated types name every task route', () => {
    const api = fs.readFileSync(path.join(dir, 'api.ts'), 'utf8');
    for (const route of ['/api/{user_id}/tasks', '/api/{user_id}/tasks/metrics', '/api/{user_id}/tasks/{id}', '/api/{user_id}/tasks/{id}/complete', '/api/{user_id}/tasks/{id}/move']) {
      expect(api).toContain(`"${route}": {`);
    }
  });

  it('type-checks under strict options, and what must be refused is refused', () => {
    expect(typeCheck(dir, ['client.ts'], true)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'client.js'))).toBe(true);
  });

  it('the type check is not vacuous: a client that misreads a field fails it', () => {
    fs.writeFileSync(path.join(dir, 'wrong.ts'), [
      "import type { components } from './api.js';",
      "declare const task: components['schemas']['Task'];",
      'export const due: string = task.due_date;', // nullable: must not type-check
      'export const version: string = task.version;',
    ].join('\n'));
    const diagnostics = typeCheck(dir, ['wrong.ts'], false);
    expect(diagnostics).toHaveLength(2);
    expect(diagnostics.join('\n')).toMatch(/null/);
  });

  it('runs against the service and every call does what its types say', async () => {
    const client = (await import(pathToFileURL(path.join(dir, 'client.js')).href)) as { exercise: (baseUrl: string, jwt: string) => Promise<Record<string, unknown>> };
    const r = await client.exercise(baseUrl, user.jwt);
    const task = (value: unknown) => value as Record<string, unknown>;

    expect(r.exact).toEqual([true, true, true]);
    expect(r.createdStatus).toBe(201);
    expect(task(r.created)).toMatchObject({ title: 'Typed client', priority: 'High', tags: ['typed', 'client'], user_id: user.id, version: 1, is_completed: false, description: null, completed_at: null, parent_id: null });
    expect(task(r.second).list_id).toBe(task(r.created).list_id);
    expect(r.location).toBe(`/api/me/tasks/${task(r.created).id}`);

    const list = r.list as { items: Array<Record<string, unknown>>; count: number; next_cursor: string | null };
    expect(list.items.map((x) => x.id)).toEqual([task(r.created).id]);
    expect(list.count).toBe(1);
    expect(list.next_cursor).toBeNull();
    const pages = [r.firstPage, r.secondPage] as Array<{ items: Array<{ title: string }>; count: number; next_cursor: string | null }>;
    expect(pages.map((p) => p.items.map((x) => x.title))).toEqual([['Typed client'], ['Untyped second']]);
    expect(pages.map((p) => p.count)).toEqual([2, 2]);
    expect(pages[1]!.next_cursor).toBeNull();

    expect(task(r.got)).toEqual(task(r.created));
    expect(r.etag).not.toBe('');
    expect(r.notModifiedStatus).toBe(304);
    expect(task(r.replaced)).toMatchObject({ title: 'Replaced', description: 'by PUT', priority: 'Medium', due_date: null, tags: [], version: 2 });
    expect(task(r.patched)).toMatchObject({ title: 'Replaced', priority: 'Low', due_date: null, version: 3 });
    expect(r.staleStatus).toBe(412);
    expect(r.staleCode).toBe('PRECONDITION_FAILED');
    expect(task(r.completed)).toMatchObject({ is_completed: true, version: 4, completed_at: expect.any(String) });
    expect(r.metrics).toEqual({ total: 2, completed: 1, pending: 1, overdue: 0, high_priority: 0, medium_priority: 1, low_priority: 1 });
    // Moved after the second task: the list's manual order is now second, created.
    expect(task(r.moved)).toMatchObject({ id: task(r.created).id, list_id: task(r.created).list_id, parent_id: null, version: 5 });
    expect(String(task(r.moved).position) > String(task(r.second).position)).toBe(true);
    expect((r.inOrder as { items: Array<{ id: string }> }).items.map((x) => x.id)).toEqual([task(r.second).id, task(r.created).id]);
    expect(r.listMetrics).toEqual(r.metrics);
    expect(r.deletedStatus).toBe(204);
    expect(r.deletedData).toBeUndefined();
    expect(r.goneStatus).toBe(404);
    expect(r.goneCode).toBe('NOT_FOUND');
    expect(r.goneDetail).toEqual(expect.any(String));
  });
});
