// Fires due reminders: every pollMs (and once right after start, for those whose time passed
// while the service was down), it looks for due reminders across users and delivers each user's
// in one transaction of that user's: claim the rows (FOR UPDATE SKIP LOCKED, so several
// instances share the work and never wait for each other), record the deliveries, mark them fired
// for their occurrence, commit. Claim and mark commit together: a process that dies in between
// delivered nothing and its locks go with its connection, so the next look fires them once.
// A delivery is a row the event streams of every instance send as `event: reminder`.
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { REMINDER_LIMITS } from '../limits.js';
import { PollingLoop } from '../polling-loop.js';
import { RemindersRepository, type ClaimedReminder, type Delivery } from './reminders.repository.js';

export interface SchedulerOptions {
  pollMs: number;
  clock: () => Date;
  /** Test-only fault injection: hold the transaction after claiming, never commit (REMINDERS_FAULT). */
  holdAfterClaim?: boolean;
}

/** Reminders looked at per round; a longer backlog takes more rounds of one tick. */
const BATCH = 200;
const MAX_ROUNDS = 20;
/** Right after start: soon, but not in the middle of the boot. */
const FIRST_TICK_MS = 250;
const PRUNE_AFTER_MS = 86_400_000;

export class ReminderScheduler {
  private readonly loop: PollingLoop;

  constructor(
    private readonly database: Database,
    private readonly options: SchedulerOptions,
    private readonly log: FastifyBaseLogger,
  ) {
    this.loop = new PollingLoop(() => this.deliverDue(), { name: 'reminders', pollMs: options.pollMs, firstRoundMs: FIRST_TICK_MS }, log);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Delivers everything due by the clock's now; the number delivered. Ticks never overlap. */
  tick(): Promise<number> {
    return this.loop.tick();
  }

  private get stopped(): boolean {
    return this.loop.stopped;
  }

  private async deliverDue(): Promise<number> {
    const now = this.options.clock();
    let delivered = 0;
    for (let round = 0; round < MAX_ROUNDS && !this.stopped; round += 1) {
      const due = await this.database.asScheduler((tx) => new RemindersRepository(tx).due(now, BATCH));
      const byUser = new Map<string, string[]>();
      for (const row of due) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.id]);
      let handled = 0;
      for (const [userId, ids] of byUser) {
        const outcome = await this.deliverFor(userId, ids, now);
        handled += outcome.handled;
        delivered += outcome.delivered;
      }
      // A short batch was everything; a round that moved nothing (all locked elsewhere) waits for the next tick.
      if (due.length < BATCH || handled === 0) break;
    }
    return delivered;
  }

  private deliverFor(userId: string, ids: string[], now: Date): Promise<{ handled: number; delivered: number }> {
    return this.database.asUser(userId, async (tx) => {
      const repo = new RemindersRepository(tx);
      const seq = await repo.lockCounter(userId);
      if (seq === undefined) return { handled: 0, delivered: 0 };
      const claimed = await repo.claim(userId, ids, now);
      if (claimed.length === 0) return { handled: 0, delivered: 0 };
      if (this.options.holdAfterClaim) {
        this.log.warn({ claimed: claimed.length }, 'reminders: claimed, holding the transaction (REMINDERS_FAULT=hold-after-claim)');
        await new Promise<never>(() => undefined);
      }
      const deliveries = claimed.flatMap((reminder) => deliveryOf(reminder, now));
      await repo.deliver(userId, seq, now, deliveries, claimed.map((reminder) => reminder.id));
      await repo.prune(userId, new Date(now.getTime() - PRUNE_AFTER_MS));
      if (deliveries.length > 0) await repo.notify(userId, seq + deliveries.length);
      const skipped = claimed.length - deliveries.length;
      if (skipped > 0) this.log.info({ skipped }, 'reminders: skipped, over a day late (the service was down)');
      return { handled: claimed.length, delivered: deliveries.length };
    });
  }
}

/** Late when it fires more than a minute after its time; skipped (no delivery) after a day. */
function deliveryOf(reminder: ClaimedReminder, now: Date): Delivery[] {
  const lateBy = now.getTime() - reminder.fire_at.getTime();
  if (lateBy > REMINDER_LIMITS.skipAfterMs) return [];
  return [{
    reminderId: reminder.id,
    occurrence: reminder.occurrence,
    taskId: reminder.task_id,
    title: reminder.title,
    dueDate: reminder.due_date,
    late: lateBy > REMINDER_LIMITS.lateAfterMs,
  }];
}
