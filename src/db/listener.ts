// One LISTEN connection per process, kept open: a dedicated pg.Client (a pooled connection
// cannot hold a LISTEN), reconnected with backoff after a drop. Notifications sent while it is
// down are lost, so its user is told each time it comes back (onConnected) and catches up then.
import pg from 'pg';

export interface ListenHandlers {
  onPayload(payload: string): void;
  /** The LISTEN is in place (first time, or again after a drop). */
  onConnected(): void;
  /** The connection dropped; notifications are missed until onConnected. */
  onLost(): void;
}

export interface Listening {
  close(): Promise<void>;
}

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 10_000;

/** A channel name is inlined in LISTEN (it cannot be a parameter), so only plain identifiers. */
function assertChannel(channel: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new TypeError(`not a plain channel name: ${channel}`);
}

export function listenOnPostgres(url: string, channel: string, handlers: ListenHandlers, connectTimeoutMs: number): Listening {
  assertChannel(channel);
  let closed = false;
  let client: pg.Client | undefined;
  let retryMs = RETRY_MIN_MS;
  let timer: NodeJS.Timeout | undefined;

  const retry = () => {
    if (closed) return;
    timer = setTimeout(() => void connect(), retryMs);
    timer.unref();
    retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, keepAlive: true, application_name: 'task-service-listen' });
    let lost = false;
    const drop = () => {
      if (lost) return;
      lost = true;
      if (client === next) client = undefined;
      next.end().catch(() => undefined);
      if (closed) return;
      handlers.onLost();
      retry();
    };
    next.on('error', drop);
    next.on('end', drop);
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) handlers.onPayload(message.payload);
    });
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
    } catch {
      drop();
      return;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    retryMs = RETRY_MIN_MS;
    handlers.onConnected();
  };

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
