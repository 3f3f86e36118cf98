// Shared steps for the lists, subtasks and order tests: lists and moves through HTTP, and the
// snapshots a "nothing changed" check compares. Everything goes through app.inject, as a user's
// request would (tasks themselves: ../tasks/task-api.ts).
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { ListDto } from '../../src/lists/lists.schemas.js';
import { as, type TestUser } from '../helpers/users.js';
import { createTask, listTasks, TASKS, taskUrl, type Task } from '../tasks/task-api.js';

export type List = ListDto;

export const LISTS = '/api/me/lists';
export const listUrl = (id: string) => `${LISTS}/${id}`;
export const moveUrl = (id: string) => `${taskUrl(id)}/move`;

export async function createList(app: FastifyInstance, user: TestUser, body: Record<string, unknown>): Promise<List> {
  const res = await as(app, user).post(LISTS, body);
  if (res.statusCode !== 201) throw new Error(`list create failed: ${res.statusCode} ${res.body}`);
  return res.json() as List;
}

export async function getList(app: FastifyInstance, user: TestUser, id: string): Promise<List> {
  const res = await as(app, user).get(listUrl(id));
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as List;
}

export async function allLists(app: FastifyInstance, user: TestUser): Promise<List[]> {
  const res = await as(app, user).get(LISTS);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: List[] }).items;
}

export async function inboxOf(app: FastifyInstance, user: TestUser): Promise<List> {
  const inbox = (await allLists(app, user))[0]!;
  expect(inbox.is_inbox).toBe(true);
  return inbox;
}

/** A move that must succeed; the moved task. */
export async function move(app: FastifyInstance, user: TestUser, id: string, body: Record<string, unknown>): Promise<Task> {
  const res = await as(app, user).post(moveUrl(id), body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Task;
}

/** A task created under a parent (or at the top of a list): a shorthand for tree fixtures. */
export function child(app: FastifyInstance, user: TestUser, parent: Task, title = 'child'): Promise<Task> {
  return createTask(app, user, { title, parent_id: parent.id });
}

/** A chain of tasks, each the parent of the next: chain[0] is top-level (depth 0). */
export async function chain(app: FastifyInstance, user: TestUser, length: number, listId?: string): Promise<Task[]> {
  const tasks = [await createTask(app, user, { title: 'depth 0', ...(listId ? { list_id: listId } : {}) })];
  for (let depth = 1; depth < length; depth += 1) tasks.push(await child(app, user, tasks.at(-1)!, `depth ${depth}`));
  return tasks;
}

/** Every task of the user (one page of up to 1000), by id. */
export async function tasksById(app: FastifyInstance, user: TestUser): Promise<Map<string, Task>> {
  const all = await listTasks(app, user, 'limit=1000');
  return new Map(all.items.map((task) => [task.id, task]));
}

/** What a refused request must leave exactly as it was: every task and every list of the user. */
export async function snapshot(app: FastifyInstance, user: TestUser) {
  const tasks = (await listTasks(app, user, 'limit=1000&sort=created_at')).items;
  return { tasks, lists: await allLists(app, user) };
}

/** Ids of a sibling group in manual order. */
export async function siblingIds(app: FastifyInstance, user: TestUser, listId: string, parentId: string | 'none'): Promise<string[]> {
  const page = await listTasks(app, user, `list_id=${listId}&parent_id=${parentId}&sort=position&limit=1000`);
  return page.items.map((task) => task.id);
}

export { TASKS, taskUrl };
