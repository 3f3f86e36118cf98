// Signed-up users for tests, made through the same HTTP routes people use.
import crypto from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  name: string;
  /** The session token from sign-up (works as Authorization: Bearer). */
  sessionToken: string;
  /** The session cookie header value ("name=value"). */
  cookie: string;
  /** A JWT from /api/auth/token. */
  jwt: string;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 12)}@example.test`;
}

export async function signUp(app: FastifyInstance, overrides: { email?: string; password?: string; name?: string } = {}): Promise<TestUser> {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? 'correct horse battery';
  const name = overrides.name ?? 'Test User';
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-up/email', payload: { name, email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { token: string; user: { id: string } };
  const setCookie = [res.headers['set-cookie']].flat().find((c) => typeof c === 'string' && c.includes('session_token='));
  const cookie = setCookie!.split(';')[0]!;
  const tokenRes = await app.inject({ method: 'GET', url: '/api/auth/token', headers: { authorization: `Bearer ${body.token}` } });
  if (tokenRes.statusCode !== 200) throw new Error(`token failed: ${tokenRes.statusCode} ${tokenRes.body}`);
  return { id: body.user.id, email, password, name, sessionToken: body.token, cookie, jwt: (tokenRes.json() as { token: string }).token };
}

/** Requests as a user (with their JWT unless headers say otherwise). */
export function as(app: FastifyInstance, user: TestUser | null) {
  const call = (method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    app.inject({
      method,
      url,
      headers: { ...(user ? { authorization: `Bearer ${user.jwt}` } : {}), ...headers },
      ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
    });
  return {
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, payload?: unknown, headers?: Record<string, string>) => call('POST', url, payload, headers),
    put: (url: string, payload?: unknown, headers?: Record<string, string>) => call('PUT', url, payload, headers),
    patch: (url: string, payload?: unknown, headers?: Record<string, string>) => call('PATCH', url, payload, headers),
    delete: (url: string, headers?: Record<string, string>) => call('DELETE', url, undefined, headers),
  };
}
