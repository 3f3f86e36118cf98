// The bench's client of GET /api/{user_id}/events: a raw node:http request per stream and a
// streaming parser of just what the bench reads (blocks split by a blank line, `id:`, `event:`
// and `data:` lines; `:` comments and `retry:` skipped). fetch with a body reader per stream
// would cost the client far more per stream, and the client shares the CPU with the service.
import http from 'node:http';

export interface ChangeEvent {
  kind: string;
  id: string;
  op: string;
  token: string;
}

export interface OpenStream {
  /** The token of the id-only block the server sends on connect: where the stream starts. */
  readonly startToken: string;
  /** False once the server ended the stream or the connection broke. */
  readonly open: boolean;
  close(): void;
}

export interface StreamOptions {
  baseUrl: string;
  /** e.g. { authorization: 'Bearer <jwt>' } */
  headers: Record<string, string>;
  /** Called for each `event: change`, with when its chunk arrived (performance.now()). */
  onChange?: (change: ChangeEvent, at: number) => void;
  /** The server ended the stream (or it broke) after it was open. */
  onEnd?: () => void;
  timeoutMs?: number;
}

/** Opens one stream; resolves once its starting id has arrived, rejects on a refusal (429, 503, ...). */
export function openEventStream(options: StreamOptions): Promise<OpenStream> {
  const url = new URL('/api/me/events', options.baseUrl);
  return new Promise((resolve, reject) => {
    let startToken: string | undefined;
    let open = true;
    let closing = false;
    const request = http.request({
      host: url.hostname, port: url.port, path: url.pathname, method: 'GET', agent: false,
      headers: { accept: 'text/event-stream', ...options.headers },
    });
    const stream: OpenStream = {
      get startToken() {
        return startToken!;
      },
      get open() {
        return open;
      },
      close: () => {
        closing = true;
        request.destroy();
      },
    };
    const timer = setTimeout(() => {
      request.destroy(new Error(`no starting id within ${options.timeoutMs ?? 10_000} ms`));
    }, options.timeoutMs ?? 10_000);
    const ended = (error?: Error) => {
      clearTimeout(timer);
      if (!open) return;
      open = false;
      if (startToken === undefined) reject(error ?? new Error('the stream ended before its starting id'));
      else if (!closing) options.onEnd?.();
    };
    request.on('error', (error) => ended(error));
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => ended(new Error(`GET /api/me/events answered ${response.statusCode}: ${body.slice(0, 200)}`)));
        return;
      }
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        // Everything in one chunk arrived together: one clock reading serves its blocks.
        const at = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id: string | undefined;
          let event: string | undefined;
          let data: string | undefined;
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data = line.slice(6);
          }
          if (startToken === undefined && id !== undefined && event === undefined) {
            startToken = id;
            clearTimeout(timer);
            resolve(stream);
          } else if (event === 'change' && data !== undefined) {
            options.onChange?.(JSON.parse(data) as ChangeEvent, at);
          }
        }
      });
      response.on('end', () => ended());
      response.on('close', () => ended());
    });
    request.end();
  });
}

/** The user's current sync token: the starting id of a stream opened now, then closed. */
export async function currentToken(baseUrl: string, jwt: string): Promise<string> {
  const stream = await openEventStream({ baseUrl, headers: { authorization: `Bearer ${jwt}` } });
  stream.close();
  return stream.startToken;
}
