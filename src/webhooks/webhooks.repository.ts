// All SQL about webhooks and their delivery queue. Every statement of a user filters on the user
// id, with row-level security behind it; only dueUsers looks across users, as task_scheduler,
// and sees no more than who has something due (migration 0009).
import type { RequestTx } from '../db/client.js';
import type { WebhookEventName } from './webhooks.schemas.js';

export interface WebhookRecord {
  id: string;
  url: string;
  events: WebhookEventName[];
  created_at: Date;
  failing_since: Date | null;
  last_success_at: Date | null;
  last_failure_at: Date | null;
  last_error: string | null;
}

export interface ClaimedDelivery {
  id: string;
  webhook_id: string;
  event: WebhookEventName;
  data: Record<string, unknown>;
  created_at: Date;
  attempts: number;
  url: string;
  sealed_secret: string;
}

const COLUMNS = 'id, url, events, created_at, failing_since, last_success_at, last_failure_at, last_error';

export class WebhooksRepository {
  constructor(private readonly tx: RequestTx) {}

  async create(userId: string, url: string, events: WebhookEventName[], sealedSecret: string): Promise<WebhookRecord> {
    const [row] = await this.tx.query<WebhookRecord>({
      text: `insert into webhooks (user_id, url, events, sealed_secret) values ($1, $2, $3::text[], $4) returning ${COLUMNS}`,
      params: [userId, url, events, sealedSecret],
    });
    return row!;
  }

  async count(userId: string): Promise<number> {
    const [row] = await this.tx.query<{ n: number }>({ text: 'select count(*)::int as n from webhooks where user_id = $1', params: [userId] });
    return row!.n;
  }

  list(userId: string): Promise<WebhookRecord[]> {
    return this.tx.query<WebhookRecord>({ text: `select ${COLUMNS} from webhooks where user_id = $1 order by created_at, id`, params: [userId] });
  }

  async delete(userId: string, id: string): Promise<boolean> {
    return (await this.tx.query({ text: 'delete from webhooks where user_id = $1 and id = $2 returning id', params: [userId, id] })).length > 0;
  }

  /** Users with deliveries due by now (task_scheduler). */
  async dueUsers(now: Date, limit: number): Promise<string[]> {
    const rows = await this.tx.query<{ user_id: string }>({
      text: 'select distinct user_id from (select user_id from webhook_deliveries where next_attempt_at <= $1 order by next_attempt_at limit $2) due',
      params: [now, limit * 20],
    });
    return rows.map((row) => row.user_id).slice(0, limit);
  }

  /**
   * Takes a user's due deliveries, oldest first and only the first pending one of each hook and
   * task (so a task's events arrive in order), counts the attempt, and moves next_attempt_at to
   * `leaseUntil`: the retry time if this attempt fails, and the lease that keeps other instances
   * (and this one, after a crash) off it meanwhile. Committed before anything is sent.
   */
  claim(userId: string, now: Date, leaseUntil: (attempts: number) => Date, limit: number): Promise<ClaimedDelivery[]> {
    // One lease per attempt number, bound as an array: the delay grows with the attempts.
    const leases = Array.from({ length: 32 }, (_, i) => leaseUntil(i + 1).toISOString());
    return this.tx.query<ClaimedDelivery>({
      text: `with due as (
          select d.id from webhook_deliveries d
          where d.user_id = $1 and d.next_attempt_at <= $2
            and not exists (select 1 from webhook_deliveries e
              where e.user_id = d.user_id and e.webhook_id = d.webhook_id and e.task_id is not distinct from d.task_id and e.seq < d.seq)
          order by d.seq limit $4 for update skip locked)
        update webhook_deliveries d
          set attempts = d.attempts + 1, next_attempt_at = ($3::timestamptz[])[least(d.attempts + 1, 32)]
        from due, webhooks w
        where d.id = due.id and w.id = d.webhook_id and w.user_id = d.user_id
        returning d.id, d.webhook_id, d.event, d.data, d.created_at, d.attempts, w.url, w.sealed_secret`,
      params: [userId, now, leases, limit],
    });
  }

  async delivered(userId: string, delivery: ClaimedDelivery): Promise<void> {
    await this.tx.query({ text: 'delete from webhook_deliveries where user_id = $1 and id = $2', params: [userId, delivery.id] });
    await this.tx.query({
      text: 'update webhooks set last_success_at = now(), failing_since = null where user_id = $1 and id = $2',
      params: [userId, delivery.webhook_id],
    });
  }

  /** A failed attempt: kept for its retry, or (giveUp) dropped and the hook marked failing. */
  async failed(userId: string, delivery: ClaimedDelivery, error: string, giveUp: boolean): Promise<void> {
    await this.tx.query(giveUp
      ? { text: 'delete from webhook_deliveries where user_id = $1 and id = $2', params: [userId, delivery.id] }
      : { text: 'update webhook_deliveries set last_error = $3 where user_id = $1 and id = $2', params: [userId, delivery.id, error] });
    await this.tx.query({
      text: `update webhooks set last_failure_at = now(), last_error = $3,
          failing_since = case when $4::boolean then coalesce(failing_since, now()) else failing_since end
        where user_id = $1 and id = $2`,
      params: [userId, delivery.webhook_id, error, giveUp],
    });
  }
}
