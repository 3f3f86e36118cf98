// One migrated PGlite data directory per test run: the global setup makes it, every test app on
// the embedded database starts from a copy of it. PGlite's own start-up (initdb in WebAssembly) is
// most of a test file's fixed cost; loading a dump skips it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from '../../src/db/migrate.js';
import type { AppDb } from '../../src/db/client.js';

/** Where the global setup tells the workers the template is (inherited by every worker). */
export const TEMPLATE_ENV = 'TASK_SERVICE_PGLITE_TEMPLATE';

/** Makes the template (migrated at the code under test) and returns its path. */
export async function makePgliteTemplate(): Promise<string> {
  const client = await PGlite.create('memory://', { extensions: { btree_gin } });
  try {
    await migrate(drizzle(client) as unknown as AppDb);
    const dump = await client.dumpDataDir('none');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'task-service-template-')), 'pglite.tar');
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return file;
  } finally {
    await client.close();
  }
}

let cached: Blob | undefined;

/** The template as PGlite takes it, or undefined when this run has none (a file run on its own). */
export function pgliteTemplate(): Blob | undefined {
  const file = process.env[TEMPLATE_ENV];
  if (file === undefined || file === '' || !fs.existsSync(file)) return undefined;
  cached ??= new Blob([fs.readFileSync(file)]);
  return cached;
}
