// The environment, read and validated once. Everything else receives a typed Config;
// nothing below this file reads process.env, so tests can build apps with any settings.
import path from 'node:path';

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** PostgreSQL URL; undefined means the embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  /** Pretty, human-readable logs (development on a terminal); JSON otherwise. */
  prettyLogs: boolean;
  /**
   * A direct (not transaction-pooled) PostgreSQL URL for the one LISTEN connection of the live
   * event streams (DATABASE_LISTEN_URL). undefined: LISTEN on databaseUrl; where that cannot
   * deliver notifications (PgBouncer, Neon's -pooler), the streams fall back to polling.
   */
  databaseListenUrl: string | undefined;
  /** The live event streams (GET /api/{user_id}/events). */
  events: {
    heartbeatMs: number;
    /** How often the change log is read when notifications do not arrive (a pooled URL). */
    pollMs: number;
    maxStreamsPerUser: number;
    maxStreams: number;
    /** A stream is ended after this long (the client reconnects, and its credentials are checked again). */
    maxLifetimeMs: number;
  };
  /** The reminder scheduler. */
  reminders: {
    /** How often due reminders are looked for (a reminder fires within this of its time). */
    pollMs: number;
    /** Test-only fault injection (REMINDERS_FAULT=hold-after-claim): claim, then never commit. */
    holdAfterClaim: boolean;
  };
  /** Webhook deliveries. */
  webhooks: {
    /** WEBHOOK_ALLOW_PRIVATE: deliver to loopback, private and link-local addresses too (tests, a LAN). */
    allowPrivate: boolean;
    /** WEBHOOKS_DISPATCH: this instance sends due deliveries (false: it only serves requests; another instance sends). */
    dispatch: boolean;
    /** How often due deliveries are looked for. */
    pollMs: number;
    /** The first retry's delay; each later one doubles (with jitter), up to an hour. */
    retryBaseMs: number;
    /** One attempt's limit, connection to last byte. */
    timeoutMs: number;
    /** A delivery still failing this long after it was queued is dropped and its hook marked failing. */
    giveUpAfterMs: number;
  };
  db: {
    poolSize: number;
    /** Bounds both opening a connection and waiting for a free one in the pool. */
    connectTimeoutMs: number;
    statementTimeoutMs: number;
  };
  http: {
    bodyLimitBytes: number;
    requestTimeoutMs: number;
    maxHeaderBytes: number;
    /** Time given to in-flight requests on SIGTERM before the process gives up on them. */
    shutdownGraceMs: number;
    /**
     * Which proxies' X-Forwarded-For to believe for the client address (rate limits key on it):
     * false (none: the peer is the client), true (all), or the proxies' addresses/CIDRs.
     */
    trustProxy: boolean | string[];
  };
  auth: {
    /**
     * undefined: generate one and keep it in dataDir (not in production, which requires it). That
     * holds with DATABASE_URL too: instances sharing one PostgreSQL each generate their own, so
     * they must be given one BETTER_AUTH_SECRET.
     */
    secret: string | undefined;
    /** undefined: the service's own address, as localhost or 127.0.0.1. */
    baseUrl: string | undefined;
    /**
     * Other origins a browser page may call this service from (CORS_ORIGINS, plus the older
     * TRUSTED_ORIGINS): they get CORS headers with credentials, Better Auth trusts them, and
     * cookie-authenticated writes from them pass the CSRF check. Exact "scheme://host[:port]".
     */
    trustedOrigins: string[];
    /** Better Auth's limiter on sign-in / sign-up: requests per window, per address. */
    rateLimit: { enabled: boolean; window: number; max: number };
    /** A duration in Better Auth's format: "15m", "1h", "900s", "2 hours". */
    jwtExpiration: string;
    external: { jwksUrl: string; issuer: string; audience: string } | undefined;
  };
}

/** A setting that is missing or malformed; server.ts prints its message as one line and exits 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function reminderFault(env: Env): boolean {
  const fault = nonEmpty(env, 'REMINDERS_FAULT');
  if (fault === undefined) return false;
  if (fault !== 'hold-after-claim') throw new ConfigError(`REMINDERS_FAULT may only be hold-after-claim (a test's fault injection), got "${fault}"`);
  return true;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = nonEmpty(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function trustProxy(env: Env): boolean | string[] {
  const raw = nonEmpty(env, 'TRUST_PROXY');
  if (raw === undefined || ['false', '0', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  const entries = raw.split(',').map((e) => e.trim()).filter((e) => e !== '');
  for (const entry of entries) {
    if (!/^[\d.:a-fA-F]+(\/\d{1,3})?$/.test(entry) && !['loopback', 'linklocal', 'uniquelocal'].includes(entry)) {
      throw new ConfigError(`TRUST_PROXY must be true, false, or the proxies' addresses/CIDRs, got "${entry}"`);
    }
  }
  return entries;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    // Never echo the value: a database URL carries a password.
    throw new ConfigError(`${name} is not a valid URL (expected ${protocols.map((p) => `${p}//...`).join(' or ')})`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got ${parsed.protocol}//...)`);
  }
  return raw;
}

// The durations Better Auth's jwt plugin parses (its utils/time.ts), less the signs and "ago"
// that would mint tokens already expired. Checked here: a bad one would only fail at /api/auth/token.
const DURATION = /^(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|months?|mo|years?|yrs?|y)$/i;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 7 * 86_400, mo: 30 * 86_400, y: 365.25 * 86_400 };

function duration(env: Env, name: string, fallback: string): string {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  const match = DURATION.exec(raw);
  let seconds = 0;
  if (match) {
    const unit = match[2]!.toLowerCase();
    seconds = Number(match[1]) * UNIT_SECONDS[unit.startsWith('mo') ? 'mo' : unit[0]!]!;
  }
  // Better Auth rounds to whole seconds: "0s" or "0.2s" would mint tokens that are born expired.
  if (Math.round(seconds) < 1) {
    throw new ConfigError(`${name} must be a duration of at least one second, like 15m, 1h or 900s (got "${raw}")`);
  }
  return raw;
}

/** A comma-separated list of exact origins, each "http(s)://host[:port]" (no path, no wildcard). */
function origins(env: Env, name: string): string[] {
  const entries = (nonEmpty(env, name) ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  return entries.map((origin) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!/^https?:\/\/[^/*]+$/.test(origin) || parsed === undefined || parsed.origin === 'null') {
      throw new ConfigError(`${name} entries must look like https://host[:port], got "${origin}"`);
    }
    // The form browsers send in Origin: lower-case host, no default port.
    return parsed.origin;
  });
}

export function loadConfig(env: Env = process.env): Config {
  const rawNodeEnv = nonEmpty(env, 'NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(rawNodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${rawNodeEnv}"`);
  }
  const nodeEnv = rawNodeEnv as Config['nodeEnv'];
  const pgProtocols = ['postgres:', 'postgresql:'];
  const databaseUrl = url(env, 'DATABASE_URL', pgProtocols) ?? url(env, 'NEON_DATABASE_URL', pgProtocols);

  const secret = nonEmpty(env, 'BETTER_AUTH_SECRET');
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError('BETTER_AUTH_SECRET must be at least 32 characters (try: openssl rand -base64 32)');
  }
  if (nodeEnv === 'production' && secret === undefined) {
    throw new ConfigError('BETTER_AUTH_SECRET is required when NODE_ENV=production (try: openssl rand -base64 32)');
  }
  const baseUrl = url(env, 'BETTER_AUTH_URL', ['http:', 'https:']);
  if (nodeEnv === 'production' && baseUrl === undefined) {
    throw new ConfigError('BETTER_AUTH_URL is required when NODE_ENV=production (the public https:// address of the service)');
  }
  const trustedOrigins = [...new Set([...origins(env, 'CORS_ORIGINS'), ...origins(env, 'TRUSTED_ORIGINS')])];

  const jwksUrl = url(env, 'AUTH_JWKS_URL', ['http:', 'https:']);
  const issuer = nonEmpty(env, 'AUTH_ISSUER');
  const audience = nonEmpty(env, 'AUTH_AUDIENCE');
  if ((jwksUrl ?? issuer ?? audience) !== undefined && (jwksUrl === undefined || issuer === undefined || audience === undefined)) {
    throw new ConfigError('AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE must be set together (external JWT issuer)');
  }

  const logLevel = nonEmpty(env, 'LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "${logLevel}"`);
  }

  return {
    nodeEnv,
    host: nonEmpty(env, 'HOST') ?? '0.0.0.0',
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    databaseListenUrl: url(env, 'DATABASE_LISTEN_URL', pgProtocols),
    events: {
      heartbeatMs: integer(env, 'EVENTS_HEARTBEAT_MS', 20_000, 100, 25_000),
      pollMs: integer(env, 'EVENTS_POLL_MS', 1000, 50, 60_000),
      maxStreamsPerUser: integer(env, 'EVENTS_MAX_STREAMS_PER_USER', 20, 1, 10_000),
      maxStreams: integer(env, 'EVENTS_MAX_STREAMS', 5000, 1, 1_000_000),
      maxLifetimeMs: integer(env, 'EVENTS_MAX_LIFETIME_MS', 15 * 60_000, 1000, 24 * 3_600_000),
    },
    reminders: {
      // Well inside the contract's "within 60 s of its time".
      pollMs: integer(env, 'REMINDERS_POLL_MS', 5000, 20, 30_000),
      holdAfterClaim: reminderFault(env),
    },
    webhooks: {
      allowPrivate: bool(env, 'WEBHOOK_ALLOW_PRIVATE', false),
      dispatch: bool(env, 'WEBHOOKS_DISPATCH', true),
      pollMs: integer(env, 'WEBHOOKS_POLL_MS', 1000, 20, 60_000),
      retryBaseMs: integer(env, 'WEBHOOKS_RETRY_BASE_MS', 30_000, 10, 3_600_000),
      timeoutMs: integer(env, 'WEBHOOKS_TIMEOUT_MS', 10_000, 100, 60_000),
      giveUpAfterMs: integer(env, 'WEBHOOKS_GIVE_UP_AFTER_MS', 24 * 3_600_000, 1000, 7 * 24 * 3_600_000),
    },
    dataDir: path.resolve(nonEmpty(env, 'DATA_DIR') ?? './data'),
    logLevel,
    prettyLogs: bool(env, 'LOG_PRETTY', nodeEnv === 'development' && process.stdout.isTTY === true),
    db: {
      poolSize: integer(env, 'DB_POOL_SIZE', 10, 1, 1000),
      connectTimeoutMs: integer(env, 'DB_CONNECT_TIMEOUT_MS', 5000, 100, 600_000),
      statementTimeoutMs: integer(env, 'DB_STATEMENT_TIMEOUT_MS', 10_000, 100, 600_000),
    },
    http: {
      bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 64 * 1024, 1024, 100 * 1024 * 1024),
      requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 1000, 600_000),
      maxHeaderBytes: integer(env, 'MAX_HEADER_BYTES', 16 * 1024, 1024, 1024 * 1024),
      shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
      trustProxy: trustProxy(env),
    },
    auth: {
      secret,
      baseUrl,
      trustedOrigins,
      rateLimit: {
        enabled: bool(env, 'AUTH_RATE_LIMIT', true),
        window: integer(env, 'AUTH_RATE_LIMIT_WINDOW_S', 60, 1, 86_400),
        max: integer(env, 'AUTH_RATE_LIMIT_MAX', 10, 1, 1_000_000),
      },
      jwtExpiration: duration(env, 'JWT_EXPIRATION', '15m'),
      external: jwksUrl && issuer && audience ? { jwksUrl, issuer, audience } : undefined,
    },
  };
}
