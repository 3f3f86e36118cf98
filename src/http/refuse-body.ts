// A preValidation hook for routes that take no body (/complete, DELETE).
import type { preValidationHookHandler } from 'fastify';
import { unprocessable } from '../errors.js';

/**
 * For routes that take no body (/complete, DELETE): nothing, null or {} is fine; anything else
 * would be silently ignored (a client sending {"is_completed": true} to /complete would see the
 * task flip the other way), so it is a 422 naming the fields, as for any unknown field.
 */
export const refuseBody: preValidationHookHandler = (request, _reply, done) => {
  const body = request.body;
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  if (body === undefined || body === null || (isObject && Object.keys(body).length === 0)) {
    done();
    return;
  }
  const fieldErrors = isObject
    ? Object.keys(body).map((field) => ({ field, message: 'unknown field: this route takes no body' }))
    : [{ field: 'body', message: 'this route takes no body' }];
  done(unprocessable('This route takes no body.', fieldErrors));
};
