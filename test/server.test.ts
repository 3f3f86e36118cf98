// `node dist/server.js` with a missing or malformed setting stops before it serves anything:
// exit code 1 and exactly one line on stderr naming the setting (no stack trace to dig through).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signUpHttp } from './helpers/http-client.js';
import { ROOT, removeTempDirs, startServer, stopAllServers } from './helpers/server-process.js';

beforeAll(() => {
  // test/global-setup.ts builds dist/ only for reliability runs.
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
}, 240_000);

afterAll(async () => {
  await stopAllServers();
  removeTempDirs();
});

/** Starts the server with env on top of production settings; its exit and its stderr lines. */
async function startFailing(env: Record<string, string>, dataDir?: string) {
  const server = await startServer({ env, wait: 'none', ...(dataDir ? { dataDir } : {}) });
  let stderr = '';
  server.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = await server.exited;
  return { exit, lines: stderr.split('\n').filter((line) => line !== '') };
}

it('will not run in production without BETTER_AUTH_SECRET', async () => {
  const { exit, lines } = await startFailing({ NODE_ENV: 'production', BETTER_AUTH_SECRET: '' });
  expect(exit).toEqual({ code: 1, signal: null });
  expect(lines).toEqual(['task-service: BETTER_AUTH_SECRET is required when NODE_ENV=production (try: openssl rand -base64 32)']);
}, 60_000);

it('will not start with a JWT_EXPIRATION it could not sign tokens with', async () => {
  const { exit, lines } = await startFailing({ JWT_EXPIRATION: 'fifteen minutes' });
  expect(exit).toEqual({ code: 1, signal: null });
  expect(lines).toEqual(['task-service: JWT_EXPIRATION must be a duration of at least one second, like 15m, 1h or 900s (got "fifteen minutes")']);
}, 60_000);

it('starts with a well-formed JWT_EXPIRATION and issues JWTs that live that long', async () => {
  const server = await startServer({ env: { JWT_EXPIRATION: '2 hours' } });
  const { jwt } = await signUpHttp(server.url);
  const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
  expect(claims.exp - claims.iat).toBe(7200);
  await server.stop();
}, 60_000);

it('will not start with a secret that cannot open the JWT signing key in the database, and starts again with the right one', async () => {
  const first = await startServer();
  const { jwt } = await signUpHttp(first.url); // the first JWT creates the signing key, encrypted with the secret
  expect(jwt.split('.')).toHaveLength(3);
  await first.stop();

  const { exit, lines } = await startFailing({ BETTER_AUTH_SECRET: 'another-secret-0123456789abcdefghijklmnopqrstuvwxyz' }, first.dataDir);
  expect(exit).toEqual({ code: 1, signal: null });
  expect(lines).toEqual([
    'task-service: BETTER_AUTH_SECRET is not the secret that encrypted the JWT signing key stored in the database: ' +
      'use that secret (every instance on one database must share it), or delete the rows of the jwks table to start with a new key',
  ]);

  const again = await startServer({ dataDir: first.dataDir });
  expect((await signUpHttp(again.url)).jwt.split('.')).toHaveLength(3);
  await again.stop();
}, 120_000);
