// "User U may have new changes": the wake-up calls of the event streams, shared by the whole
// process. The triggers of drizzle/0005 send pg_notify('task_service_changes', '<user>:<seq>')
// at commit; one LISTEN connection hears them for every stream (push). Whether notifications
// really arrive is checked by notifying ourselves: behind a transaction-mode pooler the LISTEN
// succeeds and then hears nothing. While push is not proven to work, every watched user is
// woken once per poll interval instead, and the stream reads the log (poll). A wake-up carries
// no data: the reader always reads the log, so a lost or duplicated signal costs only latency.
import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import type { Listening } from '../db/listener.js';

export const CHANGES_CHANNEL = 'task_service_changes';
const PROBE_PREFIX = 'probe:';
/** How long a self-notification may take before push counts as not working. */
const PROBE_TIMEOUT_MS = 2000;
/** Push is re-checked this often (a silently dead connection, a pooler put in front later). */
const PROBE_EVERY_MS = 30_000;

export type Wake = () => void;

export interface ChangeSignalsOptions {
  pollMs: number;
  log: FastifyBaseLogger;
}

export class ChangeSignals {
  private readonly watchers = new Map<string, Set<Wake>>();
  private readonly listening: Listening;
  private pushWorks = false;
  private decided = false;
  private pendingProbe: { nonce: string; timer: NodeJS.Timeout } | undefined;
  private readonly pollTimer: NodeJS.Timeout;
  private readonly probeTimer: NodeJS.Timeout;

  constructor(private readonly database: Database, private readonly options: ChangeSignalsOptions) {
    this.listening = database.listen(CHANGES_CHANNEL, {
      onPayload: (payload) => this.heard(payload),
      onConnected: () => this.probe(),
      onLost: () => this.setPush(false),
    });
    this.pollTimer = setInterval(() => {
      if (!this.pushWorks) this.wakeAll();
    }, options.pollMs);
    this.pollTimer.unref();
    this.probeTimer = setInterval(() => this.probe(), PROBE_EVERY_MS);
    this.probeTimer.unref();
  }

  /** 'push' while notifications are proven to arrive, else 'poll'. */
  get mode(): 'push' | 'poll' {
    return this.pushWorks ? 'push' : 'poll';
  }

  /** Calls wake whenever the user may have new changes; returns the unsubscribe. */
  watch(userId: string, wake: Wake): () => void {
    let set = this.watchers.get(userId);
    if (!set) this.watchers.set(userId, (set = new Set()));
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0 && this.watchers.get(userId) === set) this.watchers.delete(userId);
    };
  }

  async close(): Promise<void> {
    clearInterval(this.pollTimer);
    clearInterval(this.probeTimer);
    if (this.pendingProbe) clearTimeout(this.pendingProbe.timer);
    await this.listening.close();
  }

  private heard(payload: string): void {
    if (payload.startsWith(PROBE_PREFIX)) {
      if (this.pendingProbe?.nonce === payload.slice(PROBE_PREFIX.length)) {
        clearTimeout(this.pendingProbe.timer);
        this.pendingProbe = undefined;
        this.setPush(true);
      }
      return;
    }
    const userId = payload.slice(0, payload.indexOf(':'));
    for (const wake of this.watchers.get(userId) ?? []) wake();
  }

  private probe(): void {
    if (this.pendingProbe) return;
    const nonce = crypto.randomUUID();
    const timer = setTimeout(() => {
      this.pendingProbe = undefined;
      this.setPush(false);
    }, PROBE_TIMEOUT_MS);
    timer.unref();
    this.pendingProbe = { nonce, timer };
    this.database.notify(CHANGES_CHANNEL, PROBE_PREFIX + nonce).catch(() => undefined);
  }

  private setPush(works: boolean): void {
    // The first outcome is logged either way, so the log says which mode an instance runs in.
    const decided = this.decided;
    this.decided = true;
    if (works === this.pushWorks && decided) return;
    this.pushWorks = works;
    this.options.log.info({ mode: this.mode }, works ? 'events: change notifications arrive; streams are pushed' : 'events: no change notifications; streams poll the change log');
    // Whatever was sent while the mode was changing may have been missed: everyone reads once.
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const set of this.watchers.values()) for (const wake of set) wake();
  }
}
