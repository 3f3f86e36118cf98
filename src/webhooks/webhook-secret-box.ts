// A webhook's signing secret must come back to sign each delivery, so it cannot be a hash: it is
// kept sealed with AES-256-GCM under a key derived from BETTER_AUTH_SECRET (HKDF), so a copy of
// the database alone does not let anyone forge deliveries.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

export function secretBox(serviceSecret: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', serviceSecret, 'task-service', 'webhook-signing-secrets', 32));
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) throw new Error('not a sealed webhook secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
