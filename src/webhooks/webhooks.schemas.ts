// The webhooks' wire shapes.
import { Type, type Static } from 'typebox';
import { Nullable, Time } from '../tasks/tasks.schemas.js';

export const WEBHOOK_EVENTS = ['task.created', 'task.updated', 'task.completed', 'task.deleted', 'reminder'] as const;
export const WEBHOOK_LIMITS = { urlMax: 2000, perUser: 20 } as const;

export const WebhookEvent = Type.Enum([...WEBHOOK_EVENTS], { type: 'string' });

const WebhookFields = {
  id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  events: Type.Array(WebhookEvent),
  created_at: Time,
  status: Type.Enum(['active', 'failing'], { type: 'string', description: 'failing: a delivery gave up after 24 hours of retries; the next success makes it active again.' }),
  failing_since: Nullable(Time),
  last_success_at: Nullable(Time),
  last_failure_at: Nullable(Time),
  last_error: Nullable(Type.String({ description: 'Why the latest failed attempt failed (a status code, a timeout, a refused address).' })),
};

export const Webhook = Type.Object(WebhookFields, { $id: 'Webhook', additionalProperties: false });

export const NewWebhook = Type.Object(
  { ...WebhookFields, secret: Type.String({ description: 'The signing secret (whsec_...): shown only in this response. X-Signature is sha256=<hex HMAC-SHA256 of the body under it>.' }) },
  { $id: 'NewWebhook', additionalProperties: false },
);

export const WebhookList = Type.Object({ items: Type.Array(Type.Ref('Webhook'), { description: 'Oldest first.' }) }, { $id: 'WebhookList', additionalProperties: false });

export const WebhookCreate = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: WEBHOOK_LIMITS.urlMax, description: 'Where deliveries are POSTed: http or https, a public address (unless WEBHOOK_ALLOW_PRIVATE=true).' }),
    events: Type.Array(WebhookEvent, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true }),
  },
  { $id: 'WebhookCreate', additionalProperties: false },
);

export const WebhookPathParams = Type.Object({
  user_id: Type.String({ description: 'The authenticated user\'s id (a UUID, any case) or the literal "me".' }),
  id: Type.String({ format: 'uuid', description: 'The webhook id.' }),
});

export type WebhookDto = Static<typeof Webhook>;
export type NewWebhookDto = Static<typeof NewWebhook>;
export type WebhookCreateBody = Static<typeof WebhookCreate>;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];
