// A user of a real server process, over HTTP (fetch), signed up through Better Auth's routes.
import crypto from 'node:crypto';

export interface HttpUser {
  id: string;
  email: string;
  password: string;
  /** Session token from sign-up: works as Authorization: Bearer. */
  sessionToken: string;
  /** A JWT from /api/auth/token ('' when signed up with mintJwt: false). */
  jwt: string;
}

export interface HttpResult {
  status: number;
  body: unknown;
  headers: Headers;
  ms: number;
}

/** One request with a bound on its duration; the body parsed as JSON when it is JSON. */
export async function request(
  url: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpResult> {
  const started = performance.now();
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: res.status, body, headers: res.headers, ms: performance.now() - started };
}

export async function signUpHttp(baseUrl: string, options: { email?: string; mintJwt?: boolean } = {}): Promise<HttpUser> {
  const email = options.email ?? `rel-${crypto.randomUUID().slice(0, 12)}@example.test`;
  const password = 'correct horse battery';
  const signUp = await request(`${baseUrl}/api/auth/sign-up/email`, { method: 'POST', body: { name: 'Reliability', email, password } });
  if (signUp.status !== 200) throw new Error(`sign-up failed: ${signUp.status} ${JSON.stringify(signUp.body)}`);
  const { token, user } = signUp.body as { token: string; user: { id: string } };
  if (options.mintJwt === false) return { id: user.id, email, password, sessionToken: token, jwt: '' };
  const jwt = await request(`${baseUrl}/api/auth/token`, { token });
  if (jwt.status !== 200) throw new Error(`token failed: ${jwt.status} ${JSON.stringify(jwt.body)}`);
  return { id: user.id, email, password, sessionToken: token, jwt: (jwt.body as { token: string }).token };
}

/** Every task of the user, all pages (bounded). */
export async function listAllTasks(baseUrl: string, token: string): Promise<Array<{ id: string; title: string }>> {
  const all: Array<{ id: string; title: string }> = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const query: string = `limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await request(`${baseUrl}/api/me/tasks?${query}`, { token });
    if (res.status !== 200) throw new Error(`list failed: ${res.status} ${JSON.stringify(res.body)}`);
    const body = res.body as { items: Array<{ id: string; title: string }>; next_cursor: string | null };
    all.push(...body.items);
    cursor = body.next_cursor;
    if (cursor === null) return all;
  }
  throw new Error('more than 100 pages');
}
