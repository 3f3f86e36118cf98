// Builds what `npm start` serves: the server (tsc → dist/) and the web app (Vite → web/dist/).
// With --if-stale, skips each part whose output is newer than all of its sources, so a second
// `npm start` starts at once.
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

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
step('server', ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'], 'dist/.built', bin('tsc'), ['-p', 'tsconfig.build.json']);
step('web app', ['web', 'src/tasks/tasks.schemas.ts', 'package.json'], 'web/dist/.built', bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
