// Credentials never reach the log, even when a failure drags them along. While the database is
// unreachable, Better Auth's session lookup fails inside Drizzle, whose error message ends with
// the statement's parameters: the live session token. The request must still get its 503, the
// log must say what failed, and the token (and the password) must be nowhere in it.
// Two outages: the database closed under the app (PGlite or the suite's PostgreSQL), and a real
// PostgreSQL cut off by a TCP proxy (the local one when TEST_DATABASE_URL is unset).
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createDatabase, viaProxy, type PgDatabase } from '../helpers/pg-database.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { signUp, type TestUser } from '../helpers/users.js';

interface Capture {
  lines: string[];
  text(): string;
  entries(): Array<Record<string, unknown>>;
}

function capture(): Capture & { write(line: string): void } {
  const lines: string[] = [];
  return {
    lines,
    write: (line: string) => void lines.push(line),
    text: () => lines.join(''),
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** The requests a client makes with its session token or password while the database is away. */
async function duringOutage(t: TestApp, user: TestUser) {
  const viaToken = await t.app.inject({ url: '/api/me/tasks', headers: { authorization: `Bearer ${user.sessionToken}` } });
  const viaCookie = await t.app.inject({ url: '/api/me/tasks', headers: { cookie: user.cookie } });
  const jwt = await t.app.inject({ url: '/api/auth/token', headers: { authorization: `Bearer ${user.sessionToken}` } });
  const signIn = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email: user.email, password: user.password } });
  return { viaToken, viaCookie, jwt, signIn };
}

function expectNoSecrets(log: Capture, user: TestUser) {
  const text = log.text();
  const cookieValue = user.cookie.split('=').slice(1).join('=');
  expect(text).not.toContain(user.sessionToken);
  expect(text).not.toContain(decodeURIComponent(cookieValue));
  expect(text).not.toContain(user.password);
  expect(text).not.toContain(user.jwt);
  expect(text).not.toMatch(/params: (?!\[redacted\])/);
}

/** The 503s were logged, with what failed (type, message, cause chain), so the test is not vacuous. */
function expectFailureLogged(log: Capture) {
  const failures = log.entries().filter((e) => e.statusCode === 503 && e.err !== undefined);
  expect(failures.length, log.text()).toBeGreaterThan(0);
  const chain = JSON.stringify(failures[0]!.err);
  expect(chain).toMatch(/Failed query: select .*params: \[redacted\]/);
  expect(chain).toMatch(/"type":"\w+"/);
  expect(chain).toMatch(/"stack":"/);
}

let t: TestApp | undefined;
let proxy: TcpProxy | undefined;
let pgDatabase: PgDatabase | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});
afterAll(async () => {
  await proxy?.close();
  await pgDatabase?.drop();
});

describe('no credentials in the log when the database is unavailable', () => {
  it('the database closed under the app: 503s, logged without the session token', async () => {
    const log = capture();
    t = await buildTestApp({ LOG_LEVEL: 'debug' }, { logStream: log });
    const user = await signUp(t.app);
    await t.database.close();

    const { viaToken, viaCookie, jwt } = await duringOutage(t, user);
    for (const res of [viaToken, viaCookie]) {
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json().error_code).toBe('SERVICE_UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('1');
    }
    expect(jwt.statusCode).toBeGreaterThanOrEqual(500);
    expectFailureLogged(log);
    expectNoSecrets(log, user);
  });

  it('Better Auth\'s own log calls (an error as the message, or its text) go through without parameters', async () => {
    const log = capture();
    t = await buildTestApp({ LOG_LEVEL: 'debug' }, { logStream: log });
    // Better Auth's real logger, which calls the hook buildApp gave it, as its routes do
    // (e.g. list-sessions logs the caught error itself as the message).
    const { logger } = await t.app.auth.$context;
    const secret = 'live-session-token-0123456789';
    const failure = new Error(`Failed query: select * from "session" where "token" = $1\nparams: ${secret}`, { cause: Object.assign(new Error('PGlite is closed'), { detail: `Key (token)=(${secret})` }) });
    logger.error(failure as unknown as string);
    logger.error(`Failed to get session: ${failure.message}`);
    logger.error('INTERNAL_SERVER_ERROR', failure);
    const lines = log.entries().filter((e) => e.component === 'better-auth');
    expect(lines.length, log.text()).toBe(3);
    expect(log.text()).not.toContain(secret);
    expect(lines[0]!.err).toMatchObject({ type: 'Error', message: 'Failed query: select * from "session" where "token" = $1\nparams: [redacted]', cause: { message: 'PGlite is closed' } });
    expect(lines[1]!.msg).toBe('Failed to get session: Failed query: select * from "session" where "token" = $1\nparams: [redacted]');
    expect(lines[2]!.msg).toBe('INTERNAL_SERVER_ERROR');
  });

  it('PostgreSQL cut off by a TCP proxy: 503s, logged without the session token or the password', async () => {
    pgDatabase = await createDatabase('logs');
    proxy = await TcpProxy.start({ host: pgDatabase.host, port: pgDatabase.port });
    const log = capture();
    t = await buildTestApp({ LOG_LEVEL: 'debug', DATABASE_URL: viaProxy(pgDatabase.url, proxy.port), DB_CONNECT_TIMEOUT_MS: '1000' }, { logStream: log });
    const user = await signUp(t.app);
    await proxy.cut('refuse');

    const { viaToken, viaCookie, signIn } = await duringOutage(t, user);
    for (const res of [viaToken, viaCookie]) {
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json().error_code).toBe('SERVICE_UNAVAILABLE');
    }
    expect(signIn.statusCode).toBeGreaterThanOrEqual(500);
    expectFailureLogged(log);
    expectNoSecrets(log, user);
    await proxy.restore();
  }, 60_000);
});
