// What a personal access token is: "tsk_" and 256 random bits (base64url). Only its SHA-256 is
// stored; a random secret of that size needs no slow hash (there is nothing to guess from).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_PREFIX = 'tsk_';
const TOKEN_SHAPE = /^tsk_[A-Za-z0-9_-]{43}$/;

export function newAccessToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function isAccessTokenShaped(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The stored hash against the presented token's, in constant time. */
export function sameHash(stored: string, presented: string): boolean {
  const a = Buffer.from(stored, 'hex');
  const b = Buffer.from(presented, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
