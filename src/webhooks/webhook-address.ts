// Server-side request forgery guard: a webhook may only reach public addresses. The host is
// resolved at registration (a clear 422) and again at every attempt, by the connection's own
// lookup, so a name that later resolves to 127.0.0.1 or the metadata service (DNS rebinding) is
// refused at connect time. WEBHOOK_ALLOW_PRIVATE=true lifts it (tests, hooks on a LAN).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  // Unspecified, loopback, IPv4-mapped and -translated (they would smuggle any IPv4 address past
  // the list), discard, documentation, unique-local (AWS's fd00:ec2::254 metadata too), link-local, multicast.
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64],
  ['2001:db8::', 32], ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is refused as a whole; BlockList's own ::ffff:0:0/96 rule
  // would also match every plain IPv4 address.
  if (family === 6 && /^::ffff:/i.test(address)) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class AddressRefused extends Error {
  override name = 'AddressRefused';
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that resolves as usual and fails the connection when an address
 * is not public (unless private ones are allowed).
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.find((a) => !allowPrivate && !isPublicAddress(a.address));
      if (refused !== undefined || addresses.length === 0) {
        return callback(Object.assign(new AddressRefused(`${hostname} resolves to a non-public address`), { code: 'EADDRREFUSED' }), []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** Why a registration's URL is refused, or undefined when it may be used. */
export async function urlProblem(raw: string, allowPrivate: boolean): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http or https URL';
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password (the signature authenticates deliveries)';
  if (allowPrivate) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) !== 0
    ? [host]
    : await new Promise<string[] | undefined>((resolve) => dnsLookup(host, { all: true }, (error, found) => resolve(error ? undefined : found.map((a) => a.address))));
  if (addresses === undefined || addresses.length === 0) return 'its host name does not resolve';
  if (addresses.some((address) => !isPublicAddress(address))) return 'resolves to a loopback, private or link-local address, which webhooks may not reach';
  return undefined;
}
