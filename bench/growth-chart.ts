// bench/growth.svg, written by hand (no chart library): list and search latency (one connection,
// p50 solid, p99 dashed) against the number of tasks in the table, on a logarithmic x axis.
import type { SuiteResults } from './results-types.js';

const WIDTH = 760;
const HEIGHT = 440;
const M = { left: 64, right: 210, top: 48, bottom: 56 };
const PLOT_W = WIDTH - M.left - M.right;
const PLOT_H = HEIGHT - M.top - M.bottom;

const COLORS: Record<string, string> = {
  'postgres list': '#1f6fb4',
  'postgres search': '#e8710a',
  'pglite list': '#2e9e4f',
  'pglite search': '#9b4dca',
};

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function formatRows(rows: number): string {
  if (rows >= 1e6) return `${rows / 1e6}M`;
  if (rows >= 1e3) return `${rows / 1e3}k`;
  return String(rows);
}

/** A round step giving about five ticks up to max. */
function tickStep(max: number): number {
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
}

export function growthChartSvg(suites: SuiteResults[], title: string): string {
  const series = suites.flatMap((suite) =>
    (['list', 'search'] as const).map((kind) => ({
      key: `${suite.kind} ${kind}`,
      label: `${suite.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'} ${kind}`,
      points: suite.growth.map((g) => ({ rows: g.tableRows, p50: g[kind].p50, p99: g[kind].p99 })),
    })),
  ).filter((s) => s.points.length > 0);
  const allRows = series.flatMap((s) => s.points.map((p) => p.rows));
  const minLog = Math.floor(Math.log10(Math.min(...allRows, 10_000)));
  const maxLog = Math.max(Math.ceil(Math.log10(Math.max(...allRows, 10_000))), minLog + 1);
  const maxMs = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.p99)));
  const step = tickStep(maxMs);
  const top = Math.ceil(maxMs / step) * step;
  const x = (rows: number) => M.left + ((Math.log10(rows) - minLog) / (maxLog - minLog)) * PLOT_W;
  const y = (ms: number) => M.top + PLOT_H - (ms / top) * PLOT_H;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`);
  out.push(`<text x="${M.left}" y="24" font-size="15" font-weight="600">${escape(title)}</text>`);
  for (let ms = 0; ms <= top + 1e-9; ms += step) {
    out.push(`<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${y(ms).toFixed(1)}" y2="${y(ms).toFixed(1)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${M.left - 8}" y="${(y(ms) + 4).toFixed(1)}" text-anchor="end" fill="#444">${Number(ms.toFixed(3))}</text>`);
  }
  for (let e = minLog; e <= maxLog; e++) {
    const px = x(10 ** e).toFixed(1);
    out.push(`<line x1="${px}" x2="${px}" y1="${M.top}" y2="${M.top + PLOT_H}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${px}" y="${M.top + PLOT_H + 18}" text-anchor="middle" fill="#444">${formatRows(10 ** e)}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${PLOT_W}" height="${PLOT_H}" fill="none" stroke="#999"/>`);
  out.push(`<text x="${M.left + PLOT_W / 2}" y="${HEIGHT - 14}" text-anchor="middle" fill="#222">tasks in the table (log scale); each measured user keeps the same tasks</text>`);
  out.push(`<text transform="translate(18 ${M.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle" fill="#222">latency, ms (one connection)</text>`);
  series.forEach((s, index) => {
    const color = COLORS[s.key] ?? '#333';
    for (const [field, dash] of [['p50', ''], ['p99', ' stroke-dasharray="5 4"']] as const) {
      const path = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.rows).toFixed(1)} ${y(p[field]).toFixed(1)}`).join(' ');
      out.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
      for (const p of s.points) {
        out.push(`<circle cx="${x(p.rows).toFixed(1)}" cy="${y(p[field]).toFixed(1)}" r="3" fill="${field === 'p50' ? color : '#fff'}" stroke="${color}"><title>${escape(`${s.label} ${field} at ${p.rows.toLocaleString('en')} rows: ${p[field]} ms`)}</title></circle>`);
      }
    }
    const ly = M.top + 10 + index * 22;
    const lx = M.left + PLOT_W + 16;
    out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${lx + 30}" y="${ly + 4}" fill="#222">${escape(s.label)}</text>`);
  });
  const ly = M.top + 10 + series.length * 22 + 8;
  const lx = M.left + PLOT_W + 16;
  out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="#555" stroke-width="2"/><text x="${lx + 30}" y="${ly + 4}" fill="#222">p50</text>`);
  out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly + 20}" y2="${ly + 20}" stroke="#555" stroke-width="2" stroke-dasharray="5 4"/><text x="${lx + 30}" y="${ly + 24}" fill="#222">p99</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
