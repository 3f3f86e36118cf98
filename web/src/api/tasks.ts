// The task API as the page uses it: the session cookie authenticates (same origin), bodies and
// results are the server's own schema types, and any non-2xx becomes an ApiError carrying the
// contract's detail, error_code and field_errors.
import type {
  ListQueryParams,
  TaskCreateBody,
  TaskDto,
  TaskListDto,
  TaskMetricsDto,
  TaskPatchBody,
} from '../../../src/tasks/tasks.schemas.js';
import type { ErrorBodyDto } from '../../../src/http/error-schema.js';

const BASE = '/api/me/tasks';

export type FieldError = NonNullable<ErrorBodyDto['field_errors']>[number];

/** The contract's error body as it may arrive: every field checked before use (a proxy's 502 is not ours). */
type ErrorBody = { [K in keyof ErrorBodyDto]?: unknown };

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    message: string,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly errorCode: string,
    readonly fieldErrors: readonly FieldError[] = [],
    /** Seconds to wait, from Retry-After on a 429. */
    readonly retryAfter: number | null = null,
    readonly requestId: string | null = null,
  ) {
    super(message);
  }
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Please sign in again.';
  if (status === 404) return 'That task no longer exists.';
  if (status === 429) return 'Too many requests.';
  if (status === 503) return 'The service is temporarily unavailable. Please try again shortly.';
  if (status >= 500) return 'Something went wrong on the server. Please try again.';
  return `The request failed (HTTP ${status}).`;
}

function parseFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { field, message } = item as Record<string, unknown>;
    return typeof message === 'string' ? [{ field: typeof field === 'string' ? field : '', message }] : [];
  });
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    const parsed: unknown = await res.json();
    if (typeof parsed === 'object' && parsed !== null) body = parsed as ErrorBody;
  } catch {
    // Not JSON (a proxy's error page, say): the status alone has to do.
  }
  const retryHeader = Number(res.headers.get('Retry-After'));
  const retryAfter = res.status === 429 && Number.isFinite(retryHeader) && retryHeader > 0 ? Math.ceil(retryHeader) : null;
  let message = typeof body.detail === 'string' && body.detail !== '' ? body.detail : fallbackMessage(res.status);
  if (retryAfter !== null) message += ` Try again in ${retryAfter} s.`;
  return new ApiError(
    message,
    res.status,
    typeof body.error_code === 'string' ? body.error_code : `HTTP_${res.status}`,
    parseFieldErrors(body.field_errors),
    retryAfter,
    typeof body.request_id === 'string' ? body.request_id : null,
  );
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError('Cannot reach the server. Check your connection and try again.', 0, 'NETWORK_ERROR');
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

function taskPath(id: string): string {
  return `${BASE}/${encodeURIComponent(id)}`;
}

/** Builds the query string; array parameters repeat (`tag=a&tag=b`), as the contract expects. */
export function toSearchParams(query: ListQueryParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query) as [string, unknown][]) {
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  return params;
}

export function listTasks(query: ListQueryParams, signal?: AbortSignal): Promise<TaskListDto> {
  const qs = toSearchParams(query).toString();
  return request<TaskListDto>('GET', qs === '' ? BASE : `${BASE}?${qs}`, undefined, signal);
}

export function getMetrics(signal?: AbortSignal): Promise<TaskMetricsDto> {
  return request<TaskMetricsDto>('GET', `${BASE}/metrics`, undefined, signal);
}

export function createTask(body: TaskCreateBody): Promise<TaskDto> {
  return request<TaskDto>('POST', BASE, body);
}

export function updateTask(id: string, patch: TaskPatchBody): Promise<TaskDto> {
  return request<TaskDto>('PATCH', taskPath(id), patch);
}

export function toggleTask(id: string): Promise<TaskDto> {
  return request<TaskDto>('PATCH', `${taskPath(id)}/complete`);
}

export function deleteTask(id: string): Promise<void> {
  return request<void>('DELETE', taskPath(id));
}
