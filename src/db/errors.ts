// Tells the error handler which database failures mean "unavailable, retry" (503) rather than
// "a bug" (500). Drizzle wraps driver errors, so the cause chain is walked.

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '57014', // query_canceled (statement_timeout)
  '53300', // too_many_connections
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
  '40001', // serialization_failure: safe to retry
  '40P01', // deadlock_detected: safe to retry
]);

const UNAVAILABLE_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'connection timeout',
  'Query read timeout',
  'Client has encountered a connection error',
  'Cannot use a pool after calling end',
  'PGlite is closed',
];

function* causes(error: unknown): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causes(error)) {
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) return true;
  }
  return false;
}

/** The PostgreSQL SQLSTATE of a failed statement, if any (e.g. 23503 for a foreign key). */
export function sqlState(error: unknown): string | undefined {
  for (const e of causes(error)) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/** The constraint a failed statement broke (pg and PGlite both report it), if any. */
export function constraintOf(error: unknown): string | undefined {
  for (const e of causes(error)) {
    const constraint = (e as { constraint?: unknown }).constraint;
    if (typeof constraint === 'string') return constraint;
  }
  return undefined;
}

/** An error as the log may show it: what failed and where, never the values involved. */
export type LoggableError = {
  type: string;
  code?: string;
  message: string;
  /** Empty when the value had none. */
  stack: string;
  cause?: LoggableError;
  /** An AggregateError's errors (pg reports one per address it tried). */
  errors?: LoggableError[];
};

const MAX_DEPTH = 5;

// Drizzle's DrizzleQueryError message is "Failed query: <sql>\nparams: <values>", and Better Auth
// repeats it inside its own messages: the values are a session token, an email, a password
// hash. Everything from "params:" on is dropped, up to the next stack frame when in a stack.
const PARAMS = /params:[\s\S]*?(?=\n\s+at |$)/g;

/** Text for the log with any statement parameters removed. */
export function withoutParams(text: string): string {
  return text.replace(PARAMS, 'params: [redacted]');
}

function typeOf(e: Record<string, unknown>): string {
  // The class says most (DrizzleQueryError, DatabaseError); plain Errors and records say it in
  // name or, once already made loggable, in type.
  const className = (e.constructor as { name?: unknown } | undefined)?.name;
  if (typeof className === 'string' && className !== '' && className !== 'Error' && className !== 'Object') return className;
  if (typeof e.name === 'string' && e.name !== '') return e.name;
  if (typeof e.type === 'string' && e.type !== '') return e.type;
  return typeof className === 'string' && className !== '' ? className : 'Object';
}

/**
 * What the log gets for a thrown value: its type, code (SQLSTATE or errno name), message and
 * stack without statement parameters, the same for its causes (bounded depth). Nothing else: a
 * driver error's other fields carry data (pg's `detail` quotes row values, Drizzle's `params` are
 * the values, Better Auth's APIError repeats its message in `body`).
 */
export function loggableError(error: unknown, depth = 0): LoggableError {
  if (error === null || typeof error !== 'object') return { type: typeof error, message: withoutParams(String(error)), stack: '' };
  const e = error as Record<string, unknown>;
  const message = typeof e.message === 'string' ? e.message : '';
  const clean = withoutParams(message);
  // The stack starts with the message: swap it whole for the clean one first, so parameters that
  // themselves contain "\n    at " cannot leave a tail behind; then sweep what is left.
  const stack = typeof e.stack === 'string' ? withoutParams(message !== '' ? e.stack.replace(message, () => clean) : e.stack) : '';
  const out: LoggableError = { type: typeOf(e), message: clean, stack };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = String(e.code);
  if (depth < MAX_DEPTH) {
    if (e.cause !== undefined && e.cause !== null) out.cause = loggableError(e.cause, depth + 1);
    if (Array.isArray(e.errors)) out.errors = e.errors.slice(0, 10).map((inner) => loggableError(inner, depth + 1));
  }
  return out;
}
