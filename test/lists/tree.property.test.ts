// Model-based property test of lists and the task tree: random sequences of list creates and
// deletes, task creates (in a list, under a parent), moves (to a list, a parent, next to a
// sibling), subtree deletes and completions, checked against a plain in-memory tree: the same
// status codes, and after every step that succeeded the same list, parent and sibling order; at
// the end each list's manual order (sort=position) and counts are exactly the model's.
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lists, tasks } from '../../src/db/schema.js';
import { appWithUsers, type AppWithUsers } from '../helpers/app-with-users.js';
import { as, type TestUser } from '../helpers/users.js';
import type { Task } from '../tasks/task-api.js';

const NUM_RUNS = Number(process.env.TREE_RUNS ?? 100);
const MAX_DEPTH = 4;
const NIL = '00000000-0000-0000-0000-000000000000';

let t: AppWithUsers;
let user: TestUser;
let inbox: string;
beforeAll(async () => {
  t = await appWithUsers(1);
  [user] = t.users as [TestUser];
  inbox = (await as(t.app, user).get('/api/me/lists')).json().items[0].id as string;
});
afterAll(() => t.close());

// ---- the model ------------------------------------------------------------------------------
interface Node {
  id: string;
  list: string;
  parent: string | null;
  done: boolean;
}

class Tree {
  readonly lists: string[] = [];
  readonly nodes = new Map<string, Node>();
  /** Sibling order: key `${list}/${parent ?? NIL}` → ids in manual order. */
  private readonly order = new Map<string, string[]>();

  siblings(list: string, parent: string | null): string[] {
    const key = `${list}/${parent ?? NIL}`;
    let ids = this.order.get(key);
    if (!ids) this.order.set(key, (ids = []));
    return ids;
  }
  children(id: string): Node[] {
    return [...this.nodes.values()].filter((node) => node.parent === id);
  }
  subtree(id: string): string[] {
    return [id, ...this.children(id).flatMap((child) => this.subtree(child.id))];
  }
  depth(id: string): number {
    const parent = this.nodes.get(id)!.parent;
    return parent === null ? 0 : 1 + this.depth(parent);
  }
  height(id: string): number {
    return Math.max(0, ...this.children(id).map((child) => 1 + this.height(child.id)));
  }
  add(node: Node): void {
    this.nodes.set(node.id, node);
    this.siblings(node.list, node.parent).push(node.id);
  }
  remove(id: string): void {
    for (const gone of this.subtree(id)) {
      const node = this.nodes.get(gone)!;
      const ids = this.siblings(node.list, node.parent);
      ids.splice(ids.indexOf(gone), 1);
      this.nodes.delete(gone);
    }
  }
  move(id: string, list: string, parent: string | null, index: (siblings: string[]) => number): void {
    const node = this.nodes.get(id)!;
    const old = this.siblings(node.list, node.parent);
    old.splice(old.indexOf(id), 1);
    // The subtree follows: every descendant's sibling group moves to the new list, in order.
    for (const below of this.subtree(id).slice(1)) {
      const child = this.nodes.get(below)!;
      if (child.list === list) continue;
      const from = this.siblings(child.list, child.parent);
      from.splice(from.indexOf(below), 1);
      child.list = list;
      this.siblings(list, child.parent).push(below);
    }
    node.list = list;
    node.parent = parent;
    const target = this.siblings(list, parent);
    target.splice(index(target), 0, id);
  }
  /** A list's manual order as the service gives it: by parent key, then position. */
  manualOrder(list: string): string[] {
    const groups = [...this.order.entries()].filter(([key, ids]) => key.startsWith(`${list}/`) && ids.length > 0);
    groups.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return groups.flatMap(([, ids]) => ids);
  }
}

// ---- operations -----------------------------------------------------------------------------
/** An index into what exists (lists or tasks), or an id that never existed. */
type Ref = { pick: number } | { fresh: string };
type Op =
  | { kind: 'createList' }
  | { kind: 'deleteList'; list: Ref | 'inbox' }
  | { kind: 'create'; list?: Ref; parent?: Ref }
  | { kind: 'move'; task: Ref; list?: Ref; parent?: Ref | null; after?: Ref; before?: Ref }
  | { kind: 'delete'; task: Ref }
  | { kind: 'toggle'; task: Ref };

const ref: fc.Arbitrary<Ref> = fc.oneof({ weight: 12, arbitrary: fc.record({ pick: fc.nat() }) }, { weight: 1, arbitrary: fc.uuid().map((fresh) => ({ fresh })) });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'createList' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteList' as const), list: fc.oneof(ref, fc.constant('inbox' as const)) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), list: ref }, { requiredKeys: ['kind'] }) },
  // Subtasks often, so deep trees, depth refusals and completing a parent come up in most runs.
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), list: ref, parent: ref }, { requiredKeys: ['kind', 'parent'] }) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.record(
          { kind: fc.constant('move' as const), task: ref, list: ref, parent: fc.option(ref, { nil: null }), after: ref, before: ref },
          { requiredKeys: ['kind', 'task'] },
        ),
        fc.nat(4),
      )
      // Both neighbours (a 422) in one move of five that has them; otherwise only after_id.
      .map(([move, roll]) => (move.after && move.before && roll > 0 ? { ...move, before: undefined } : move)),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), task: ref }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('toggle' as const), task: ref }) },
);

const resolve = (r: Ref, pool: string[]): string => ('fresh' in r ? r.fresh : pool[r.pick % Math.max(pool.length, 1)] ?? crypto.randomUUID());

function expectStatus(res: LightMyRequestResponse, status: number, context: string): void {
  if (res.statusCode !== status) throw new Error(`${context}: expected ${status}, got ${res.statusCode} ${res.body}`);
}

async function reset(): Promise<void> {
  await t.database.asUser(user.id, async (tx) => {
    await tx.db.delete(tasks).where(eq(tasks.userId, user.id));
    await tx.db.delete(lists).where(and(eq(lists.userId, user.id), eq(lists.isInbox, false)));
  });
}

/** What the service must answer for a move, and where the task then goes. */
function expectedMove(tree: Tree, id: string, ids: { list?: string; parent?: string | null; after?: string; before?: string }) {
  const node = tree.nodes.get(id);
  if (!node) return { status: 404 };
  if (ids.after !== undefined && ids.before !== undefined) return { status: 422 };
  if (ids.list !== undefined && !tree.lists.includes(ids.list)) return { status: 404 };
  let list: string;
  let parent: string | null;
  if (ids.parent) {
    const target = tree.nodes.get(ids.parent);
    if (!target) return { status: 404 };
    if (tree.subtree(id).includes(ids.parent)) return { status: 422 };
    if (ids.list !== undefined && ids.list !== target.list) return { status: 422 };
    if (tree.depth(ids.parent) + 1 + tree.height(id) > MAX_DEPTH) return { status: 422 };
    [list, parent] = [target.list, ids.parent];
  } else if (ids.parent === null) {
    [list, parent] = [ids.list ?? node.list, null];
  } else if (ids.list !== undefined && ids.list !== node.list) {
    [list, parent] = [ids.list, null];
  } else {
    [list, parent] = [node.list, node.parent];
  }
  const neighbour = ids.after ?? ids.before;
  if (neighbour === undefined) return { status: 200, list, parent, index: (s: string[]) => s.length };
  const other = tree.nodes.get(neighbour);
  if (!other) return { status: 404 };
  if (neighbour === id || other.list !== list || other.parent !== parent) return { status: 422 };
  return { status: 200, list, parent, index: (s: string[]) => s.indexOf(neighbour) + (ids.after !== undefined ? 1 : 0) };
}

async function runSequence(ops: Op[]): Promise<void> {
  await reset();
  const api = as(t.app, user);
  const tree = new Tree();
  tree.lists.push(inbox);
  const taskIds = () => [...tree.nodes.keys()];

  for (const [index, step] of ops.entries()) {
    const context = `step ${index}: ${JSON.stringify(step)}`;
    if (step.kind === 'createList') {
      const res = await api.post('/api/me/lists', { name: `list ${index}` });
      expectStatus(res, 201, context);
      tree.lists.push(res.json().id as string);
    } else if (step.kind === 'deleteList') {
      const id = step.list === 'inbox' ? inbox : resolve(step.list, tree.lists);
      const res = await api.delete(`/api/me/lists/${id}`);
      const status = id === inbox ? 409 : tree.lists.includes(id) ? 204 : 404;
      expectStatus(res, status, context);
      if (status === 204) {
        tree.lists.splice(tree.lists.indexOf(id), 1);
        for (const node of [...tree.nodes.values()]) if (node.list === id && node.parent === null && tree.nodes.has(node.id)) tree.remove(node.id);
      }
    } else if (step.kind === 'create') {
      const list = step.list && resolve(step.list, tree.lists);
      const parent = step.parent && resolve(step.parent, taskIds());
      const body = { title: `task ${index}`, ...(list ? { list_id: list } : {}), ...(parent ? { parent_id: parent } : {}) };
      const res = await api.post('/api/me/tasks', body);
      const parentNode = parent ? tree.nodes.get(parent) : undefined;
      let status = 201;
      if (parent && !parentNode) status = 404;
      else if (parentNode && list && list !== parentNode.list) status = tree.lists.includes(list) ? 422 : 404;
      else if (parentNode && tree.depth(parentNode.id) + 1 > MAX_DEPTH) status = 422;
      else if (!parentNode && list && !tree.lists.includes(list)) status = 404;
      expectStatus(res, status, context);
      if (status !== 201) continue;
      const task = res.json() as Task;
      const expected = { list: parentNode?.list ?? list ?? inbox, parent: parentNode?.id ?? null };
      expect({ list: task.list_id, parent: task.parent_id }, context).toEqual(expected);
      tree.add({ id: task.id, ...expected, done: false });
    } else if (step.kind === 'move') {
      const id = resolve(step.task, taskIds());
      const ids = {
        ...(step.list ? { list: resolve(step.list, tree.lists) } : {}),
        ...(step.parent === null ? { parent: null } : step.parent ? { parent: resolve(step.parent, taskIds()) } : {}),
        ...(step.after ? { after: resolve(step.after, taskIds()) } : {}),
        ...(step.before ? { before: resolve(step.before, taskIds()) } : {}),
      };
      const expected = expectedMove(tree, id, ids);
      const res = await api.post(`/api/me/tasks/${id}/move`, {
        ...('list' in ids ? { list_id: ids.list } : {}),
        ...('parent' in ids ? { parent_id: ids.parent } : {}),
        ...('after' in ids ? { after_id: ids.after } : {}),
        ...('before' in ids ? { before_id: ids.before } : {}),
      });
      expectStatus(res, expected.status, context);
      if (expected.status !== 200) continue;
      tree.move(id, expected.list!, expected.parent!, expected.index!);
      const task = res.json() as Task;
      expect({ list: task.list_id, parent: task.parent_id }, context).toEqual({ list: expected.list, parent: expected.parent });
    } else if (step.kind === 'delete') {
      const id = resolve(step.task, taskIds());
      const res = await api.delete(`/api/me/tasks/${id}`);
      expectStatus(res, tree.nodes.has(id) ? 204 : 404, context);
      if (tree.nodes.has(id)) tree.remove(id);
    } else {
      const id = resolve(step.task, taskIds());
      const res = await api.patch(`/api/me/tasks/${id}/complete`);
      const node = tree.nodes.get(id);
      expectStatus(res, node ? 200 : 404, context);
      if (!node) continue;
      node.done = !node.done;
      // Completing completes the open subtasks; reopening reopens none.
      if (node.done) for (const below of tree.subtree(id)) tree.nodes.get(below)!.done = true;
      const served = (await api.get(`/api/me/tasks?list_id=${node.list}&limit=1000`)).json().items as Task[];
      const states = (items: Array<{ id: string; done: boolean }>) => Object.fromEntries(items.map((item) => [item.id, item.done]));
      expect(states(served.map((task) => ({ id: task.id, done: task.is_completed }))), context).toEqual(
        states([...tree.nodes.values()].filter((other) => other.list === node.list)),
      );
    }
  }

  // Each list: the manual order, every task's parent and state, and the counts.
  const served = (await api.get('/api/me/lists')).json().items as Array<{ id: string; open_count: number; task_count: number; is_inbox: boolean }>;
  expect(served.map((list) => list.id).sort(), 'lists').toEqual([...tree.lists].sort());
  expect(served[0]!.is_inbox, 'Inbox first').toBe(true);
  for (const list of served) {
    const items = (await api.get(`/api/me/tasks?list_id=${list.id}&sort=position&limit=1000`)).json().items as Task[];
    expect(items.map((task) => task.id), `order of ${list.id}`).toEqual(tree.manualOrder(list.id));
    for (const task of items) {
      const node = tree.nodes.get(task.id)!;
      expect({ parent: task.parent_id, done: task.is_completed }, `task ${task.id}`).toEqual({ parent: node.parent, done: node.done });
    }
    const inList = [...tree.nodes.values()].filter((node) => node.list === list.id);
    expect({ open: list.open_count, total: list.task_count }, `counts of ${list.id}`).toEqual({ open: inList.filter((node) => !node.done).length, total: inList.length });
  }
}

it(`lists and the task tree behave like the model over ${NUM_RUNS} random sequences`, async () => {
  const started = Date.now();
  await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), runSequence), { numRuns: NUM_RUNS });
  console.info(`tree model test: ${NUM_RUNS} sequences in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 600_000);
