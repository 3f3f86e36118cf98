// One open text/event-stream response. Writes go to a PassThrough that Fastify pipes to the
// socket; what the client has not read yet stays in its buffer, and past a bound the client is
// dropped rather than buffered for without end (it reconnects with Last-Event-ID and loses nothing).
import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';

/** Unread bytes a stream may hold before its client counts as too slow and is dropped. */
export const MAX_UNREAD_BYTES = 256 * 1024;
/** After a clean end, how long the client has to hang up before its connection is cut. */
const HANG_UP_MS = 1000;

export class SseStream {
  readonly body = new PassThrough();
  private ended = false;
  private readonly closeHandlers: Array<() => void> = [];
  /** The response's connection (set by the route), cut if a client does not hang up after the end. */
  socket: Socket | null = null;

  constructor() {
    // The response ends (client gone, socket error, Fastify destroying it): tell the owner once.
    this.body.once('close', () => this.finish());
  }

  get open(): boolean {
    return !this.ended;
  }

  onClose(handler: () => void): void {
    this.closeHandlers.push(handler);
  }

  /** Writes one ready-made chunk; drops the client when it is too far behind. */
  write(chunk: string): void {
    if (this.ended) return;
    this.body.write(chunk);
    if (this.body.writableLength + this.body.readableLength > MAX_UNREAD_BYTES) this.body.destroy();
  }

  /** A clean end (shutdown, lifetime over): the client sees the stream end and reconnects. */
  end(): void {
    if (this.ended) return;
    this.body.end();
    this.finish();
    // A client that stops reading never takes the last chunk nor closes: it would hold a shutdown.
    const socket = this.socket;
    if (socket) setTimeout(() => socket.destroy(), HANG_UP_MS).unref();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    for (const handler of this.closeHandlers.splice(0)) handler();
  }
}

/** The SSE wire form of one event; `data` is one line of JSON, so it never needs splitting. */
export function sseEvent(event: string, id: string | undefined, data: unknown): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * An id with no data: browsers record it as the last event id (sent back as Last-Event-ID on
 * reconnect) without firing any event, so even a quiet stream resumes from where it began.
 */
export function sseIdOnly(id: string): string {
  return `id: ${id}\n\n`;
}

export const SSE_HEARTBEAT = ': ping\n\n';
export const sseRetry = (ms: number) => `retry: ${ms}\n\n`;
