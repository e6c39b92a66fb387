/**
 * IPv4 and IPv6 addresses and CIDR blocks for IpAddress / NotIpAddress,
 * parsed by hand so the engine needs no I/O-bearing module and the hot path
 * can test an IPv4 address without allocating.
 */

export interface Ipv4Cidr {
  readonly version: 4;
  readonly network: number;
  readonly mask: number;
  readonly prefix: number;
}

export interface Ipv6Cidr {
  readonly version: 6;
  /** Eight 16-bit groups, host bits cleared. */
  readonly groups: readonly number[];
  readonly prefix: number;
}

export type Cidr = Ipv4Cidr | Ipv6Cidr;

/** Parses dotted-quad IPv4; returns the address as an unsigned 32-bit number or -1. */
export function parseIpv4(text: string, start = 0, end = text.length): number {
  let value = 0;
  let octets = 0;
  let i = start;
  while (i <= end) {
    let digits = 0;
    let octet = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      octet = octet * 10 + (c - 48);
      digits++;
      i++;
    }
    if (digits === 0 || digits > 3 || octet > 255) return -1;
    value = value * 256 + octet;
    octets++;
    if (i === end) break;
    if (text.charCodeAt(i) !== 46 || octets === 4) return -1;
    i++;
  }
  return octets === 4 ? value : -1;
}

/** Parses an IPv6 address (with `::` and an optional trailing IPv4) into 8 groups. */
export function parseIpv6(text: string): number[] | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  const doubleColon = text.indexOf('::');
  if (doubleColon >= 0 && text.indexOf('::', doubleColon + 1) >= 0) return undefined;
  const head = doubleColon >= 0 ? text.slice(0, doubleColon) : text;
  const tail = doubleColon >= 0 ? text.slice(doubleColon + 2) : '';
  const headGroups = parseGroups(head);
  const tailGroups = parseGroups(tail);
  if (!headGroups || !tailGroups) return undefined;
  const total = headGroups.length + tailGroups.length;
  if (doubleColon < 0 ? total !== 8 : total > 7) return undefined;
  const groups = headGroups.concat(new Array<number>(8 - total).fill(0), tailGroups);
  return groups;
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const pieces = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (i === pieces.length - 1 && piece.includes('.')) {
      const v4 = parseIpv4(piece);
      if (v4 < 0) return undefined;
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
    groups.push(parseInt(piece, 16));
  }
  return groups;
}

/** Parses `a.b.c.d[/n]` or `ipv6[/n]`; an address without a prefix is a single host. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const address = slash >= 0 ? text.slice(0, slash) : text;
  const prefixText = slash >= 0 ? text.slice(slash + 1) : undefined;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  if (address.includes(':')) {
    const groups = parseIpv6(address);
    const prefix = prefixText === undefined ? 128 : Number(prefixText);
    if (!groups || prefix > 128) return undefined;
    return { version: 6, groups: maskGroups(groups, prefix), prefix };
  }
  const value = parseIpv4(address);
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  if (value < 0 || prefix > 32) return undefined;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { version: 4, network: (value & mask) >>> 0, mask, prefix };
}

function maskGroups(groups: readonly number[], prefix: number): number[] {
  return groups.map((group, i) => {
    const bits = Math.max(0, Math.min(16, prefix - i * 16));
    return bits === 0 ? 0 : group & ((0xffff << (16 - bits)) & 0xffff);
  });
}

/** Whether `ip` (text from the request context) lies in any of `cidrs`. Unparseable input matches nothing. */
export function ipInAny(ip: string, cidrs: readonly Cidr[]): boolean {
  return ipRangeOutcome(ip, cidrs) === IN_RANGE;
}

export const OUT_OF_RANGE = 0;
export const IN_RANGE = 1;
export const NOT_AN_ADDRESS = 2;

/**
 * `IN_RANGE` or `OUT_OF_RANGE` for an address, `NOT_AN_ADDRESS` for text that
 * is none, so that NotIpAddress can tell "outside" from "not comparable".
 */
export function ipRangeOutcome(
  ip: string,
  cidrs: readonly Cidr[],
): typeof OUT_OF_RANGE | typeof IN_RANGE | typeof NOT_AN_ADDRESS {
  if (ip.includes(':')) {
    const groups = parseIpv6(ip);
    if (!groups) return NOT_AN_ADDRESS;
    for (const cidr of cidrs) if (cidr.version === 6 && ipv6InCidr(groups, cidr)) return IN_RANGE;
    return OUT_OF_RANGE;
  }
  const value = parseIpv4(ip);
  if (value < 0) return NOT_AN_ADDRESS;
  for (const cidr of cidrs) {
    if (cidr.version === 4 && (value & cidr.mask) >>> 0 === cidr.network) return IN_RANGE;
  }
  return OUT_OF_RANGE;
}

function ipv6InCidr(groups: readonly number[], cidr: Ipv6Cidr): boolean {
  for (let i = 0; i < 8; i++) {
    const bits = Math.max(0, Math.min(16, cidr.prefix - i * 16));
    if (bits === 0) return true;
    const mask = (0xffff << (16 - bits)) & 0xffff;
    if ((groups[i] & mask) !== cidr.groups[i]) return false;
  }
  return true;
}
