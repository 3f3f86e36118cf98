// Writes bench/RESULTS.md and bench/growth.svg from a run's results. run.ts calls it at the end;
// `npx tsx bench/write-report.ts bench/results/<run>.json` rewrites them from saved figures.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { growthChartSvg } from './growth-chart.js';
import { resultsMarkdown, soakMarkdown, type SoakSummary } from './report-markdown.js';
import type { RunResults } from './results-types.js';

const BENCH = path.dirname(fileURLToPath(import.meta.url));

export function writeReportFiles(run: RunResults): string[] {
  const markdown = path.join(BENCH, 'RESULTS.md');
  const chart = path.join(BENCH, 'growth.svg');
  // The soak is its own command (bench/soak.ts); its latest figures are shown with the bench's.
  const soakFile = path.join(BENCH, 'results', 'soak.json');
  const soak = fs.existsSync(soakFile) ? `\n${soakMarkdown(JSON.parse(fs.readFileSync(soakFile, 'utf8')) as SoakSummary)}` : '';
  fs.writeFileSync(markdown, resultsMarkdown(run) + soak);
  const maxRows = Math.max(0, ...run.suites.flatMap((s) => s.growth.map((g) => g.tableRows)));
  const title = `List and search latency as the table grows to ${maxRows.toLocaleString('en')} tasks (${run.startedAt.slice(0, 10)})`;
  fs.writeFileSync(chart, growthChartSvg(run.suites, title));
  return [markdown, chart];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: npx tsx bench/write-report.ts bench/results/<run>.json\n');
    process.exit(2);
  }
  const written = writeReportFiles(JSON.parse(fs.readFileSync(file, 'utf8')) as RunResults);
  process.stdout.write(`wrote ${written.map((p) => path.relative(process.cwd(), p)).join(' and ')}\n`);
}
