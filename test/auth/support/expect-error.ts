// The contract's error shape, asserted once for the auth tests.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as Record<string, unknown>;
  expect(body.error_code).toBe(code);
  expect(typeof body.detail).toBe('string');
  expect(body.request_id).toBe(res.headers['x-request-id']);
}

export function expectUnauthorized(res: LightMyRequestResponse): void {
  expectError(res, 401, 'UNAUTHORIZED');
  expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="task-service"(, error="invalid_(request|token)", error_description="[^"\\]+")?$/);
}
