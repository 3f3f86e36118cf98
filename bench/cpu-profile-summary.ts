// Reads the .cpuprofile that `node --cpu-prof` writes when the service exits and returns where
// its busy time went: the top functions by self time, and the same grouped by package.
import fs from 'node:fs';
import path from 'node:path';
import type { ProfileEntry } from './results-types.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const IDLE = new Set(['(idle)', '(program)', '(root)']);

function packageOf(url: string): string {
  if (url === '') return '(native: V8, GC, builtins)';
  if (url.startsWith('node:')) return 'node core';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  if (url.includes('/dist/')) return 'service (dist/)';
  return path.basename(url);
}

function shortLocation(url: string, line: number): string {
  const inModules = url.lastIndexOf('node_modules/');
  const shown = inModules >= 0 ? url.slice(inModules + 'node_modules/'.length) : url.replace(/^file:\/\/.*?\/dist\//, 'dist/');
  return shown === '' ? '' : `${shown}:${line + 1}`;
}

/** Top entries by self time of the newest main-thread profile in dir: functions first, then packages (location "package"). */
export function summarizeCpuProfile(dir: string, top = 25): ProfileEntry[] {
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: the main thread is thread 0 (tsx's loader has its own).
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f)) : [];
  if (files.length === 0) return [];
  const newest = files.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0]!;
  const profile = JSON.parse(fs.readFileSync(newest, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n] as const));
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byFunction = new Map<string, { name: string; location: string; hits: number }>();
  const byPackage = new Map<string, number>();
  let busy = 0;
  for (const [id, count] of hits) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (IDLE.has(functionName)) continue;
    busy += count;
    const name = functionName || '(anonymous)';
    const key = `${name}@${url}:${lineNumber}`;
    const entry = byFunction.get(key) ?? { name, location: shortLocation(url, lineNumber), hits: 0 };
    entry.hits += count;
    byFunction.set(key, entry);
    const pkg = functionName === '(garbage collector)' ? '(garbage collector)' : packageOf(url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + count);
  }
  const percent = (n: number) => Math.round((1000 * n) / Math.max(1, busy)) / 10;
  const functions = [...byFunction.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, top)
    .map((e) => ({ selfPercent: percent(e.hits), functionName: e.name, location: e.location }));
  const packages = [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([name, n]) => ({ selfPercent: percent(n), functionName: name, location: 'package' }));
  return [...functions, ...packages];
}
