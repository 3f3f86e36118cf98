// Which browser origins the service deals with, decided once from config:
// - our own origin (BETTER_AUTH_URL's, or any loopback port when it is unset, as Better Auth does);
// - the origins listed in CORS_ORIGINS, where a front end on another host lives.
// CORS answers only listed origins (our own page needs no CORS). The CSRF check on cookie-
// authenticated writes accepts our own origin and the listed ones; anything else is a page on
// another site riding the user's cookie.

export interface OriginPolicy {
  /** Listed in CORS_ORIGINS: gets CORS headers, credentials included. */
  corsAllows(origin: string | undefined): boolean;
  /** Our own page or a listed one: its cookie-authenticated writes are the user's own. */
  isTrusted(origin: string): boolean;
}

export interface OriginSettings {
  /** The service's public address. */
  baseUrl: string;
  /** True when BETTER_AUTH_URL was not set: any loopback port is our own page (dev, tests). */
  loopbackIsOwn: boolean;
  listed: string[];
}

const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

export function createOriginPolicy(settings: OriginSettings): OriginPolicy {
  const listed = new Set(settings.listed);
  const own = new URL(settings.baseUrl).origin;
  return {
    corsAllows: (origin) => origin !== undefined && listed.has(origin),
    isTrusted: (origin) => origin === own || listed.has(origin) || (settings.loopbackIsOwn && LOOPBACK.test(origin)),
  };
}
