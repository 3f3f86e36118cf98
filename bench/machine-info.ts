// What the figures were measured on: the report prints it above every table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './server-processes.js';
import { connectPostgres } from './superuser-sql.js';
import type { MachineInfo } from './results-types.js';

const PACKAGES = ['fastify', 'drizzle-orm', 'pg', 'better-auth', 'jose', '@electric-sql/pglite', 'autocannon', 'typescript'];

function packageVersion(name: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

async function postgresVersion(url: string): Promise<string> {
  try {
    const sql = await connectPostgres(url);
    try {
      const [row] = await sql.query<{ version: string; settings: string }>(
        `select version() as version, (select string_agg(name || '=' || setting || coalesce(unit, ''), ', ' order by name) from pg_settings
          where name in ('shared_buffers', 'work_mem', 'max_connections', 'synchronous_commit', 'jit')) as settings`,
      );
      return `${row!.version.split(',')[0]} (${row!.settings})`;
    } finally {
      await sql.close();
    }
  } catch (error) {
    return `unreachable (${(error as Error).message})`;
  }
}

export async function machineInfo(postgresUrl: string): Promise<MachineInfo> {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    loadAverageAtEnd: [],
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: await postgresVersion(postgresUrl),
    packages: Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(name)])),
  };
}
