// Without BETTER_AUTH_SECRET (development, tests) the service generates one secret into
// DATA_DIR/auth-secret and keeps it: readable by its owner only, the same across restarts and
// across processes starting at once, and a file too short to be a secret is refused, not used.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAuthSecret } from '../../src/auth/secret.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { onPostgres } from '../helpers/app.js';
import { createDatabase, type PgDatabase } from '../helpers/pg-database.js';
import { ROOT, removeTempDirs, startServer, stopAllServers, tempDir } from '../helpers/server-process.js';

const configIn = (dataDir: string) => loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

beforeAll(() => {
  // The real server processes below run dist/ (test/global-setup.ts builds it only for reliability runs).
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
}, 240_000);

afterAll(async () => {
  await stopAllServers();
  removeTempDirs();
});

describe('resolveAuthSecret', () => {
  it('generates a strong secret on first use into a file only its owner can read, then reuses it', () => {
    const dir = path.join(tempDir(), 'data');
    const secret = resolveAuthSecret(configIn(dir));
    const file = path.join(dir, 'auth-secret');
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(secret);
    expect(modeOf(file)).toBe(0o600);
    expect(resolveAuthSecret(configIn(dir))).toBe(secret);
    // No temp file is left behind.
    expect(fs.readdirSync(dir)).toEqual(['auth-secret']);
  });

  it('prefers BETTER_AUTH_SECRET and then writes nothing', () => {
    const dir = tempDir();
    const secret = 'from-the-environment-0123456789abcdef';
    expect(resolveAuthSecret(loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, BETTER_AUTH_SECRET: secret }))).toBe(secret);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a file too short to be a secret (empty after a crash, or touched), naming it', () => {
    for (const content of ['', '\n', 'short-secret\n', 'x'.repeat(31)]) {
      const dir = tempDir();
      const file = path.join(dir, 'auth-secret');
      fs.writeFileSync(file, content);
      let error: unknown;
      try {
        resolveAuthSecret(configIn(dir));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toMatch(/needs at least 32/);
      // Left as it was: the person decides what to do with it.
      expect(fs.readFileSync(file, 'utf8')).toBe(content);
    }
  });

  it('gives processes starting at once one secret', async () => {
    // Each process waits for the same instant, then resolves the secret in the same 30 directories.
    const dirs = Array.from({ length: 30 }, () => tempDir());
    const startAt = Date.now() + 1500;
    const script = `
      const { resolveAuthSecret } = await import(process.argv[1]);
      const dirs = JSON.parse(process.argv[2]);
      while (Date.now() < Number(process.argv[3])) {}
      process.stdout.write(JSON.stringify(dirs.map((dataDir) => resolveAuthSecret({ auth: {}, dataDir }))));`;
    const entry = pathToFileURL(path.join(ROOT, 'dist', 'auth', 'secret.js')).href;
    const run = () =>
      new Promise<string[]>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script, entry, JSON.stringify(dirs), String(startAt)], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.once('error', reject);
        child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`exit ${code}`))));
      });
    const results = await Promise.all(Array.from({ length: 6 }, run));
    dirs.forEach((dir, i) => {
      const kept = fs.readFileSync(path.join(dir, 'auth-secret'), 'utf8').trim();
      expect(kept.length).toBeGreaterThanOrEqual(32);
      expect(results.map((secrets) => secrets[i])).toEqual(results.map(() => kept));
      expect(fs.readdirSync(dir)).toEqual(['auth-secret']);
    });
  }, 60_000);
});

describe('a server without BETTER_AUTH_SECRET', () => {
  // On PostgreSQL a database of its own: the shared test database holds JWT keys encrypted with
  // the other tests' secret, which a generated secret cannot decrypt (instances sharing a database
  // must share BETTER_AUTH_SECRET).
  let database: PgDatabase | undefined;
  beforeAll(async () => {
    if (onPostgres) database = await createDatabase('secret');
  });
  afterAll(async () => {
    await stopAllServers();
    await database?.drop();
  });
  const serverOptions = (dataDir: string) => ({
    dataDir,
    ...(database ? { databaseUrl: database.url } : {}),
    env: { NODE_ENV: 'development', BETTER_AUTH_SECRET: '' },
  });

  it('keeps its generated secret across restarts: sessions and JWT keys still work', async () => {
    const dataDir = tempDir();
    const first = await startServer(serverOptions(dataDir));
    const file = path.join(dataDir, 'auth-secret');
    expect(modeOf(file)).toBe(0o600);
    const signUp = await fetch(`${first.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Restart', email: `restart-${Date.now()}@example.test`, password: 'correct horse battery' }),
    });
    expect(signUp.status).toBe(200);
    // The cookie carries the secret's signature; the JWT signing key is encrypted with it.
    const cookie = signUp.headers.getSetCookie().find((c) => c.includes('session_token='))!.split(';')[0]!;
    expect((await fetch(`${first.url}/api/auth/token`, { headers: { cookie } })).status).toBe(200);
    const secret = fs.readFileSync(file, 'utf8');
    await first.stop();

    const second = await startServer({ ...serverOptions(dataDir), port: first.port });
    expect(fs.readFileSync(file, 'utf8')).toBe(secret);
    const session = await fetch(`${second.url}/api/auth/get-session`, { headers: { cookie } });
    expect(session.status).toBe(200);
    expect(((await session.json()) as { user?: { name: string } } | null)?.user?.name).toBe('Restart');
    expect((await fetch(`${second.url}/api/auth/token`, { headers: { cookie } })).status).toBe(200);
    await second.stop();
  }, 120_000);

  it('refuses to start on a secret file too short to be one: one line naming it, exit 1', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'auth-secret');
    fs.writeFileSync(file, '');
    const server = await startServer({ ...serverOptions(dataDir), wait: 'none' });
    let stderr = '';
    server.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(stderr.split('\n')).toEqual([`task-service: ${file} holds 0 characters, but a secret needs at least 32: delete it to generate a new one, or set BETTER_AUTH_SECRET`, '']);
  }, 120_000);
});
