import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';

/**
 * SSRF guard for webhook targets. Refused: loopback, private (RFC 1918, CGNAT, ULA), link-local
 * (and so cloud metadata 169.254.169.254), unspecified, multicast, reserved and documentation
 * ranges, and IPv6 forms that embed an IPv4 address. Checked on the URL at registration and on
 * every resolved address at send time (the connection is pinned to the checked address).
 */
const V4_BLOCKED: [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];

const v4ToInt = (ip: string) => ip.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;

function blockedV4(ip: string): boolean {
  const n = v4ToInt(ip);
  return V4_BLOCKED.some(([base, bits]) => (n >>> (32 - bits)) === (v4ToInt(base) >>> (32 - bits)));
}

function expandV6(ip: string): number[] {
  let address = ip.toLowerCase().split('%')[0] as string;
  // A trailing dotted IPv4 (::ffff:127.0.0.1) becomes two hextets.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    const n = v4ToInt(dotted[1] as string);
    address = address.replace(dotted[1] as string, `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`);
  }
  const [head = '', tail] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...middle, ...t].map((x) => parseInt(x, 16));
}

function blockedV6(ip: string): boolean {
  const x = expandV6(ip);
  if (x.length !== 8 || x.some((n) => Number.isNaN(n))) return true;
  const [a = 0, b = 0] = x;
  if (x.every((n) => n === 0)) return true; // ::
  if (x.slice(0, 7).every((n) => n === 0) && x[7] === 1) return true; // ::1
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::): judge the IPv4 inside.
  const embedded = `${(x[6] ?? 0) >> 8}.${(x[6] ?? 0) & 255}.${(x[7] ?? 0) >> 8}.${(x[7] ?? 0) & 255}`;
  if (x.slice(0, 5).every((n) => n === 0) && (x[5] === 0xffff || x[5] === 0)) return blockedV4(embedded);
  if (a === 0x64 && b === 0xff9b) return blockedV4(embedded);
  if ((a & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((a & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((a & 0xff00) === 0xff00) return true; // multicast
  if (a === 0x2001 && b === 0x0db8) return true; // documentation
  if (a === 0x2002) return blockedV4(`${b >> 8}.${b & 255}.${(x[2] ?? 0) >> 8}.${(x[2] ?? 0) & 255}`); // 6to4
  return false;
}

export function isLoopback(ip: string): boolean {
  return isIP(ip) === 4 ? ip.startsWith('127.') : isIP(ip) === 6 && (expandV6(ip).slice(0, 7).every((n) => n === 0) && expandV6(ip)[7] === 1);
}

/** Whether an IP address literal may be connected to (loopback only when explicitly allowed). */
export function isAllowedAddress(ip: string, allowLoopback: boolean): boolean {
  if (allowLoopback && isLoopback(ip)) return true;
  const version = isIP(ip);
  if (version === 4) return !blockedV4(ip);
  if (version === 6) return !blockedV6(ip);
  return false;
}

export type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: Lookup = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/**
 * Host names that are IP addresses in disguise (2130706433, 0x7f000001, 0177.0.0.1, 127.1): WHATWG
 * URL parsing already turns these into dotted IPv4, so the URL's hostname is what gets checked.
 */
export function literalAddress(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) ? bare : undefined;
}
