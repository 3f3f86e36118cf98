// The contract's error body, asserted the one way every test does it: the status (or one of
// several), the stable code, a detail, the request id that the x-request-id header also carries,
// no key outside the contract, no internals, and (when named) the fields at fault.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export interface ErrorBody {
  detail: string;
  error_code: string;
  field_errors?: Array<{ field: string; message: string }>;
  request_id: string;
}

const CONTRACT_KEYS = ['detail', 'error_code', 'field_errors', 'request_id'];
/** What must never reach a client: stack frames, SQL, driver or library names. */
export const INTERNALS = /stack|\bselect |\binsert |drizzle|postgres|pglite|\.ts:\d+|\bat .*\.ts|node_modules/i;

export function expectError(res: LightMyRequestResponse, status: number | number[], code: string, fields?: string[]): ErrorBody {
  expect([status].flat(), res.body).toContain(res.statusCode);
  expect(String(res.headers['content-type']), res.body).toMatch(/^application\/json/);
  const body = res.json() as ErrorBody;
  expect(body.error_code, res.body).toBe(code);
  expect(typeof body.detail).toBe('string');
  expect(body.detail).not.toBe('');
  expect(body.request_id).toBe(res.headers['x-request-id']);
  for (const key of Object.keys(body)) expect(CONTRACT_KEYS, `unexpected key ${key}`).toContain(key);
  expect(res.body).not.toMatch(INTERNALS);
  if (fields !== undefined) {
    const named = (body.field_errors ?? []).map((e) => e.field);
    for (const field of fields) expect(named, res.body).toContain(field);
  }
  return body;
}

/** A 401 with an RFC 6750 challenge: bare without credentials, else with the reason. */
export function expectUnauthorized(res: LightMyRequestResponse): ErrorBody {
  const body = expectError(res, 401, 'UNAUTHORIZED');
  expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="task-service"(, error="invalid_(request|token)", error_description="[^"\\]+")?$/);
  return body;
}
