// Keyset cursors: the last row's sort value and id, signed so that a cursor the service did not
// issue (garbage, truncated, edited) is a clear 400 rather than a confusing page or a 500.
import crypto from 'node:crypto';
import type { SortKey } from '../limits.js';
import { isUuid } from '../uuid.js';

export interface CursorPosition {
  sort: string;
  /** The sort expression's value: ISO time (or ±infinity), title text, or priority rank. */
  value: string | number;
  id: string;
}

export class CursorCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = crypto.createHmac('sha256', secret).update('task-list-cursor-v1').digest();
  }

  private sign(payload: string): string {
    return crypto.createHmac('sha256', this.key).update(payload).digest('base64url').slice(0, 22);
  }

  encode(position: CursorPosition): string {
    const payload = Buffer.from(JSON.stringify([position.sort, position.value, position.id])).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The position, or null when the cursor is not one we issued for this sort. */
  decode(cursor: string, sort: string, sortKey: SortKey): CursorPosition | null {
    const [payload, signature, extra] = cursor.split('.');
    if (payload === undefined || signature === undefined || extra !== undefined) return null;
    // Lengths are compared in bytes: timingSafeEqual throws on buffers of different sizes, and a
    // signature of 22 non-ASCII characters is 22 characters but more than 22 bytes.
    const given = Buffer.from(signature);
    const expected = Buffer.from(this.sign(payload));
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (!Array.isArray(parsed) || parsed.length !== 3) return null;
    const [cursorSort, value, id] = parsed as unknown[];
    if (cursorSort !== sort || typeof id !== 'string' || !isUuid(id) || id !== id.toLowerCase()) return null;
    const valueOk = sortKey === 'priority' ? Number.isInteger(value) : typeof value === 'string';
    return valueOk ? { sort, value: value as string | number, id } : null;
  }
}
