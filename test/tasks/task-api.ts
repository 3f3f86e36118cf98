// Shared steps for the task API tests: create tasks through HTTP and read them back (the error
// shape is helpers/expect-error.ts). Everything goes through app.inject, as a user's request would.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { TaskDto, TaskListDto, TaskMetricsDto } from '../../src/tasks/tasks.schemas.js';
import { as, type TestUser } from '../helpers/users.js';

export type Task = TaskDto;
export type Metrics = TaskMetricsDto;
export type TaskList = TaskListDto;

export const TASKS = '/api/me/tasks';
export const taskUrl = (id: string) => `${TASKS}/${id}`;
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export async function createTask(app: FastifyInstance, user: TestUser, body: Record<string, unknown>): Promise<Task> {
  const res = await as(app, user).post(TASKS, body);
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return res.json() as Task;
}

export async function getTask(app: FastifyInstance, user: TestUser, id: string): Promise<Task> {
  const res = await as(app, user).get(taskUrl(id));
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Task;
}

export async function listTasks(app: FastifyInstance, user: TestUser, query = ''): Promise<TaskList> {
  const res = await as(app, user).get(`${TASKS}${query === '' ? '' : `?${query}`}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TaskList;
}

/** Ids of the list's items, in order. */
export async function listIds(app: FastifyInstance, user: TestUser, query = ''): Promise<string[]> {
  return (await listTasks(app, user, query)).items.map((task) => task.id);
}

/** The fields a test may compare between two reads of the same task state. */
export function stateOf(task: Task) {
  return {
    title: task.title,
    description: task.description,
    is_completed: task.is_completed,
    priority: task.priority,
    due_date: task.due_date,
    tags: task.tags,
    version: task.version,
    updated_at: task.updated_at,
    completed_at: task.completed_at,
  };
}

/** UUIDs compare like their lower-case text; the model and tie-break checks rely on it. */
export const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

