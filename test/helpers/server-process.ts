// Real server processes for the reliability tests: `node dist/server.js` (built once by
// test/global-setup.ts), configured through the environment like production, on 127.0.0.1 only.
// Every process started here is remembered; stopAllServers() (afterAll/afterEach) and, as a last
// resort, this process's exit hook kill whatever is still running.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';
import { sleep } from './sleep.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER_ENTRY = path.join(ROOT, 'dist', 'server.js');
export const SERVER_SECRET = 'reliability-secret-0123456789abcdefghijklmnopqrstuvwxyz';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerOptions {
  /** PostgreSQL URL; without it the embedded database in dataDir. */
  databaseUrl?: string;
  /** The embedded database's home; a fresh temp dir when omitted (unused with databaseUrl). */
  dataDir?: string;
  /** A fixed port (restarts on the same address); a free one when omitted. */
  port?: number;
  env?: Record<string, string>;
  /** What to wait for before resolving: /health (default), /ready, or nothing. */
  wait?: 'health' | 'ready' | 'none';
  startTimeoutMs?: number;
}

export interface ServerProcess {
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Settles when the process has exited. */
  readonly exited: Promise<ExitInfo>;
  /** stdout and stderr so far. */
  output(): string;
  /** Sends the signal and waits for the exit (SIGKILL after timeoutMs if it lingers). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitInfo>;
}

const live = new Set<ServerProcess>();
const tempDirs: string[] = [];
process.once('exit', () => {
  for (const server of live) server.child.kill('SIGKILL');
  removeTempDirs();
});


/** A fresh directory, removed when the test process exits. */
export function tempDir(prefix = 'task-service-rel-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** The environment a server gets: production settings, nothing inherited that configures it. */
function serverEnv(options: ServerOptions, port: number, dataDir: string): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const name of Object.keys(inherited)) {
    if (/^(DATABASE_URL|DATABASE_LISTEN_URL|EVENTS_|REMINDERS_|WEBHOOK|NEON_DATABASE_URL|TEST_DATABASE_URL|BETTER_AUTH_|AUTH_|DB_|BODY_LIMIT|MAX_HEADER|REQUEST_TIMEOUT|SHUTDOWN_|VITEST)/.test(name)) delete inherited[name];
  }
  return {
    ...inherited,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    BETTER_AUTH_SECRET: SERVER_SECRET,
    BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
    AUTH_RATE_LIMIT_MAX: '100000',
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    DB_CONNECT_TIMEOUT_MS: '2000',
    DB_STATEMENT_TIMEOUT_MS: '5000',
    SHUTDOWN_GRACE_MS: '10000',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
}

function spawnServer(options: ServerOptions, port: number, dataDir: string): ServerProcess {
  const child = spawn(process.execPath, [SERVER_ENTRY], { cwd: ROOT, env: serverEnv(options, port, dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    // Bounded: a chatty server must not grow the test's memory without end.
    if (output.length < 1_000_000) output += chunk.toString('utf8');
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<ExitInfo>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const server: ServerProcess = {
    port,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    child,
    exited,
    output: () => output,
    stop: async (signal = 'SIGTERM', timeoutMs = 15_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const info = await exited;
      clearTimeout(timer);
      return info;
    },
  };
  live.add(server);
  void exited.then(() => live.delete(server));
  return server;
}

/** Polls path until it answers 200, the process exits, or the time is up. */
export async function waitFor(server: ServerProcess, urlPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${server.url}${urlPath}`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`server on ${server.port} not ${urlPath === '/ready' ? 'ready' : 'up'} (${exited ? 'exited' : 'timed out'}):\n${server.output().slice(-4000)}`);
}

export async function startServer(options: ServerOptions = {}): Promise<ServerProcess> {
  // With PostgreSQL nothing is kept in DATA_DIR (the secret comes from the environment).
  const dataDir = options.dataDir ?? (options.databaseUrl ? path.join(os.tmpdir(), 'task-service-rel-unused') : tempDir());
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const server = spawnServer(options, port, dataDir);
    if (options.wait === 'none') return server;
    try {
      await waitFor(server, options.wait === 'ready' ? '/ready' : '/health', options.startTimeoutMs ?? 60_000);
      return server;
    } catch (error) {
      await server.stop('SIGKILL');
      // Another process took the port between the probe and listen: try another one.
      if (options.port === undefined && attempt < 3 && server.output().includes('EADDRINUSE')) continue;
      throw error;
    }
  }
}

/** Removes the directories tempDir() made (afterAll, once their servers are stopped). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Kills every server still running (afterAll / afterEach). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...live].map((server) => server.stop('SIGKILL', 5000)));
}
