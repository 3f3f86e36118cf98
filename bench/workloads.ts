// What the load asks for. Every request rotates through the bench users (each with their own
// JWT) and through their tasks, so no single row or cache entry is hot. The same generators
// drive the service and the floor.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { inParallel, type BenchUser } from './bench-users.js';
import { currentToken } from './event-streams.js';
import { TMP } from './server-processes.js';
import type { RequestSpec } from './load-runner.js';
import { SEARCH_WORDS, TAGS, WORDS } from './seed-tasks-sql.js';

/** A task made by the load (create, mixed) and not yet deleted: the delete workload's supply. */
export interface OwnedTask {
  user: BenchUser;
  id: string;
}

export interface Target {
  name: 'service' | 'floor';
  baseUrl: string;
  /** Tasks created on this target, to be deleted there. */
  created: OwnedTask[];
}

export interface Workload {
  name: string;
  /** Part of the throughput and p99 targets (service/floor). */
  targeted: boolean;
  /** Needs tasks in target.created before it runs (delete). */
  consumesCreated?: boolean;
  /** Runs at least this long: a sign-in at 32 connections answers after seconds, which a 5 s run would barely see. */
  minDurationS?: number;
  /**
   * Runs before each run (after the tasks are reset), through the service: state the generator
   * needs that only the database's present can give (the changes workload's tokens).
   */
  prepare?(users: BenchUser[], target: Target, service: Target): Promise<void>;
  /** Needs the service and the floor on one database (PostgreSQL; PGlite's floor has a copy). */
  sharedDatabase?: boolean;
  /** Makes a generator for one run against one target. */
  start(users: BenchUser[], target: Target): { next: () => RequestSpec; onBody?: (status: number, body: string) => void };
}

const BASE = '/api/me/tasks';
/** Tasks the load creates carry this tag, so clean-up can find them. */
export const CREATED_TAG = 'bench-new';

const bearer = (user: BenchUser) => ({ authorization: `Bearer ${user.jwt}` });
const json = (user: BenchUser) => ({ ...bearer(user), 'content-type': 'application/json' });
const words = (i: number, n: number) => Array.from({ length: n }, (_, k) => WORDS[(i * 31 + k * 17) % WORDS.length]).join(' ');
const taskOf = (user: BenchUser, i: number) => user.taskIds[i % user.taskIds.length]!;

function createBody(i: number): string {
  return JSON.stringify({
    title: `New ${words(i, 4)}`,
    description: i % 5 === 0 ? null : words(i + 1, 10),
    priority: ['High', 'Medium', 'Low'][i % 3],
    due_date: i % 3 === 0 ? null : new Date(Date.now() + (i % 90) * 86_400_000).toISOString(),
    tags: [CREATED_TAG, TAGS[i % TAGS.length]],
  });
}

function replaceBody(i: number): string {
  return JSON.stringify({
    title: `Updated ${words(i, 4)}`,
    description: words(i + 2, 10),
    is_completed: i % 3 === 0,
    priority: ['High', 'Medium', 'Low'][i % 3],
    due_date: i % 4 === 0 ? null : new Date(Date.now() + ((i % 120) - 30) * 86_400_000).toISOString(),
    tags: [TAGS[i % TAGS.length]!, TAGS[(i + 3) % TAGS.length]!],
  });
}

/** Reads the id of a created task from a 201 body into target.created. */
function collectCreated(users: BenchUser[], target: Target) {
  const byId = new Map(users.map((u) => [u.id, u] as const));
  return (status: number, body: string) => {
    if (status !== 201) return;
    const task = JSON.parse(body) as { id: string; user_id: string };
    const user = byId.get(task.user_id);
    if (user) target.created.push({ user, id: task.id });
  };
}

/**
 * A reorder within the Inbox: the i-th move of a user takes one pair of their tasks (all top-level
 * siblings there) and puts the first right before the second, then right after it, and so on.
 */
function moveStep(user: BenchUser, i: number): RequestSpec {
  const pair = Math.floor(i / 2);
  const body = { [i % 2 === 0 ? 'before_id' : 'after_id']: taskOf(user, 2 * pair + 1) };
  return { method: 'POST', path: `${BASE}/${taskOf(user, 2 * pair)}/move`, headers: json(user), body: JSON.stringify(body) };
}

type Step = (user: BenchUser, i: number) => RequestSpec;

/** The tasks a user changes after taking their poll token: "a few", as a client that polls now and then finds. */
export const CHANGES_PER_POLL = 5;
/** Per user, the token the changes workload polls from (CHANGES_PER_POLL task changes behind the present). */
const pollTokens = new Map<string, string>();

/**
 * The changes workload's shape: before each run, every user takes their current token (the
 * starting id of an event stream) and then toggles CHANGES_PER_POLL of their tasks through the
 * service; every request of the run is that user's GET /changes?since=<that token>, which finds
 * those few changes (each task in its current state, and the Inbox whose counts they changed,
 * where the log records that) and a new token. The run itself writes nothing, so the figure is
 * the incremental poll alone, the same on every request, not mixed with the cost of writes.
 */
async function preparePollTokens(users: BenchUser[], target: Target, service: Target): Promise<void> {
  await inParallel(users, 8, async (user) => {
    const token = await currentToken(service.baseUrl, user.jwt);
    for (let k = 0; k < CHANGES_PER_POLL; k++) {
      const response = await fetch(`${service.baseUrl}${BASE}/${taskOf(user, k)}/complete`, { method: 'PATCH', headers: bearer(user) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`changes workload: toggling a task answered ${response.status}`);
    }
    pollTokens.set(user.id, token);
  });
  // What the run will ask, asked once of the service and of the target: the few changes, and
  // the floor's answer the service's (its SQL is its own).
  const ask = async (at: Target) => {
    const spec = steps.changes(users[0]!);
    const response = await fetch(`${at.baseUrl}${spec.path}`, { headers: spec.headers });
    const page = (await response.json().catch(() => ({}))) as { changes?: Array<{ kind: string }>; next_token?: string };
    if (response.status !== 200 || page.changes?.filter((c) => c.kind === 'task').length !== CHANGES_PER_POLL) {
      throw new Error(`changes workload: ${at.name} answered ${response.status}: ${JSON.stringify(page).slice(0, 300)}; expected ${CHANGES_PER_POLL} task changes`);
    }
    return page;
  };
  const expected = await ask(service);
  const answered = target === service ? expected : await ask(target);
  if (!isDeepStrictEqual(answered, expected)) {
    const [a, b] = [firstDifference(expected, answered, 'page'), path.join(TMP, 'changes-pages.json')];
    fs.mkdirSync(TMP, { recursive: true });
    fs.writeFileSync(b, JSON.stringify({ service: expected, [target.name]: answered }, null, 1));
    throw new Error(`changes workload: the ${target.name} answers otherwise than the service at ${a}; both in ${b}`);
  }
}

/** Where two JSON values first differ, as a path. */
function firstDifference(a: unknown, b: unknown, at: string): string {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return at;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const [x, y] = [(a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]];
    if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, `${at}.${key}`);
  }
  return at;
}

const steps = {
  list: (user) => ({ method: 'GET', path: `${BASE}?limit=50`, headers: bearer(user) }),
  listFiltered: (user, i) => ({ method: 'GET', path: `${BASE}?status=pending&tag=${TAGS[i % TAGS.length]}&sort=due_date&limit=50`, headers: bearer(user) }),
  listByList: (user) => ({ method: 'GET', path: `${BASE}?list_id=${user.inboxId}&sort=position&limit=50`, headers: bearer(user) }),
  search: (user, i) => ({ method: 'GET', path: `${BASE}?q=${SEARCH_WORDS[i % SEARCH_WORDS.length]}&limit=50`, headers: bearer(user) }),
  get: (user, i) => ({ method: 'GET', path: `${BASE}/${taskOf(user, i)}`, headers: bearer(user) }),
  metrics: (user) => ({ method: 'GET', path: `${BASE}/metrics`, headers: bearer(user) }),
  create: (user, i) => ({ method: 'POST', path: BASE, headers: json(user), body: createBody(i) }),
  update: (user, i) => ({ method: 'PUT', path: `${BASE}/${taskOf(user, i)}`, headers: json(user), body: replaceBody(i) }),
  toggle: (user, i) => ({ method: 'PATCH', path: `${BASE}/${taskOf(user, i)}/complete`, headers: bearer(user) }),
  move: moveStep,
  changes: (user) => ({ method: 'GET', path: `/api/me/changes?since=${encodeURIComponent(pollTokens.get(user.id) ?? '')}`, headers: bearer(user) }),
  signIn: (user) => ({ method: 'POST', path: '/api/auth/sign-in/email', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: user.password }) }),
} satisfies Record<string, Step>;

/** 80% reads, 20% writes, in a fixed interleaving of 20. */
const MIXED: Step[] = [
  ...Array<Step>(6).fill(steps.list), ...Array<Step>(2).fill(steps.listFiltered), steps.search,
  ...Array<Step>(5).fill(steps.get), ...Array<Step>(2).fill(steps.metrics),
  steps.create, ...Array<Step>(2).fill(steps.update), steps.toggle,
];

function rotating(step: (user: BenchUser, i: number) => RequestSpec) {
  return (users: BenchUser[]) => {
    let i = 0;
    return {
      next: () => {
        const n = i++;
        return step(users[n % users.length]!, Math.floor(n / users.length));
      },
    };
  };
}

export const WORKLOADS: Workload[] = [
  { name: 'list', targeted: true, start: rotating(steps.list) },
  { name: 'list-filtered', targeted: false, start: rotating(steps.listFiltered) },
  { name: 'list-by-list', targeted: false, start: rotating(steps.listByList) },
  { name: 'search', targeted: false, start: rotating(steps.search) },
  { name: 'get', targeted: true, start: rotating(steps.get) },
  { name: 'metrics', targeted: false, start: rotating(steps.metrics) },
  { name: 'update', targeted: true, start: rotating(steps.update) },
  { name: 'toggle', targeted: false, start: rotating(steps.toggle) },
  { name: 'move', targeted: false, start: rotating(steps.move) },
  {
    name: 'create',
    targeted: true,
    start: (users, target) => ({ ...rotating(steps.create)(users), onBody: collectCreated(users, target) }),
  },
  {
    name: 'delete',
    targeted: false,
    consumesCreated: true,
    start: (users, target) => ({
      next: () => {
        const task = target.created.pop();
        // Supply exhausted: a well-formed id nobody owns (a 404, counted as non-2xx in the report).
        if (!task) return { method: 'DELETE', path: `${BASE}/${crypto.randomUUID()}`, headers: bearer(users[0]!) };
        return { method: 'DELETE', path: `${BASE}/${task.id}`, headers: bearer(task.user) };
      },
    }),
  },
  {
    name: 'mixed',
    targeted: true,
    start: (users, target) => {
      let i = 0;
      return {
        next: () => {
          const n = i++;
          return MIXED[n % MIXED.length]!(users[n % users.length]!, Math.floor(n / users.length));
        },
        onBody: collectCreated(users, target),
      };
    },
  },
  { name: 'changes', targeted: false, sharedDatabase: true, prepare: preparePollTokens, start: rotating(steps.changes) },
  { name: 'sign-in', targeted: false, minDurationS: 20, start: rotating(steps.signIn) },
];

/** The mixed workload's generator, for the memory soak. */
export const mixedWorkload = WORKLOADS.find((w) => w.name === 'mixed')!;
export const getWorkload = WORKLOADS.find((w) => w.name === 'get')!;
export const listWorkload = WORKLOADS.find((w) => w.name === 'list')!;
export const searchWorkload = WORKLOADS.find((w) => w.name === 'search')!;
