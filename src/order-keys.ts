// Manual order: fractional-index keys (the fractional-indexing library), so a move writes one
// row. Keys compare as plain strings (the columns are COLLATE "C"); the service assigns them and
// clients never compute them. Neutral module: tasks and lists both order by it.
import crypto from 'node:crypto';
import { generateKeyBetween } from 'fractional-indexing';

/** The first key the library makes (generateKeyBetween(null, null)); the Inbox's position. */
export const FIRST_KEY = 'a0';

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const JITTER_LENGTH = 4;

/**
 * A key strictly between two neighbours (null: no neighbour on that side), with a short random
 * tail. Two writers appending after the same last sibling at once would get the same key from
 * the library alone, and one of them would have to start over (the sibling-position unique key
 * refuses the second); with the tail they almost never collide (1 in 62^4), so a burst of
 * concurrent creates does not turn into a queue of retries. The tail is a valid fraction (it
 * does not end in '0'), and it is dropped when it would not stay below the upper neighbour.
 */
export function keyBetween(before: string | null, after: string | null): string {
  const key = generateKeyBetween(before, after);
  const bytes = crypto.randomBytes(JITTER_LENGTH);
  let tail = '';
  for (let i = 0; i < JITTER_LENGTH - 1; i += 1) tail += DIGITS[bytes[i]! % 62];
  tail += DIGITS[1 + (bytes[JITTER_LENGTH - 1]! % 61)];
  const jittered = key + tail;
  return after === null || jittered < after ? jittered : key;
}
