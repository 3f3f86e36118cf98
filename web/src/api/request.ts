// One way to the API for every resource the page uses: the session cookie authenticates (same
// origin), and any non-2xx becomes an ApiError carrying the contract's detail, error_code and
// field_errors.
import type { ErrorBodyDto } from '../../../src/http/error-schema.js';

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

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** What a 404 without a message of its own means here ("That list no longer exists."). */
  notFound?: string;
}

function fallbackMessage(status: number, notFound: string): string {
  if (status === 401) return 'Your session has ended. Please sign in again.';
  if (status === 404) return notFound;
  if (status === 412) return 'This was changed elsewhere in the meantime. Please try again.';
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

async function toApiError(res: Response, notFound: string): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    const parsed: unknown = await res.json();
    if (typeof parsed === 'object' && parsed !== null) body = parsed as ErrorBody;
  } catch {
    // Not JSON (a proxy's error page, say): the status alone has to do.
  }
  const retryHeader = Number(res.headers.get('Retry-After'));
  const retryAfter = res.status === 429 && Number.isFinite(retryHeader) && retryHeader > 0 ? Math.ceil(retryHeader) : null;
  let message = typeof body.detail === 'string' && body.detail !== '' ? body.detail : fallbackMessage(res.status, notFound);
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

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const { body, signal } = options;
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError('Cannot reach the server. Check your connection and try again.', 0, 'NETWORK_ERROR');
  }
  if (!res.ok) throw await toApiError(res, options.notFound ?? 'That task no longer exists.');
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
