// The one error type the service throws on purpose. It carries its HTTP status and a stable
// machine code; the error handler renders it in the contract's shape.
export interface FieldError {
  field: string;
  message: string;
}

export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PRECONDITION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'REQUEST_TIMEOUT'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'SERVICE_UNAVAILABLE';

export class HttpError extends Error {
  override name = 'HttpError';
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

export const badRequest = (detail: string, fieldErrors?: FieldError[]) => new HttpError(400, 'VALIDATION_ERROR', detail, fieldErrors);
export const unprocessable = (detail: string, fieldErrors?: FieldError[]) => new HttpError(422, 'VALIDATION_ERROR', detail, fieldErrors);
/** challenge: the WWW-Authenticate value (RFC 6750), which says why as the detail does. */
export const unauthorized = (detail: string, challenge: string) =>
  new HttpError(401, 'UNAUTHORIZED', detail, undefined, { 'www-authenticate': challenge });
export const forbidden = (detail: string) => new HttpError(403, 'FORBIDDEN', detail);
export const notFound = (detail: string) => new HttpError(404, 'NOT_FOUND', detail);
export const preconditionFailed = (detail: string) => new HttpError(412, 'PRECONDITION_FAILED', detail);
export const serviceUnavailable = (detail = 'The database is unavailable; try again shortly.') =>
  new HttpError(503, 'SERVICE_UNAVAILABLE', detail, undefined, { 'retry-after': '1' });
