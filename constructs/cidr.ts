// CIDR blocks as Vault reads them (Go's net.ParseCIDR), shared by the constructs, the guardrails,
// the settings loader, the review and the CLI.
import { isIP } from 'node:net';

export interface ParsedCidr {
  /** Address in the form the server writes back: IPv4 dotted quad or canonical (lower-case, compressed) IPv6. */
  readonly address: string;
  readonly prefix: number;
  readonly family: 4 | 6;
  /** The network number (address with host bits cleared). */
  readonly network: bigint;
}

/**
 * Parses `a.b.c.d/n`, `x::y/n` or a bare address (a single host). Like Go, an IPv4-mapped IPv6
 * block (`::ffff:a.b.c.d/n`, n >= 96) is the IPv4 block /n-96: `::ffff:0.0.0.0/96` is 0.0.0.0/0.
 * Returns undefined if it does not parse.
 */
export function parseCidr(value: string): ParsedCidr | undefined {
  const [rawAddress, prefixText, ...rest] = value.trim().split('/');
  if (rest.length > 0 || rawAddress === undefined) return undefined;
  const family = isIP(rawAddress);
  if (family !== 4 && family !== 6) return undefined;
  const bits = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  if (family === 4) return make(4, ipv4ToBigInt(rawAddress), prefix);
  const value6 = ipv6ToBigInt(rawAddress);
  if (value6 >> 32n === 0xffffn && prefix >= 96) return make(4, value6 & 0xffffffffn, prefix - 96);
  return make(6, value6, prefix);
}

function make(family: 4 | 6, value: bigint, prefix: number): ParsedCidr {
  const bits = family === 4 ? 32 : 128;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  const address = family === 4 ? bigIntToIpv4(value) : canonicalIpv6(bigIntToIpv6(value));
  return { address, prefix, family, network: value & mask };
}

/** True for a CIDR that admits every address (`0.0.0.0/0`, `::/0`, `::ffff:0:0/96`, any /0). */
export function isOpenCidr(value: string): boolean {
  return parseCidr(value)?.prefix === 0;
}

/** `inner` lies entirely within `outer`. */
export function cidrContains(outer: ParsedCidr, inner: ParsedCidr): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  const shift = BigInt((outer.family === 4 ? 32 : 128) - outer.prefix);
  return inner.network >> shift === outer.network >> shift;
}

/**
 * CIDR notation, always with a prefix length: a bare address is one host (`/32`, `/128`), IPv6 is
 * canonical. terraform-provider-vault warns on bare addresses (an error in later releases) and
 * re-adds `/32` itself when it reads a role back, so this form never drifts.
 */
export function toCidrNotation(value: string): string {
  if (!parseCidr(value)) return value;
  const [address, prefix] = value.trim().split('/');
  const family = isIP(address);
  const text = family === 6 ? canonicalIpv6(address) : address;
  return `${text}/${prefix ?? (family === 6 ? 128 : 32)}`;
}

/** `host:port`, with IPv6 addresses in brackets (`[::1]:8200`), for listeners and URLs. */
export function hostPort(address: string, port: number): string {
  return `${isIP(address) === 6 ? `[${address}]` : address}:${port}`;
}

function ipv4ToBigInt(address: string): bigint {
  return address.split('.').reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n);
}

function bigIntToIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
}

/** Expands a (valid, possibly compressed or IPv4-suffixed) IPv6 address to its 128-bit value. */
function ipv6ToBigInt(address: string): bigint {
  const canonical = canonicalIpv6(address);
  const [head, tail] = canonical.split('::');
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return all.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}

function bigIntToIpv6(value: bigint): string {
  return Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
}

/** Lower-case, zero-compressed IPv6 (RFC 5952), via the WHATWG URL host serializer. */
function canonicalIpv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}
