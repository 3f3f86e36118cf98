// Back-pressure of one event stream, on the stream object itself: over a socket the kernel's
// buffers (megabytes on loopback) would take most of what a test can write before the service's
// own bound is reached. A reader that keeps up is never dropped; one that stops is, once its
// unread bytes pass the bound, and its owner hears of it once.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_UNREAD_BYTES, SseStream, sseEvent } from '../../src/sync/sse-stream.js';

const EVENT = sseEvent('change', '1.abcdefghijklmnopqrstuv', { kind: 'task', id: '00000000-0000-4000-8000-000000000000', op: 'upsert', token: '1.abcdefghijklmnopqrstuv' });

describe('SseStream back-pressure', () => {
  it('a client that reads keeps its stream however much is sent', async () => {
    const stream = new SseStream();
    let received = 0;
    stream.body.pipe(new Writable({ write: (chunk: Buffer, _enc, done) => { received += chunk.length; done(); } }));
    for (let i = 0; i < (4 * MAX_UNREAD_BYTES) / EVENT.length; i++) {
      stream.write(EVENT);
      if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.open).toBe(true);
    expect(received).toBeGreaterThan(3 * MAX_UNREAD_BYTES);
  });

  it('a client that stops reading is dropped past the bound, and the owner is told once', async () => {
    const stream = new SseStream();
    let closes = 0;
    stream.onClose(() => (closes += 1));
    const fits = Math.floor(MAX_UNREAD_BYTES / EVENT.length);
    for (let i = 0; i < fits; i++) stream.write(EVENT);
    expect(stream.open).toBe(true);
    for (let i = 0; i < 10; i++) stream.write(EVENT);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.open).toBe(false);
    expect(stream.body.destroyed).toBe(true);
    stream.end();
    expect(closes).toBe(1);
  });

  it('data is one line of JSON, so an event never splits', () => {
    const text = sseEvent('change', 'x', { title: 'two\nlines' });
    expect(text).toBe('id: x\nevent: change\ndata: {"title":"two\\nlines"}\n\n');
  });
});
