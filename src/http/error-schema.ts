// The contract's error body, as a schema: the OpenAPI document lists it on every route.
import { Type, type Static } from 'typebox';
import { ERROR_CODES } from '../errors.js';

export const ErrorBody = Type.Object(
  {
    detail: Type.String({ description: 'Human-readable message.' }),
    error_code: Type.String({
      description: 'Stable machine code.',
      enum: [...ERROR_CODES],
    }),
    field_errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() }, { additionalProperties: false }), {
        description: 'Present only when fields are at fault.',
      }),
    ),
    request_id: Type.String({ description: 'Also sent as the x-request-id header and written in the server log.' }),
  },
  { $id: 'Error', additionalProperties: false },
);

export type ErrorBodyDto = Static<typeof ErrorBody>;

const ref = Type.Ref('Error');

// The headers the service sends with some errors (see errors.ts), documented where they are
// sent so generated clients and the docs know them.
const ERROR_HEADERS: Record<number, Record<string, { type: string; enum?: string[]; description: string }>> = {
  401: {
    'WWW-Authenticate': {
      type: 'string',
      description:
        'RFC 6750 challenge: Bearer realm="task-service", plus error="invalid_request" (malformed Authorization header) or ' +
        'error="invalid_token" (bad signature, expired, wrong audience, ended session) with an error_description that says why.',
    },
  },
  429: { 'Retry-After': { type: 'integer', description: 'Seconds to wait before retrying.' } },
  503: { 'Retry-After': { type: 'integer', description: 'Seconds to wait before retrying.' } },
};

/** Response entries for a route's schema: each status maps to the shared Error body. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, ERROR_HEADERS[status] ? { ...ref, headers: ERROR_HEADERS[status] } : ref]));
}
