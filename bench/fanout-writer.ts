// The fan-out's writer: task creates at a fixed rate, spread over the users in turn, open loop
// (write i is sent at start + i / rate whatever the service is doing) on kept-alive sockets. Each
// write keeps when it was sent, when its response arrived and the id of the task it made, which
// is how its events are found on the streams.
import http from 'node:http';
import type { BenchUser } from './bench-users.js';
import { CREATED_TAG } from './workloads.js';

export interface Write {
  user: number;
  sentAt: number;
  respondedAt: number;
  status: number;
  /** The created task's id (a 201), else undefined. */
  id: string | undefined;
}

export interface WriterSpec {
  baseUrl: string;
  users: BenchUser[];
  rate: number;
  durationS: number;
  /** Called about once a second while writing (the RSS sampler). */
  onSecond?: () => void;
}

const SOCKETS = 32;

export async function writeAtRate(spec: WriterSpec): Promise<{ writes: Write[]; elapsedS: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS });
  const url = new URL(spec.baseUrl);
  const writes: Write[] = [];
  const send = (i: number) =>
    new Promise<void>((resolve) => {
      const userIndex = i % spec.users.length;
      const user = spec.users[userIndex]!;
      // bench-new: the harness's clean-up removes these with the other tasks the load made.
      const body = JSON.stringify({ title: `Fan-out write ${i}`, tags: [CREATED_TAG] });
      const write: Write = { user: userIndex, sentAt: performance.now(), respondedAt: NaN, status: 0, id: undefined };
      const request = http.request(
        {
          host: url.hostname, port: url.port, method: 'POST', path: '/api/me/tasks', agent, timeout: 30_000,
          headers: { authorization: `Bearer ${user.jwt}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            write.respondedAt = performance.now();
            write.status = response.statusCode ?? 0;
            if (write.status === 201) write.id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id;
            writes.push(write);
            resolve();
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timed out')));
      request.on('error', () => {
        write.respondedAt = performance.now();
        writes.push(write);
        resolve();
      });
      request.end(body);
    });
  const interval = 1000 / spec.rate;
  const total = Math.round(spec.rate * spec.durationS);
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  let nextSecond = started + 1000;
  let sent = 0;
  try {
    while (sent < total) {
      const now = performance.now();
      while (sent < total && started + sent * interval <= now) inFlight.push(send(sent++));
      if (now >= nextSecond) {
        spec.onSecond?.();
        nextSecond += 1000;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + sent * interval - performance.now())));
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  return { writes, elapsedS: (performance.now() - started) / 1000 };
}
