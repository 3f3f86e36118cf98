// The webhooks domain: /api/{user_id}/webhooks, and the dispatcher that sends the queued
// deliveries (task changes and reminders, queued by triggers: migration 0009) for as long as
// the app runs (unless WEBHOOKS_DISPATCH=false: then other instances send them).
import type { DomainPlugin } from '../domains.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { secretBox } from './webhook-secret-box.js';
import { registerWebhookRoutes } from './webhooks.routes.js';
import { WebhooksService } from './webhooks.service.js';

export const webhooksPlugin: DomainPlugin = async (app, { database, authenticate, origins, secret, webhooks }) => {
  app.addOpenApiParts({ tags: [{ name: 'webhooks', description: 'Webhooks: your task changes and reminders POSTed to your URL, signed' }] });
  const box = secretBox(secret);
  await registerWebhookRoutes(app, new WebhooksService(database, box, webhooks.allowPrivate), authenticate, origins);
  if (!webhooks.dispatch) return;
  const dispatcher = new WebhookDispatcher(database, webhooks, box, app.log);
  app.addHook('onReady', async () => dispatcher.start());
  app.addHook('preClose', async () => dispatcher.stop());
};
