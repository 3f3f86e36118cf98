// The processes under test: the service as `node <flags> dist/server.js`, with the node flags of
// package.json's start script (exactly what `npm start` runs), and the floor server, each on its own port on 127.0.0.1, with their output kept in bench/tmp.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TMP = path.join(ROOT, 'bench', 'tmp');

export interface RunningServer {
  name: string;
  pid: number;
  baseUrl: string;
  port: number;
  /** What the process has written to its log file (bench/tmp/<name>.log) since it started. */
  output(): string;
  stop(): Promise<void>;
}

/** dist/ as `npm start` would build it; only the server part when the web build is broken mid-edit. */
export function buildService(log: (line: string) => void): void {
  try {
    execFileSync('node', ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    log(`full build failed (${String((error as Error).message).split('\n')[0]}); building the server only`);
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited with ${child.exitCode} before it was ready; see ${logFile}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs / 1000} s; see ${logFile}`);
}

interface StartOptions {
  name: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  readyPath: string;
}

async function start(options: StartOptions): Promise<RunningServer> {
  fs.mkdirSync(TMP, { recursive: true });
  const logFile = path.join(TMP, `${options.name}.log`);
  const out = fs.openSync(logFile, 'a');
  const logStart = fs.fstatSync(out).size;
  const child = spawn('node', options.args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const baseUrl = `http://127.0.0.1:${options.port}`;
  try {
    await waitReady(`${baseUrl}${options.readyPath}`, child, logFile, 180_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name: options.name,
    pid: child.pid!,
    baseUrl,
    port: options.port,
    output: () => {
      const text = fs.readFileSync(logFile);
      return text.subarray(Math.min(logStart, text.length)).toString('utf8');
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killed);
    },
  };
}

/** The node flags `npm start` gives the service (package.json: "node <flags> dist/server.js"). */
function startScriptFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const match = /\bnode((?:\s+--\S+)*)\s+dist\/server\.js/.exec(pkg.scripts.start);
  if (!match) throw new Error('package.json start script does not run node dist/server.js');
  return match[1]!.trim().split(/\s+/).filter((flag) => flag !== '');
}

export interface ServiceOptions {
  /** The log file's name in bench/tmp (default service). */
  name?: string;
  port: number;
  secret: string;
  databaseUrl?: string;
  dataDir?: string;
  poolSize: number;
  cpuProfileDir?: string;
  /** More environment for the service, over the defaults (EVENTS_* settings, LOG_LEVEL). */
  env?: Record<string, string>;
}

export function startService(options: ServiceOptions): Promise<RunningServer> {
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PORT: String(options.port),
    HOST: '127.0.0.1',
    BETTER_AUTH_SECRET: options.secret,
    BETTER_AUTH_URL: `http://127.0.0.1:${options.port}`,
    // The service caps this setting at 1,000,000 per window: far above what the load can reach.
    AUTH_RATE_LIMIT_MAX: '1000000',
    LOG_LEVEL: 'warn',
    DB_POOL_SIZE: String(options.poolSize),
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.dataDir) env.DATA_DIR = options.dataDir;
  Object.assign(env, options.env);
  // For experiments with V8 or allocator flags (e.g. --trace-gc), in the service only.
  if (process.env.BENCH_SERVICE_NODE_OPTIONS) env.NODE_OPTIONS = process.env.BENCH_SERVICE_NODE_OPTIONS;
  const profile = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
  return start({ name: options.name ?? 'service', args: [...startScriptFlags(), ...profile, 'dist/server.js'], env, port: options.port, readyPath: '/ready' });
}

export interface FloorOptions {
  port: number;
  serviceUrl: string;
  databaseUrl?: string;
  pgliteDir?: string;
  poolSize: number;
  cpuProfileDir?: string;
  /** The service's BETTER_AUTH_SECRET: the floor checks and issues sync tokens with the service's codec. */
  authSecret?: string;
}

export function startFloor(options: FloorOptions): Promise<RunningServer> {
  const env: Record<string, string> = {
    PORT: String(options.port),
    SERVICE_URL: options.serviceUrl,
    DB_POOL_SIZE: String(options.poolSize),
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.pgliteDir) env.PGLITE_DIR = options.pgliteDir;
  if (options.authSecret) env.BETTER_AUTH_SECRET = options.authSecret;
  const profile = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
  return start({ name: 'floor', args: [...profile, '--import', 'tsx', 'bench/floor-server.ts'], env, port: options.port, readyPath: '/health' });
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
