// CIDR blocks with one meaning everywhere: the settings, the constructs and guardrails, the CLI's
// --cidr and the review all parse with parseCidr and compare with the functions below.
//
// The meaning is the server's (Go's net.ParseCIDR / IPNet.Contains, which Vault checks bindings
// with), made strict where Go is lenient in a way that hides mistakes:
//   - a bare address is one host: /32 (IPv4) or /128 (IPv6), and is written with that prefix;
//   - host bits are an error: `10.0.0.5/8` admits all of 10/8, so it is refused with both fixes;
//   - an IPv4-mapped IPv6 block (`::ffff:a.b.c.d/n`, n >= 96) is the IPv4 block /n-96, as Go
//     reads it (a shorter one stays IPv6, and its ffff bits are host bits);
//   - zone indexes (`fe80::1%eth0`) and anything else that is not an address are refused.
import { isIP } from 'node:net';

export type IpFamily = 4 | 6;

export interface Cidr {
  /** The block as the server reads it: IPv4 for IPv4-mapped IPv6 input. */
  readonly family: IpFamily;
  /** The network number (no host bits). */
  readonly network: bigint;
  readonly prefix: number;
  /** CIDR notation as written to the server: canonical address text and an explicit prefix. */
  readonly text: string;
}

export type CidrParse = { readonly cidr: Cidr; readonly problem?: undefined } | { readonly cidr?: undefined; readonly problem: string };

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };
export const EXAMPLE_CIDRS = '10.0.1.5/32 or 2001:db8::/64';

/** Parses one CIDR block; `problem` says what is wrong and how to write it instead. */
export function parseCidr(input: string): CidrParse {
  const text = input.trim();
  if (text === '') return { problem: `is empty; expected a CIDR block such as ${EXAMPLE_CIDRS}` };
  if (text.includes('%')) return { problem: `has a zone index (after %); a CIDR block names addresses, not an interface: expected e.g. ${EXAMPLE_CIDRS}` };
  const parts = text.split('/');
  if (parts.length > 2) return { problem: `has more than one "/"; expected an address and one prefix length, e.g. ${EXAMPLE_CIDRS}` };
  const [address, prefixText] = parts;
  const written = isIP(address);
  if (written !== 4 && written !== 6) return { problem: `is not an IPv4 or IPv6 address with an optional prefix length; expected e.g. ${EXAMPLE_CIDRS}` };
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return { problem: `has prefix length "${prefixText}"; expected a number 0-${BITS[written]}` };
  const prefix = prefixText === undefined ? BITS[written] : Number(prefixText);
  if (prefix > BITS[written]) return { problem: `has prefix length ${prefix}; an IPv${written} prefix is at most ${BITS[written]}` };

  const canonical = written === 4 ? address : canonicalIpv6(address);
  let family: IpFamily = written;
  let value = written === 4 ? ipv4ToBigInt(address) : ipv6ToBigInt(address);
  let effectivePrefix = prefix;
  if (written === 6 && value >> 32n === 0xffffn && prefix >= 96) {
    family = 4;
    value &= 0xffffffffn;
    effectivePrefix = prefix - 96;
  }
  const mask = maskOf(family, effectivePrefix);
  if ((value & mask) !== value) {
    const network = formatAddress(family, value & mask);
    return { problem: `has host bits set: it admits all of ${network}/${effectivePrefix}; write ${network}/${effectivePrefix} for the network or ${family === written ? canonical : formatAddress(family, value)}/${BITS[family]} for the one host` };
  }
  return { cidr: { family, network: value, prefix: effectivePrefix, text: `${canonical}/${prefix}` } };
}

/** The blocks of a list, or the first problem with its index. */
export function parseCidrList(values: readonly string[]): { cidrs: Cidr[]; problems: Array<{ index: number; value: string; problem: string }> } {
  const cidrs: Cidr[] = [];
  const problems: Array<{ index: number; value: string; problem: string }> = [];
  values.forEach((value, index) => {
    const r = parseCidr(value);
    if (r.cidr) cidrs.push(r.cidr);
    else problems.push({ index, value, problem: r.problem });
  });
  return { cidrs, problems };
}

/** CIDR notation for the server; a value that does not parse is returned unchanged (its validator reports it). */
export function toCidrNotation(value: string): string {
  return parseCidr(value).cidr?.text ?? value;
}

/** `inner` lies entirely within `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  const shift = BigInt(BITS[outer.family] - outer.prefix);
  return inner.network >> shift === outer.network >> shift;
}

/** An address (no prefix) lies within the block. */
export function cidrAdmits(block: Cidr, address: string): boolean {
  const host = parseCidr(address).cidr;
  return host !== undefined && cidrContains(block, host);
}

/** [start, end) of a block. */
function range(c: Cidr): [bigint, bigint] {
  return [c.network, c.network + (1n << BigInt(BITS[c.family] - c.prefix))];
}

/** The merged ranges of the blocks of one family, sorted. */
function union(cidrs: readonly Cidr[], family: IpFamily): Array<[bigint, bigint]> {
  const ranges = cidrs.filter((c) => c.family === family).map(range).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: Array<[bigint, bigint]> = [];
  for (const [start, end] of ranges) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = end > last[1] ? end : last[1];
    else merged.push([start, end]);
  }
  return merged;
}

/** The union of the blocks covers `c` entirely (a block covered by several smaller ones counts). */
export function coveredByUnion(c: Cidr, blocks: readonly Cidr[]): boolean {
  const [start, end] = range(c);
  return union(blocks, c.family).some(([s, e]) => s <= start && end <= e);
}

/**
 * The IP families whose whole address space the union admits: `0.0.0.0/0`, but also
 * `0.0.0.0/1` with `128.0.0.0/1`, or the two IPv6 halves. Empty when the set is closed.
 */
export function familiesAdmittingEveryone(cidrs: readonly Cidr[]): IpFamily[] {
  return ([4, 6] as const).filter((family) => {
    const merged = union(cidrs, family);
    return merged.length === 1 && merged[0][0] === 0n && merged[0][1] === 1n << BigInt(BITS[family]);
  });
}

/** Prefix-length bounds: a block broader than these (a shorter prefix) needs a reason. */
export interface CidrPrefixBounds {
  readonly ipv4: number;
  readonly ipv6: number;
}

export function isBroaderThan(c: Cidr, bounds: CidrPrefixBounds): boolean {
  return c.prefix < (c.family === 4 ? bounds.ipv4 : bounds.ipv6);
}

function maskOf(family: IpFamily, prefix: number): bigint {
  const bits = BITS[family];
  return prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
}

function formatAddress(family: IpFamily, value: bigint): string {
  return family === 4 ? bigIntToIpv4(value) : canonicalIpv6(bigIntToIpv6(value));
}

function ipv4ToBigInt(address: string): bigint {
  return address.split('.').reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n);
}

function bigIntToIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
}

/** Expands a (valid, possibly compressed or IPv4-suffixed) IPv6 address to its 128-bit value. */
function ipv6ToBigInt(address: string): bigint {
  const [head, tail] = canonicalIpv6(address).split('::');
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return all.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}

function bigIntToIpv6(value: bigint): string {
  return Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
}

/** Lower-case, zero-compressed IPv6 (RFC 5952), via the WHATWG URL host serializer; IPv4 tails become hex groups. */
function canonicalIpv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/** The unspecified address (`0.0.0.0`, `::`, `::0`, `::ffff:0.0.0.0`...): a listener on it listens on every interface. */
export function isUnspecifiedAddress(address: string): boolean {
  const host = address.includes('/') ? undefined : parseCidr(address).cidr;
  return host !== undefined && host.network === 0n;
}
