// The cursor codec on its own: whatever string arrives, decode answers a position or null and
// never throws (a throw would be a 500). The HTTP tests in pagination.test.ts cover the route,
// where the query schema's pattern already refuses most garbage before the codec sees it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CursorCodec } from '../../src/tasks/tasks.cursor.js';
import { CURSOR_PATTERN } from '../../src/tasks/tasks.schemas.js';

const codec = new CursorCodec('cursor-test-secret-0123456789abcdef');
const position = { sort: 'title', value: 'alpha', id: '0190a6a2-7c1e-7000-8000-000000000001' };

/** A base64url character, or now and then one from the rest of the BMP: 22 of them are 22 UTF-16 units. */
const SIGNATURE_UNIT = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xd7ff }).map((c) => String.fromCharCode(c)) },
);

describe('CursorCodec.decode', () => {
  it('round-trips what it encoded, for the same sort only', () => {
    const cursor = codec.encode(position);
    expect(codec.decode(cursor, 'title', 'title')).toEqual(position);
    expect(codec.decode(cursor, '-title', 'title')).toBeNull();
  });

  it('every cursor it issues matches the query schema\'s cursor pattern (property)', () => {
    const pattern = new RegExp(CURSOR_PATTERN);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.oneof(fc.string(), fc.integer()), fc.uuid(), (sort, value, id) => {
        expect(codec.encode({ sort, value, id })).toMatch(pattern);
      }),
      { numRuns: 1000 },
    );
  });

  it('a signature of the right length in characters but not in bytes is refused, not thrown on', () => {
    const [payload] = codec.encode(position).split('.');
    expect(() => codec.decode(`${payload}.${'é'.repeat(22)}`, 'title', 'title')).not.toThrow();
    expect(codec.decode(`${payload}.${'é'.repeat(22)}`, 'title', 'title')).toBeNull();
    expect(codec.decode(`${payload}.${'é'.repeat(11)}`, 'title', 'title')).toBeNull();
  });

  it('never throws, and refuses everything it did not issue (property)', () => {
    const [payload] = codec.encode(position).split('.');
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: SIGNATURE_UNIT, minLength: 22, maxLength: 22 }).map((s) => `${payload}.${s}`)),
        (garbage) => {
          expect(codec.decode(garbage, 'title', 'title')).toBeNull();
        },
      ),
      { numRuns: 2000 },
    );
  });
});
