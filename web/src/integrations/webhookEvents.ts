// The events a webhook can ask for, in the contract's order, in words.
import type { WebhookEventName } from '../../../src/webhooks/webhooks.schemas.js';

export const EVENT_TEXT: Readonly<Record<WebhookEventName, string>> = {
  'task.created': 'Task created',
  'task.updated': 'Task updated',
  'task.completed': 'Task completed',
  'task.deleted': 'Task deleted',
  reminder: 'Reminder due',
};

export const EVENTS = Object.keys(EVENT_TEXT) as WebhookEventName[];
