// ETags are derived from a row's version: "v3" (tasks and lists alike). If-Match / If-None-Match may list several
// tags or "*"; weak and strong forms compare alike, since a version names one exact state.

export function etagOf(version: number): string {
  return `"v${version}"`;
}

export type Precondition = { any: true } | { any: false; versions: number[] };

/** Parses If-Match / If-None-Match. A tag we never issued matches nothing. */
export function parseEtagList(header: string): Precondition {
  if (header.trim() === '*') return { any: true };
  const versions: number[] = [];
  for (const part of header.split(',')) {
    const match = /^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(part);
    if (match) versions.push(Number(match[1]));
  }
  return { any: false, versions };
}

export function matches(precondition: Precondition, version: number): boolean {
  return precondition.any || precondition.versions.includes(version);
}
