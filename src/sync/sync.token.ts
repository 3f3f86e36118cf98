// Sync tokens: where a client is in its user's change log, signed (and bound to the user) so that
// a token the service did not issue to this user is a clear 400, as cursors are.
//
// A token holds two change numbers. `seq`: every change up to it has been sent. `horizon`: the
// counter when the client's snapshot began; deletions up to it need not be sent (the client never
// saw those objects), so a snapshot can be paged through without replaying old tombstones. Outside
// a snapshot the two are equal.
import crypto from 'node:crypto';

export interface SyncPoint {
  seq: number;
  horizon: number;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

export class SyncTokenCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = crypto.createHmac('sha256', secret).update('task-sync-token-v1').digest();
  }

  private sign(userId: string, payload: string): string {
    return crypto.createHmac('sha256', this.key).update(`${userId}.${payload}`).digest('base64url').slice(0, 22);
  }

  encode(userId: string, point: SyncPoint): string {
    const payload = point.seq === point.horizon ? String(point.seq) : `${point.seq}-${point.horizon}`;
    return `${payload}.${this.sign(userId, payload)}`;
  }

  /** The point, or null when the token is not one we issued to this user. */
  decode(userId: string, token: string): SyncPoint | null {
    const [payload, signature, extra] = token.split('.');
    if (payload === undefined || signature === undefined || extra !== undefined || !/^\d{1,15}(-\d{1,15})?$/.test(payload)) return null;
    // Compared in bytes: timingSafeEqual throws on buffers of different sizes.
    const given = Buffer.from(signature);
    const expected = Buffer.from(this.sign(userId, payload));
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
    const [seq, horizon = seq] = payload.split('-').map(Number) as [number, number?];
    return isCount(seq) && isCount(horizon) ? { seq, horizon } : null;
  }
}
