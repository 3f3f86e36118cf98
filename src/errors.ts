// The errors the service throws on purpose, for every layer: services and routes throw
// ServiceError (an HTTP status and a stable machine code, which the error handler renders in the
// contract's shape); repositories translate database failures into the typed errors below, so no
// code above them reads an SQLSTATE. The list of codes is the one the OpenAPI Error schema shows.
export interface FieldError {
  field: string;
  message: string;
}

export const ERROR_CODES = [
  'VALIDATION_ERROR',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'SYNC_TOKEN_EXPIRED',
  'PRECONDITION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'REQUEST_TIMEOUT',
  'RATE_LIMITED',
  'SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    readonly detail: string,
    readonly fieldErrors?: FieldError[],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

export const badRequest = (detail: string, fieldErrors?: FieldError[]) => new ServiceError(400, 'VALIDATION_ERROR', detail, fieldErrors);
export const unprocessable = (detail: string, fieldErrors?: FieldError[]) => new ServiceError(422, 'VALIDATION_ERROR', detail, fieldErrors);
/** challenge: the WWW-Authenticate value (RFC 6750), which says why as the detail does. */
export const unauthorized = (detail: string, challenge: string) =>
  new ServiceError(401, 'UNAUTHORIZED', detail, undefined, { 'www-authenticate': challenge });
export const forbidden = (detail: string) => new ServiceError(403, 'FORBIDDEN', detail);
export const notFound = (detail: string) => new ServiceError(404, 'NOT_FOUND', detail);
export const conflict = (detail: string) => new ServiceError(409, 'CONFLICT', detail);
export const syncTokenExpired = () =>
  new ServiceError(410, 'SYNC_TOKEN_EXPIRED', 'This sync token is older than the kept deletions; start over without since.');
export const preconditionFailed = (detail: string) => new ServiceError(412, 'PRECONDITION_FAILED', detail);
export const serviceUnavailable = (detail = 'The database is unavailable; try again shortly.') =>
  new ServiceError(503, 'SERVICE_UNAVAILABLE', detail, undefined, { 'retry-after': '1' });

/**
 * Two writers picked the same position among siblings at once (a unique key failed, SQLSTATE
 * 23505): the service runs the write again, now seeing the other's row.
 */
export class PositionTakenError extends Error {
  override name = 'PositionTakenError';
  constructor() {
    super('the position was taken by a concurrent write');
  }
}

/**
 * A write named a row that does not exist (a foreign key failed): the repository's translation of
 * SQLSTATE 23503. `reference` says which; the service decides what that means for the client.
 */
export class MissingReferenceError extends Error {
  override name = 'MissingReferenceError';
  constructor(readonly reference: 'user' | 'list' | 'parent') {
    super(`the referenced ${reference} does not exist`);
  }
}
