// The task API as the page uses it: bodies and results are the server's own schema types.
import type { TaskMoveBody } from '../../../src/lists/lists.schemas.js';
import type {
  ListQueryParams,
  MetricsQueryParams,
  TaskCreateBody,
  TaskDto,
  TaskListDto,
  TaskMetricsDto,
  TaskPatchBody,
} from '../../../src/tasks/tasks.schemas.js';
import { request } from './request.js';

export { ApiError, type FieldError } from './request.js';

const BASE = '/api/me/tasks';

function taskPath(id: string): string {
  return `${BASE}/${encodeURIComponent(id)}`;
}

/** Builds the query string; array parameters repeat (`tag=a&tag=b`), as the contract expects. */
export function toSearchParams(query: ListQueryParams | MetricsQueryParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query) as [string, unknown][]) {
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  return params;
}

const withQuery = (path: string, params: URLSearchParams) => {
  const qs = params.toString();
  return qs === '' ? path : `${path}?${qs}`;
};

export function listTasks(query: ListQueryParams, signal?: AbortSignal): Promise<TaskListDto> {
  return request<TaskListDto>('GET', withQuery(BASE, toSearchParams(query)), { signal });
}

export function getMetrics(query: MetricsQueryParams = {}, signal?: AbortSignal): Promise<TaskMetricsDto> {
  return request<TaskMetricsDto>('GET', withQuery(`${BASE}/metrics`, toSearchParams(query)), { signal });
}

export function getTask(id: string, signal?: AbortSignal): Promise<TaskDto> {
  return request<TaskDto>('GET', taskPath(id), { signal });
}

export function createTask(body: TaskCreateBody): Promise<TaskDto> {
  return request<TaskDto>('POST', BASE, { body });
}

export function updateTask(id: string, patch: TaskPatchBody): Promise<TaskDto> {
  return request<TaskDto>('PATCH', taskPath(id), { body: patch });
}

export function toggleTask(id: string): Promise<TaskDto> {
  return request<TaskDto>('PATCH', `${taskPath(id)}/complete`);
}

export function deleteTask(id: string): Promise<void> {
  return request<void>('DELETE', taskPath(id));
}

/** Reorders, reparents or moves to another list; the server assigns the position. */
export function moveTask(id: string, move: TaskMoveBody): Promise<TaskDto> {
  return request<TaskDto>('POST', `${taskPath(id)}/move`, { body: move });
}
