// Model-based property test: random sequences of create / put / patch / toggle / delete / get /
// list / metrics by three users, each with their own token and sometimes aimed at another user's
// task ids or path, checked step by step against the in-memory model of task-model.ts: same
// status codes, same task fields, same list contents and order, same metrics, and nobody ever
// sees or changes another user's task.
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tasks } from '../../src/db/schema.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import type { Task, TaskList } from './task-api.js';
import {
  DEFAULTS, deterministic, DUE_BEFORE, DUE_DATES, expectedList, expectedMetrics, normalise, queryString, TAGS, USERS, WORDS,
  type Fields, type ListQuery, type ModelTask,
} from './task-model.js';

const NUM_RUNS = Number(process.env.MODEL_RUNS ?? 300);

let t: AppWithUsers;
let users: TestUser[];
beforeAll(async () => {
  // Sign-up hashes a password (~0.3 s), too slow for three fresh users per run; the same three
  // users start every run with no tasks instead (see resetTasks).
  t = await appWithUsers(Array.from({ length: USERS }, (_, i) => ({ name: `model-${i}` })));
  users = t.users;
});
afterAll(() => t.close());

// ---- operations -----------------------------------------------------------------------------
/** A never-created id, or one created earlier in the run (the actor's own, or anyone's). */
type Target = { fresh: string } | { pick: number; own: boolean; upper: boolean };
type Guard = 'none' | 'current' | 'stale' | 'star';
type Op = { actor: number; path: 'me' | 'own' | 'OWN' | 'other' } & (
  | { kind: 'create'; body: Fields }
  | { kind: 'put' | 'patch'; target: Target; guard: Guard; body: Fields }
  | { kind: 'toggle' | 'delete'; target: Target; guard: Guard }
  | { kind: 'get'; target: Target }
  | { kind: 'list'; query: ListQuery }
  | { kind: 'metrics' }
);

const title = fc.tuple(fc.constantFrom('', ' ', '\t'), fc.constantFrom(...WORDS), fc.constantFrom('', '  ')).map(([a, w, b]) => a + w + b);
const fieldArbs = {
  title,
  description: fc.option(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' ')), { nil: null }),
  is_completed: fc.boolean(),
  priority: fc.constantFrom('High', 'Medium', 'Low', 'high', 'LOW', 'mEdium'),
  due_date: fc.option(fc.constantFrom(...DUE_DATES), { nil: null }),
  tags: fc.array(fc.constantFrom(...TAGS), { maxLength: 4 }),
};
const createBody = fc.record(fieldArbs, { requiredKeys: ['title'] });
const putBody = fc.record(fieldArbs, { requiredKeys: ['title', 'description', 'is_completed'] });
// A blank title now and then: a 422 whatever the target, and nothing changes.
const patchBody = fc.oneof({ weight: 9, arbitrary: fc.record(fieldArbs, { requiredKeys: [] }) }, { weight: 1, arbitrary: fc.constant({ title: '  ' }) });
const target: fc.Arbitrary<Target> = fc.oneof(
  { weight: 1, arbitrary: fc.uuid().map((fresh) => ({ fresh })) },
  { weight: 8, arbitrary: fc.record({ pick: fc.nat(), own: fc.boolean(), upper: fc.boolean() }) },
);
const guard = fc.constantFrom<Guard>('none', 'none', 'none', 'current', 'stale', 'star');
const sort = fc.constantFrom(...['created_at', 'updated_at', 'due_date', 'priority', 'title'].flatMap((k) => [k, `-${k}`]));
const listQuery: fc.Arbitrary<ListQuery> = fc.record(
  {
    status: fc.constantFrom('pending', 'completed'),
    priority: fc.subarray(['High', 'medium', 'Low'], { minLength: 1 }),
    tag: fc.subarray([...TAGS], { minLength: 1, maxLength: 2 }),
    q: fc.constantFrom(...WORDS),
    overdue: fc.constant(true),
    due_before: fc.constant(DUE_BEFORE),
    sort,
    limit: fc.constant(3),
  },
  { requiredKeys: ['sort'] },
);
const op: fc.Arbitrary<Op> = fc
  .tuple(
    // Users act unevenly, so one of them usually has enough tasks for sorts and ties to matter.
    fc.record({ actor: fc.constantFrom(0, 0, 0, 1, 1, 2), path: fc.constantFrom('me', 'me', 'me', 'me', 'own', 'OWN', 'other') }),
    fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('create' as const), body: createBody }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('put' as const), target, guard, body: putBody }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('patch' as const), target, guard, body: patchBody }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('toggle' as const, 'delete' as const), target, guard }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('get' as const), target }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('list' as const), query: listQuery }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('metrics' as const) }) },
    ),
  )
  .map(([who, what]) => ({ ...who, ...what }) as Op);

// ---- the run --------------------------------------------------------------------------------
async function resetTasks(): Promise<void> {
  for (const user of users) await t.database.asUser(user.id, (tx) => tx.db.delete(tasks).where(eq(tasks.userId, user.id)));
}

function expectStatus(res: LightMyRequestResponse, status: number, context: string): void {
  if (res.statusCode !== status) throw new Error(`${context}: expected ${status}, got ${res.statusCode} ${res.body}`);
}

async function runSequence(ops: Op[], finalSort: string): Promise<void> {
  await resetTasks();
  const model = new Map<string, ModelTask>();
  const everCreated: string[] = [];
  const createdBy = new Map(users.map((user) => [user.id, [] as string[]]));
  const owned = (userId: string) => [...model.values()].filter((task) => task.user_id === userId);

  /** Checks a task the service returned against the model's prediction, then records it. */
  const accept = (res: LightMyRequestResponse, expected: ModelTask, context: string) => {
    const body = res.json() as Task;
    expect(deterministic(body), context).toEqual(deterministic(expected));
    expect(res.headers.etag, context).toBe(`"v${expected.version}"`);
    expect(body.completed_at === null, context).toBe(!body.is_completed);
    const previous = model.get(expected.id);
    if (previous) {
      expect(body.created_at, context).toBe(previous.created_at);
      expect(Date.parse(body.updated_at), context).toBeGreaterThanOrEqual(Date.parse(previous.updated_at));
    }
    model.set(expected.id, { ...expected, created_at: body.created_at, updated_at: body.updated_at });
  };

  for (const [index, step] of ops.entries()) {
    const context = `step ${index}: ${JSON.stringify(step)}`;
    const user = users[step.actor]!;
    const api = as(t.app, user);
    const pathUser = { me: 'me', own: user.id, OWN: user.id.toUpperCase(), other: users[(step.actor + 1) % USERS]!.id }[step.path];
    const base = `/api/${pathUser}/tasks`;
    const forbidden = step.path === 'other';

    if (step.kind === 'create') {
      const res = await api.post(base, step.body);
      expectStatus(res, forbidden ? 403 : 201, context);
      if (forbidden) continue;
      const id = (res.json() as Task).id;
      expect(res.headers.location, context).toBe(`${base.replace(user.id.toUpperCase(), user.id)}/${id}`);
      accept(res, { id, user_id: user.id, ...DEFAULTS, ...normalise(step.body), version: 1 } as ModelTask, context);
      everCreated.push(id);
      createdBy.get(user.id)!.push(id);
    } else if (step.kind === 'list') {
      const res = await api.get(`${base}?${queryString(step.query)}`);
      expectStatus(res, forbidden ? 403 : 200, context);
      if (forbidden) continue;
      const list = res.json() as TaskList;
      const expected = expectedList(owned(user.id), step.query, Date.now());
      expect(list.items.map((task) => task.id), context).toEqual(expected.ids);
      expect(list.count, context).toBe(expected.count);
      expect(list.next_cursor === null, context).toBe(expected.count <= (step.query.limit ?? 100));
      for (const item of list.items) expect(deterministic(item), context).toEqual(deterministic(model.get(item.id)!));
    } else if (step.kind === 'metrics') {
      const res = await api.get(`${base}/metrics`);
      expectStatus(res, forbidden ? 403 : 200, context);
      if (!forbidden) expect(res.json(), context).toEqual(expectedMetrics(owned(user.id), Date.now()));
    } else {
      const candidates = 'fresh' in step.target ? [] : step.target.own ? createdBy.get(user.id)! : everCreated;
      const id = 'fresh' in step.target ? step.target.fresh : candidates[step.target.pick % candidates.length] ?? crypto.randomUUID();
      const url = `${base}/${'upper' in step.target && step.target.upper ? id.toUpperCase() : id}`;
      const current = model.get(id);
      const mine = current?.user_id === user.id ? current : undefined;
      const stepGuard = step.kind === 'get' ? 'none' : step.guard;
      const version = current?.version ?? 1;
      const headers: Record<string, string> = {
        none: {}, current: { 'if-match': `"v${version}"` }, stale: { 'if-match': `"v${version + 1}"` }, star: { 'if-match': '*' },
      }[stepGuard];
      const changes = step.kind === 'put' || step.kind === 'patch' ? normalise(step.body) : {};
      const invalid = changes.title === '';
      const status = forbidden ? 403 : invalid ? 422 : !mine ? 404 : stepGuard === 'stale' ? 412 : step.kind === 'delete' ? 204 : 200;

      const res = await {
        get: () => api.get(url),
        put: () => api.put(url, 'body' in step ? step.body : undefined, headers),
        patch: () => api.patch(url, 'body' in step ? step.body : undefined, headers),
        toggle: () => api.patch(`${url}/complete`, undefined, headers),
        delete: () => api.delete(url, headers),
      }[step.kind]();
      expectStatus(res, status, context);
      if (!mine || status >= 400) continue;
      if (step.kind === 'delete') model.delete(id);
      else if (step.kind === 'get') accept(res, mine, context);
      else if (step.kind === 'toggle') accept(res, { ...mine, is_completed: !mine.is_completed, version: mine.version + 1 }, context);
      else if (step.kind === 'put') accept(res, { ...mine, ...DEFAULTS, ...changes, version: mine.version + 1 } as ModelTask, context);
      else accept(res, { ...mine, ...changes, version: mine.version + (Object.keys(changes).length === 0 ? 0 : 1) }, context);
    }
  }

  // Whatever happened, each user's whole list and metrics match the model exactly.
  for (const user of users) {
    const res = await as(t.app, user).get(`/api/me/tasks?sort=${finalSort}&limit=1000`);
    const expected = expectedList(owned(user.id), { sort: finalSort, limit: 1000 }, Date.now());
    const items = (res.json() as TaskList).items;
    expect(items.map((task) => task.id), 'final list').toEqual(expected.ids);
    expect(items.map(deterministic), 'final list').toEqual(expected.ids.map((id) => deterministic(model.get(id)!)));
    expect((await as(t.app, user).get('/api/me/tasks/metrics')).json(), 'final metrics').toEqual(expectedMetrics(owned(user.id), Date.now()));
  }
}

it(`behaves like the model over ${NUM_RUNS} random sequences of three users' requests`, async () => {
  const started = Date.now();
  await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 20 }), sort, runSequence), { numRuns: NUM_RUNS });
  console.info(`model-based property test: ${NUM_RUNS} sequences in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 600_000);
