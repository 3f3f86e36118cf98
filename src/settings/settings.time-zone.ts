// Whether a name is a time zone this process knows, and its canonical spelling. Intl resolves
// names case-insensitively and maps links to their zone's spelling ("utc" → "UTC",
// "europe/berlin" → "Europe/Berlin"); an unknown name is a RangeError.
export function canonicalTimeZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
