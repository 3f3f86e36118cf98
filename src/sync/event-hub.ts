// The open event streams of this process, grouped by user. A user's streams share one reader:
// woken by ChangeSignals, it reads the change log once after the oldest position among them
// (under the user's row-level security, like /changes) and hands each stream what it has not
// had. Positions are log numbers, and numbers follow commit order, so reading "after n" never
// skips a change; a stream opened with Last-Event-ID starts from that token and is replayed
// from the log by the same reader. Delivery is at least once: an object changed twice while a
// stream was away arrives once, in its latest state, as in /changes.
import type { FastifyBaseLogger } from 'fastify';
import { ServiceError } from '../errors.js';
import type { StreamEntry } from './sync.repository.js';
import { assertStillUsable, type SyncService } from './sync.service.js';
import type { SyncPoint } from './sync.token.js';
import type { ChangeSignals } from './change-signals.js';
import { SSE_HEARTBEAT, SseStream, sseEvent, sseIdOnly, sseRetry } from './sse-stream.js';

export interface EventLimits {
  heartbeatMs: number;
  maxStreamsPerUser: number;
  maxStreams: number;
  maxLifetimeMs: number;
}

/** Entries read per trip to the log; a longer backlog takes more trips. */
const READ_BATCH = 500;
/** After a failed read (database away), the user's streams try again this much later. */
const RETRY_READ_MS = 1000;
/** What EventSource waits before reconnecting after the stream ends. */
const RECONNECT_MS = 2000;

interface Subscriber {
  readonly stream: SseStream;
  /** Every change up to seq has been sent (or was before the stream's starting point). */
  seq: number;
  /** Deletions up to horizon are not sent (a snapshot that never had those objects). */
  horizon: number;
  /** False until the starting point is known: the reader skips it meanwhile. */
  ready: boolean;
}

interface UserFeed {
  readonly userId: string;
  readonly subscribers: Set<Subscriber>;
  reading: boolean;
  readAgain: boolean;
  unwatch: () => void;
}

export class EventHub {
  private readonly feeds = new Map<string, UserFeed>();
  private streams = 0;
  private closing = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly service: SyncService,
    private readonly signals: ChangeSignals,
    private readonly limits: EventLimits,
    private readonly log: FastifyBaseLogger,
  ) {
    // One timer for every stream: the comment keeps proxies from timing the stream out, and a
    // write to a client that stopped reading is what finds it out (see SseStream.write).
    this.heartbeat = setInterval(() => {
      for (const feed of this.feeds.values()) for (const subscriber of feed.subscribers) if (subscriber.ready) subscriber.stream.write(SSE_HEARTBEAT);
    }, limits.heartbeatMs);
    this.heartbeat.unref();
  }

  get openStreams(): number {
    return this.streams;
  }

  /**
   * Opens a stream for the user from `point` (a Last-Event-ID), or from now. Throws before
   * anything is written: 503 when the process has all the streams it takes (or is stopping),
   * 429 when the user has, 410 when the point's deletions are gone.
   */
  async open(userId: string, point: SyncPoint | undefined): Promise<SseStream> {
    if (this.closing || this.streams >= this.limits.maxStreams) {
      throw new ServiceError(503, 'SERVICE_UNAVAILABLE', 'This instance has all the event streams it takes; try again shortly.', undefined, { 'retry-after': '5' });
    }
    const feed = this.feedOf(userId);
    if (feed.subscribers.size >= this.limits.maxStreamsPerUser) {
      this.dropIfIdle(feed);
      throw new ServiceError(429, 'RATE_LIMITED', `At most ${this.limits.maxStreamsPerUser} event streams may be open per user; close one first.`, undefined, { 'retry-after': '10' });
    }
    const subscriber: Subscriber = { stream: new SseStream(), seq: 0, horizon: 0, ready: false };
    // Subscribed before the starting point is read: a change committed after that read wakes the
    // reader, so none falls between the two.
    feed.subscribers.add(subscriber);
    this.streams += 1;
    const lifetime = setTimeout(() => subscriber.stream.end(), this.limits.maxLifetimeMs * (0.9 + Math.random() * 0.2));
    lifetime.unref();
    subscriber.stream.onClose(() => {
      clearTimeout(lifetime);
      feed.subscribers.delete(subscriber);
      this.streams -= 1;
      this.dropIfIdle(feed);
    });
    try {
      const counter = await this.service.counter(userId);
      if (point) assertStillUsable(point, counter);
      const start = point ?? { seq: counter.last_seq, horizon: counter.last_seq };
      subscriber.seq = start.seq;
      subscriber.horizon = start.horizon;
      subscriber.stream.write(sseRetry(RECONNECT_MS) + sseIdOnly(this.service.tokens.encode(userId, start)));
      subscriber.ready = true;
    } catch (error) {
      subscriber.stream.end();
      throw error;
    }
    void this.read(feed);
    return subscriber.stream;
  }

  /** Ends every stream (shutdown): clients reconnect to another instance or after the restart. */
  closeAll(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const feed of [...this.feeds.values()]) for (const subscriber of [...feed.subscribers]) subscriber.stream.end();
  }

  private feedOf(userId: string): UserFeed {
    let feed = this.feeds.get(userId);
    if (!feed) {
      const created: UserFeed = { userId, subscribers: new Set(), reading: false, readAgain: false, unwatch: () => undefined };
      created.unwatch = this.signals.watch(userId, () => void this.read(created));
      this.feeds.set(userId, (feed = created));
    }
    return feed;
  }

  private dropIfIdle(feed: UserFeed): void {
    if (feed.subscribers.size > 0 || this.feeds.get(feed.userId) !== feed) return;
    feed.unwatch();
    this.feeds.delete(feed.userId);
  }

  /** Reads the log after the oldest ready position and delivers; wake-ups during a read coalesce into one more. */
  private async read(feed: UserFeed): Promise<void> {
    if (feed.reading) {
      feed.readAgain = true;
      return;
    }
    feed.reading = true;
    try {
      do {
        feed.readAgain = false;
        const ready = [...feed.subscribers].filter((s) => s.ready && s.stream.open);
        if (ready.length === 0) break;
        const from = Math.min(...ready.map((s) => s.seq));
        const entries = await this.service.logAfter(feed.userId, from, READ_BATCH);
        if (entries.length === READ_BATCH) feed.readAgain = true;
        this.deliver(feed.userId, entries, ready);
      } while (feed.readAgain);
    } catch (error) {
      this.log.warn({ err: error }, 'events: reading the change log failed; the streams try again shortly');
      const retry = setTimeout(() => void this.read(feed), RETRY_READ_MS);
      retry.unref();
    } finally {
      feed.reading = false;
    }
  }

  private deliver(userId: string, entries: StreamEntry[], subscribers: Subscriber[]): void {
    for (const entry of entries) {
      // The same text for every stream past its horizon (nearly always all of them).
      let common: string | undefined;
      for (const subscriber of subscribers) {
        if (entry.seq <= subscriber.seq) continue;
        if (entry.kind !== 'reminder' && entry.op === 'delete' && entry.seq <= subscriber.horizon) {
          subscriber.seq = entry.seq;
          continue;
        }
        let text: string;
        if (subscriber.horizon <= entry.seq) {
          common ??= this.eventText(userId, entry, { seq: entry.seq, horizon: entry.seq });
          text = common;
        } else {
          text = this.eventText(userId, entry, { seq: entry.seq, horizon: subscriber.horizon });
        }
        subscriber.seq = entry.seq;
        subscriber.stream.write(text);
      }
    }
  }

  private eventText(userId: string, entry: StreamEntry, point: SyncPoint): string {
    const token = this.service.tokens.encode(userId, point);
    if (entry.kind === 'reminder') {
      const dueDate = entry.due_date === null ? null : new Date(entry.due_date).toISOString();
      return sseEvent('reminder', token, { task_id: entry.task_id, title: entry.title, due_date: dueDate, late: entry.late });
    }
    return sseEvent('change', token, { kind: entry.kind, id: entry.object_id, op: entry.op, token });
  }
}
