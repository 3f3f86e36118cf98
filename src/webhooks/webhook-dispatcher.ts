// Sends queued webhook deliveries: every pollMs it finds the users with deliveries due (across
// users, as task_scheduler), and for each user claims a batch in one short transaction (the
// claim sets the retry time, which is also the lease), sends them, then records each outcome in
// another. Nothing is held open while a receiver answers. A process killed mid-attempt leaves
// the claimed rows to be retried when their lease ends: at least once, never lost. Retries back
// off exponentially with jitter, up to an hour apart; after giveUpAfterMs the delivery is
// dropped and its hook marked failing.
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import type { Config } from '../config.js';
import { PollingLoop } from '../polling-loop.js';
import { sendAttempt } from './webhook-sender.js';
import type { SecretBox } from './webhook-secret-box.js';
import { WebhooksRepository, type ClaimedDelivery } from './webhooks.repository.js';
import { deliveryData } from './webhook-payload.js';

const USERS_PER_ROUND = 50;
const PER_USER_BATCH = 20;
const MAX_DELAY_MS = 3_600_000;
const PARALLEL_USERS = 8;

export class WebhookDispatcher {
  private readonly loop: PollingLoop;

  constructor(
    private readonly database: Database,
    private readonly options: Config['webhooks'],
    private readonly box: SecretBox,
    private readonly log: FastifyBaseLogger,
  ) {
    this.loop = new PollingLoop(() => this.sendDue(), { name: 'webhooks', pollMs: options.pollMs, firstRoundMs: Math.min(250, options.pollMs) }, log);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Sends what is due now; the number of attempts made. Ticks never overlap. */
  tick(): Promise<number> {
    return this.loop.tick();
  }

  private get stopped(): boolean {
    return this.loop.stopped;
  }

  /** When attempt n, if it fails, is tried again: base·2^(n-1), capped, ±25% jitter; never before this attempt's own deadline. */
  private retryAt(now: Date, attempts: number): Date {
    const delay = Math.min(this.options.retryBaseMs * 2 ** Math.min(attempts - 1, 30), MAX_DELAY_MS) * (0.75 + Math.random() * 0.5);
    return new Date(now.getTime() + Math.max(delay, this.options.timeoutMs + 1000));
  }

  private async sendDue(): Promise<number> {
    const now = new Date();
    const users = await this.database.asScheduler((tx) => new WebhooksRepository(tx).dueUsers(now, USERS_PER_ROUND));
    let attempts = 0;
    for (let i = 0; i < users.length && !this.stopped; i += PARALLEL_USERS) {
      const counts = await Promise.all(users.slice(i, i + PARALLEL_USERS).map((userId) => this.sendFor(userId, now)));
      attempts += counts.reduce((a, b) => a + b, 0);
    }
    return attempts;
  }

  private async sendFor(userId: string, now: Date): Promise<number> {
    const claimed = await this.database.asUser(userId, (tx) => new WebhooksRepository(tx).claim(userId, now, (n) => this.retryAt(now, n), PER_USER_BATCH));
    // In order: a hook's deliveries for one task are claimed one at a time anyway; across tasks
    // sending in sequence keeps a slow receiver from being hit in parallel.
    for (const delivery of claimed) {
      if (this.stopped) break;
      const outcome = await this.attempt(delivery);
      const giveUp = !outcome.ok && Date.now() - delivery.created_at.getTime() >= this.options.giveUpAfterMs;
      await this.database.asUser(userId, (tx) => {
        const repo = new WebhooksRepository(tx);
        return outcome.ok ? repo.delivered(userId, delivery) : repo.failed(userId, delivery, outcome.error, giveUp);
      });
      if (giveUp) this.log.warn({ webhook: delivery.webhook_id }, 'webhooks: a delivery failed for too long and was dropped; the hook is marked failing');
    }
    return claimed.length;
  }

  private attempt(delivery: ClaimedDelivery) {
    let secret: string;
    try {
      secret = this.box.open(delivery.sealed_secret);
    } catch {
      // Sealed under another BETTER_AUTH_SECRET: it cannot be signed, so it fails until re-registered.
      return Promise.resolve({ ok: false as const, error: 'the signing secret cannot be opened (BETTER_AUTH_SECRET changed): register the hook again' });
    }
    const body = JSON.stringify({ event: delivery.event, delivered_at: new Date().toISOString(), data: deliveryData(delivery.event, delivery.data) });
    return sendAttempt({ url: delivery.url, secret, deliveryId: delivery.id, event: delivery.event, attempt: delivery.attempts, body }, this.options);
  }
}
