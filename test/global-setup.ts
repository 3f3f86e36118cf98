// Runs once before the tests: builds what the reliability tests start as real processes
// (`node dist/server.js`), and makes the migrated PGlite template every embedded test app starts
// from. The build skips every part that is already up to date; runs that name only other test
// files (e.g. `vitest run test/tasks`) skip it altogether.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makePgliteTemplate, TEMPLATE_ENV } from './helpers/pglite-template.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** False only when every CLI filter names test files and none of them is a reliability test. */
function runsReliabilityTests(): boolean {
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-') && !['run', 'watch', 'dev'].includes(arg));
  if (filters.length === 0) return true;
  const files = (fs.readdirSync(path.join(root, 'test'), { recursive: true }) as string[])
    .map((file) => path.join('test', file))
    .filter((file) => file.endsWith('.test.ts'));
  return filters.some((filter) => {
    const matched = files.filter((file) => file.includes(filter) || path.resolve(root, file).includes(filter));
    return matched.length === 0 || matched.some((file) => file.includes(`reliability${path.sep}`));
  });
}

export default async function setup(): Promise<() => void> {
  if (runsReliabilityTests()) {
    // A failed build fails the run: the tests must exercise exactly the code under review.
    execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
  }
  // The embedded-database pass starts every test app from one migrated PGlite (the workers
  // inherit this environment); the PostgreSQL pass shares one migrated database instead.
  const onPostgres = (process.env.TEST_DATABASE_URL ?? '') !== '';
  const template = onPostgres ? undefined : await makePgliteTemplate();
  if (template) process.env[TEMPLATE_ENV] = template;
  return () => {
    if (template) fs.rmSync(path.dirname(template), { recursive: true, force: true });
  };
}
