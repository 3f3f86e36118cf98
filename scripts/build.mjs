// Builds what `npm start` serves: the server (tsc → dist/) and the web app (Vite → web/dist/).
// With --if-stale, skips each part whose output is newer than all of its sources, so a second
// `npm start` starts at once. Builds take turns (a lock), so two started at once (two test files,
// two terminals) never write dist/ together: the second waits, then finds it up to date.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ifStale = process.argv.includes('--if-stale');

function newest(paths) {
  let latest = 0;
  const visit = (p) => {
    let stat;
    try { stat = fs.statSync(p); } catch { return; }
    if (stat.isDirectory()) {
      if (['node_modules', 'dist'].includes(path.basename(p))) return;
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    } else latest = Math.max(latest, stat.mtimeMs);
  };
  paths.forEach((p) => visit(path.join(root, p)));
  return latest;
}

function stampTime(stamp) {
  try { return fs.statSync(path.join(root, stamp)).mtimeMs; } catch { return 0; }
}

function step(name, sources, stamp, command, args) {
  if (ifStale && stampTime(stamp) > newest(sources)) return;
  process.stdout.write(`building ${name}...\n`);
  execFileSync(command, args, { cwd: root, stdio: 'inherit' });
  fs.mkdirSync(path.dirname(path.join(root, stamp)), { recursive: true });
  fs.writeFileSync(path.join(root, stamp), new Date().toISOString());
}

const lockDir = path.join(root, 'node_modules', '.cache', 'task-service-build.lock');

/** The lock's holder has exited (a build stopped by Ctrl-C leaves its lock behind). */
function holderGone() {
  let pid;
  try { pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8')); } catch { return false; }
  try { process.kill(pid, 0); return false; } catch (error) { return error.code === 'ESRCH'; }
}

function withLock(build) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (holderGone()) fs.rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another build has held ${lockDir} for 10 minutes; remove it if no build is running`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    build();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
withLock(() => {
  step('server', ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'], 'dist/.built', bin('tsc'), ['-p', 'tsconfig.build.json']);
  // The web app's sources: its own, and what it imports from the server's (the schemas for types,
  // limits.ts for the limits and priorities it checks before a round trip).
  step('web app', ['web', 'src/tasks/tasks.schemas.ts', 'src/lists/lists.schemas.ts', 'src/settings/settings.schemas.ts', 'src/recurrence/recurrence.rule.ts', 'src/limits.ts', 'src/http/error-schema.ts', 'src/errors.ts', 'package.json'], 'web/dist/.built', bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
});
