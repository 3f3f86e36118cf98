// Webhooks: registered (the URL checked against the address guard, the secret returned once and
// kept sealed), listed with their health, deleted (with whatever is still queued for them).
import type { Database } from '../db/client.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import { urlProblem } from './webhook-address.js';
import { newWebhookSecret, type SecretBox } from './webhook-secret-box.js';
import { WebhooksRepository, type WebhookRecord } from './webhooks.repository.js';
import { WEBHOOK_EVENTS, WEBHOOK_LIMITS, type NewWebhookDto, type WebhookCreateBody, type WebhookDto } from './webhooks.schemas.js';

const iso = (time: Date | null) => time?.toISOString() ?? null;

function toDto(hook: WebhookRecord): WebhookDto {
  return {
    id: hook.id,
    url: hook.url,
    events: hook.events,
    created_at: hook.created_at.toISOString(),
    status: hook.failing_since === null ? 'active' : 'failing',
    failing_since: iso(hook.failing_since),
    last_success_at: iso(hook.last_success_at),
    last_failure_at: iso(hook.last_failure_at),
    last_error: hook.last_error,
  };
}

export class WebhooksService {
  constructor(
    private readonly database: Database,
    private readonly box: SecretBox,
    private readonly allowPrivate: boolean,
  ) {}

  async create(userId: string, body: WebhookCreateBody): Promise<NewWebhookDto> {
    // Checked before the transaction: resolving the host may take a moment and changes nothing.
    const problem = await urlProblem(body.url, this.allowPrivate);
    if (problem !== undefined) throw unprocessable('The webhook URL cannot be used.', [{ field: 'url', message: problem }]);
    // Stored in the contract's order, whatever order they were sent in.
    const events = WEBHOOK_EVENTS.filter((event) => body.events.includes(event));
    const secret = newWebhookSecret();
    const created = await this.database.asUser(userId, async (tx) => {
      const hooks = new WebhooksRepository(tx);
      if ((await hooks.count(userId)) >= WEBHOOK_LIMITS.perUser) {
        throw conflict(`You have ${WEBHOOK_LIMITS.perUser} webhooks, the most an account may hold: delete one first.`);
      }
      return hooks.create(userId, new URL(body.url).href, events, this.box.seal(secret));
    });
    return { ...toDto(created), secret };
  }

  async list(userId: string): Promise<{ items: WebhookDto[] }> {
    const rows = await this.database.asUser(userId, (tx) => new WebhooksRepository(tx).list(userId));
    return { items: rows.map(toDto) };
  }

  async delete(userId: string, id: string): Promise<void> {
    const deleted = await this.database.asUser(userId, (tx) => new WebhooksRepository(tx).delete(userId, id));
    if (!deleted) throw notFound('No such webhook.');
  }
}
