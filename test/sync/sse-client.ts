// A minimal server-sent-events client for tests: fetch with a body reader, parsed as the SSE
// spec says (blocks split by a blank line; "field: value" lines; ":" lines are comments). It
// keeps everything it received, so a test can wait for an event and then look at all of them.
export interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

export interface SseBlock {
  /** Only the fields present in the block. */
  fields: Record<string, string>;
  comments: string[];
}

export class SseClient {
  readonly blocks: SseBlock[] = [];
  /** Settles when the server ends the stream (or it breaks). */
  readonly ended: Promise<void>;
  private readonly waiters = new Set<() => void>();
  private done = false;

  private constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly controller: AbortController,
    body: ReadableStream<Uint8Array> | null,
  ) {
    this.ended = this.pump(body);
  }

  /** Opens the stream; resolves once the status and headers are in. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const controller = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
    return new SseClient(res.status, res.headers, controller, res.body);
  }

  get events(): SseEvent[] {
    return this.blocks.filter((b) => b.fields.data !== undefined).map((b) => ({ event: b.fields.event ?? 'message', id: b.fields.id, data: b.fields.data! }));
  }

  get changes(): Array<{ kind: string; id: string; op: string; token: string; eventId: string | undefined }> {
    return this.events.filter((e) => e.event === 'change').map((e) => ({ ...(JSON.parse(e.data) as { kind: string; id: string; op: string; token: string }), eventId: e.id }));
  }

  /** The id a browser would send back as Last-Event-ID now. */
  get lastEventId(): string | undefined {
    let id: string | undefined;
    for (const block of this.blocks) if (block.fields.id !== undefined) id = block.fields.id;
    return id;
  }

  get isEnded(): boolean {
    return this.done;
  }

  /** Waits until check() is true of what has arrived; fails after timeoutMs. */
  async until(check: (client: SseClient) => boolean, timeoutMs = 2000, what = 'the expected events'): Promise<void> {
    if (check(this)) return;
    await new Promise<void>((resolve, reject) => {
      const waiter = () => {
        if (!check(this)) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(this.blocks)}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  close(): void {
    this.controller.abort();
  }

  private async pump(body: ReadableStream<Uint8Array> | null): Promise<void> {
    if (!body) return this.finish();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.blocks.push(parseBlock(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
        }
        for (const waiter of [...this.waiters]) waiter();
      }
    } catch {
      // Aborted by close(), or the connection broke: either way the stream is over.
    }
    this.finish();
  }

  private finish(): void {
    this.done = true;
    for (const waiter of [...this.waiters]) waiter();
  }
}

function parseBlock(text: string): SseBlock {
  const block: SseBlock = { fields: {}, comments: [] };
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) {
      block.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    block.fields[field] = block.fields[field] === undefined || field !== 'data' ? value : `${block.fields[field]}\n${value}`;
  }
  return block;
}
