// One delivery attempt: a signed POST to the hook's URL, through the address guard, with one
// deadline for the whole exchange. Redirects are not followed (a 3xx is a failure: following it
// could lead past the guard); the receiver's body is read and dropped, up to a bound.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { guardedLookup } from './webhook-address.js';

export interface Attempt {
  url: string;
  secret: string;
  deliveryId: string;
  event: string;
  attempt: number;
  body: string;
}

export type AttemptOutcome = { ok: true } | { ok: false; error: string };

const MAX_RESPONSE_BYTES = 64 * 1024;

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function sendAttempt(attempt: Attempt, options: { timeoutMs: number; allowPrivate: boolean }): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const url = new URL(attempt.url);
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, {
      method: 'POST',
      lookup: guardedLookup(options.allowPrivate) as never,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(attempt.body),
        'user-agent': 'task-service-webhooks/1',
        'x-signature': signature(attempt.secret, attempt.body),
        'x-delivery-id': attempt.deliveryId,
        'x-event': attempt.event,
        'x-delivery-attempt': String(attempt.attempt),
      },
    }, (response) => {
      const status = response.statusCode ?? 0;
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) response.destroy();
      });
      const settle = () => finish(status >= 200 && status < 300 ? { ok: true } : { ok: false, error: status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}` });
      response.on('end', settle);
      response.on('close', settle);
      response.on('error', settle);
    });
    const deadline = setTimeout(() => {
      finish({ ok: false, error: `no answer within ${options.timeoutMs} ms` });
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish({ ok: false, error: error.code === 'EADDRREFUSED' ? 'the host resolves to a non-public address' : `connection failed (${error.code ?? 'error'})` });
    });
    request.end(attempt.body);
  });
}
