// Webhooks as the Integrations dialog uses them.
import type { NewWebhookDto, WebhookCreateBody, WebhookDto } from '../../../src/webhooks/webhooks.schemas.js';
import { request } from './request.js';

const BASE = '/api/me/webhooks';

export function listWebhooks(signal?: AbortSignal): Promise<{ items: WebhookDto[] }> {
  return request<{ items: WebhookDto[] }>('GET', BASE, { signal });
}

/** The answer carries the signing secret, which nothing returns again. */
export function createWebhook(body: WebhookCreateBody): Promise<NewWebhookDto> {
  return request<NewWebhookDto>('POST', BASE, { body });
}

export function deleteWebhook(id: string): Promise<void> {
  return request<void>('DELETE', `${BASE}/${encodeURIComponent(id)}`, { notFound: 'That webhook was already deleted.' });
}
