// Time zone names for the settings' select and the forms' hints. The browser's own list
// (Intl.supportedValuesOf) holds canonical IANA names; the server checks names against the same
// database, so any of them is accepted.

/** The zone this browser runs in ("Europe/Berlin"); UTC when it cannot say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

let names: string[] | null = null;

/** Every zone the browser knows, sorted, with UTC (some browsers leave it out) and `extra` included. */
export function timeZoneNames(extra: readonly string[] = []): string[] {
  names ??= (() => {
    try {
      return Intl.supportedValuesOf('timeZone');
    } catch {
      return [];
    }
  })();
  return [...new Set([...names, 'UTC', ...extra])].sort((a, b) => a.localeCompare(b));
}
