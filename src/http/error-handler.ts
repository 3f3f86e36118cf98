// One handler renders every error the service returns in the contract's shape:
// {detail, error_code, field_errors?, request_id}. Internals (stack, SQL, driver messages) go to
// the server log only, never into a response, and only as loggableError makes them (no values).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError, type ErrorCode, type FieldError } from '../errors.js';
import { isDatabaseUnavailable, loggableError } from '../db/errors.js';

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** "/tags/3" → "tags[3]"; the missing or unknown property is named for required/additionalProperties. */
function fieldOf(issue: AjvIssue): string {
  const base = (issue.instancePath ?? '')
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
  const child = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  if (typeof child === 'string') return base === '' ? child : `${base}.${child}`;
  return base === '' ? 'body' : base;
}

function messageOf(issue: AjvIssue): string {
  if (issue.keyword === 'additionalProperties') return 'unknown field';
  if (issue.keyword === 'required') return 'is required';
  if (issue.keyword === 'enum' && Array.isArray(issue.params?.allowedValues)) {
    return `must be one of ${issue.params.allowedValues.join(', ')}`;
  }
  return issue.message ?? 'is invalid';
}

export function fieldErrorsOf(issues: AjvIssue[]): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue);
    // A nullable field's failure arrives once per branch of its anyOf, then as the anyOf itself:
    // report the first branch's complaint and nothing more for that field.
    if (out.some((e) => e.field === field)) continue;
    out.push({ field, message: issue.keyword === 'anyOf' ? 'is invalid' : messageOf(issue) });
  }
  return out;
}

const FASTIFY_CODES: Record<string, [number, ErrorCode, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be JSON (Content-Type: application/json).'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE', 'The body is larger than the limit.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'VALIDATION_ERROR', 'The Content-Length header does not match the body.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'VALIDATION_ERROR', 'The JSON body is empty.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'VALIDATION_ERROR', 'The body is not valid JSON.'],
  FST_ERR_CTP_INVALID_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'The Content-Type header is invalid.'],
  FST_ERR_CTP_EMPTY_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'The Content-Type header is empty.'],
  FST_ERR_BAD_URL: [400, 'VALIDATION_ERROR', 'The URL is malformed.'],
  // The router's limit (maxParamLength) is hit by a segment far too long to be a UUID or "me":
  // that is a malformed {id} or {user_id}, which the contract makes a 400.
  FST_ERR_MAX_PARAM_LENGTH: [400, 'VALIDATION_ERROR', 'A path segment is too long to be an id.'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'VALIDATION_ERROR', 'The request is malformed.'],
};

function genericCodeFor(status: number): ErrorCode {
  switch (status) {
    case 401: return 'UNAUTHORIZED';
    case 403: return 'FORBIDDEN';
    case 404: return 'NOT_FOUND';
    case 405: return 'METHOD_NOT_ALLOWED';
    case 408: return 'REQUEST_TIMEOUT';
    case 412: return 'PRECONDITION_FAILED';
    case 413: return 'PAYLOAD_TOO_LARGE';
    case 415: return 'UNSUPPORTED_MEDIA_TYPE';
    case 429: return 'RATE_LIMITED';
    case 503: return 'SERVICE_UNAVAILABLE';
    default: return 'VALIDATION_ERROR';
  }
}

/** Maps any thrown value to the ServiceError the client will see. */
export function toHttpError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  const e = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (Array.isArray(e.validation)) {
    const fieldErrors = fieldErrorsOf(e.validation);
    if (e.validationContext === 'body') {
      return new ServiceError(422, 'VALIDATION_ERROR', 'The request body is invalid.', fieldErrors);
    }
    const where = e.validationContext === 'params' ? 'path' : e.validationContext === 'headers' ? 'headers' : 'query string';
    return new ServiceError(400, 'VALIDATION_ERROR', `The ${where} is invalid.`, fieldErrors);
  }
  const known = typeof e.code === 'string' ? FASTIFY_CODES[e.code] : undefined;
  if (known) return new ServiceError(known[0], known[1], known[2]);
  if (isDatabaseUnavailable(error)) {
    return new ServiceError(503, 'SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly.', undefined, { 'retry-after': '1' });
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors; their messages describe the request, not internals.
    return new ServiceError(status, genericCodeFor(status), typeof e.message === 'string' && e.message !== '' ? e.message : 'The request is invalid.');
  }
  return new ServiceError(500, 'SERVER_ERROR', 'An unexpected error occurred. It has been logged; quote the request id when reporting it.');
}

export function sendHttpError(request: FastifyRequest, reply: FastifyReply, error: ServiceError): FastifyReply {
  if (error.headers) void reply.headers(error.headers);
  return reply
    .code(error.statusCode)
    .type('application/json; charset=utf-8')
    .send({
      detail: error.detail,
      error_code: error.code,
      ...(error.fieldErrors && error.fieldErrors.length > 0 ? { field_errors: error.fieldErrors } : {}),
      request_id: request.id,
    });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const httpError = toHttpError(error);
    if (httpError.statusCode >= 500) {
      // Only a sanitised copy: a driver error carries the statement's values (a session token
      // during an outage) in its message, and pg's `detail` quotes rows.
      request.log.error({ err: loggableError(error), statusCode: httpError.statusCode }, 'request failed');
    } else {
      request.log.info({ statusCode: httpError.statusCode, code: httpError.code }, httpError.detail);
    }
    return sendHttpError(request, reply, httpError);
  });
  app.setNotFoundHandler((request, reply) =>
    sendHttpError(request, reply, new ServiceError(404, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`)),
  );
}
