// Load generation: autocannon (programmatic) at full speed, an evenly paced open-loop generator
// at a fixed rate, with latencies
// kept at full resolution (autocannon's own histogram rounds to whole milliseconds), and a
// one-connection latency probe for the growth curve.
import http from 'node:http';
import autocannon, { type Result as AutocannonResult } from 'autocannon';

export interface RequestSpec {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  baseUrl: string;
  connections: number;
  durationS: number;
  /** Requests per second over all connections; unset: as fast as the server answers. */
  overallRate?: number;
  next: () => RequestSpec;
  /** Sees every response body (used to collect the ids of created tasks). */
  onBody?: (status: number, body: string) => void;
}

export interface LoadResult {
  rps: number;
  requests: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** autocannon's own p99 (whole ms); NaN for runFixedRate, which measures from each request's due time. */
  p99Autocannon: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const onResponse = spec.onBody;
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.baseUrl,
        connections: spec.connections,
        duration: spec.durationS,
        timeout: 30,
        ...(spec.overallRate ? { overallRate: Math.max(1, Math.round(spec.overallRate)) } : {}),
        requests: [
          {
            setupRequest: (request) => ({ ...request, ...spec.next() }),
            ...(onResponse ? { onResponse: (status: number, body: string) => onResponse(status, body) } : {}),
          },
        ],
      },
      (error, value) => (error ? reject(error) : resolve(value)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  await drain(spec);
  const sorted = Float64Array.from(latencies).sort();
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
  const answered = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    rps: round(answered / result.duration, 1),
    requests: answered,
    p50: round(percentile(sorted, 50), 3),
    p90: round(percentile(sorted, 90), 3),
    p99: round(percentile(sorted, 99), 3),
    max: round(sorted.at(-1) ?? NaN, 3),
    p99Autocannon: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

/**
 * autocannon stops without waiting for the requests still in flight, and the server goes on
 * serving them (a sign-in's password hash takes a while). One more request of the same kind,
 * awaited, queues behind them, so the next run starts on a quiet server.
 */
async function drain(spec: LoadSpec): Promise<void> {
  const request = spec.next();
  try {
    const response = await fetch(`${spec.baseUrl}${request.path}`, {
      method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(300_000),
    });
    spec.onBody?.(response.status, await response.text());
  } catch {
    // A server that does not answer shows in the next run's figures.
  }
}

/**
 * The keep-alive sockets runFixedRate sends on (the caller destroys it). Pass the same agent to
 * the warm-up and the measured run: otherwise the measured run opens its connections while it is timed, and those
 * first requests (about 1% of a 5 s run at 32 connections) land in the p99.
 */
export function fixedRateAgent(connections: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: connections });
}

/**
 * Open-loop load at a fixed rate, evenly paced: request i is due at start + i / rate, whatever
 * the server is doing, on up to `connections` kept-alive sockets. Latency counts from when the
 * request was due, so a request that waits for a free socket is charged for the wait (no
 * coordinated omission). autocannon's overallRate is not used here: it lets each connection send
 * its share of a second back to back at the start of that second, so "half the maximum rate"
 * becomes a saturated burst followed by idleness, and the latencies are the saturated ones.
 */
export async function runFixedRate(spec: LoadSpec & { overallRate: number; agent: http.Agent }): Promise<LoadResult> {
  const { agent } = spec;
  const url = new URL(spec.baseUrl);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const request = spec.next();
      const outgoing = http.request(
        { host: url.hostname, port: url.port, method: request.method, path: request.path, headers: request.headers, agent, timeout: 30_000 },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            statusCodes[status] = (statusCodes[status] ?? 0) + 1;
            if (status >= 200 && status < 300) latencies.push(performance.now() - due);
            spec.onBody?.(status, Buffer.concat(chunks).toString('utf8'));
            resolve();
          });
        },
      );
      outgoing.on('timeout', () => {
        timeouts++;
        outgoing.destroy();
      });
      outgoing.on('error', () => {
        errors++;
        resolve();
      });
      outgoing.end(request.body);
    });
  const interval = 1000 / spec.overallRate;
  const total = Math.round(spec.overallRate * spec.durationS);
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    while (sent < total && started + sent * interval <= now) {
      inFlight.push(send(started + sent * interval));
      sent++;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + sent * interval - performance.now())));
  }
  await Promise.all(inFlight);
  const elapsedS = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const answered = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const non2xx = answered - latencies.length;
  return {
    rps: round(answered / elapsedS, 1),
    requests: answered,
    p50: round(percentile(sorted, 50), 3),
    p90: round(percentile(sorted, 90), 3),
    p99: round(percentile(sorted, 99), 3),
    max: round(sorted.at(-1) ?? NaN, 3),
    p99Autocannon: NaN,
    non2xx,
    errors,
    timeouts,
    statusCodes,
  };
}

export interface ProbeResult {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  non2xx: number;
}

/** Sequential requests on one kept-alive connection: latency without queueing. */
export async function probeLatency(baseUrl: string, count: number, next: () => RequestSpec): Promise<ProbeResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(baseUrl);
  const once = (spec: RequestSpec) =>
    new Promise<{ ms: number; status: number }>((resolve, reject) => {
      const started = performance.now();
      const request = http.request({ host: url.hostname, port: url.port, method: spec.method, path: spec.path, headers: spec.headers, agent }, (response) => {
        response.resume();
        response.on('end', () => resolve({ ms: performance.now() - started, status: response.statusCode ?? 0 }));
      });
      request.on('error', reject);
      request.end(spec.body);
    });
  const warmup = Math.min(50, Math.ceil(count / 5));
  for (let i = 0; i < warmup; i++) await once(next());
  const times: number[] = [];
  let non2xx = 0;
  for (let i = 0; i < count; i++) {
    const { ms, status } = await once(next());
    if (status < 200 || status >= 300) non2xx++;
    times.push(ms);
  }
  agent.destroy();
  const sorted = Float64Array.from(times).sort();
  return {
    p50: round(percentile(sorted, 50), 3),
    p90: round(percentile(sorted, 90), 3),
    p99: round(percentile(sorted, 99), 3),
    mean: round(times.reduce((a, b) => a + b, 0) / times.length, 3),
    non2xx,
  };
}
