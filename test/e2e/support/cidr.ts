// IPv4 CIDR arithmetic for choosing loopback source addresses inside and outside a role's
// bindings (the whole of 127.0.0.0/8 is loopback on Linux, so any 127.x address can connect).

function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** True when `ip` is inside `cidr` (a bare address counts as /32, as Vault stores it). */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bitsText] = cidr.split('/');
  if (base.includes(':')) return false; // IPv6 bindings never contain an IPv4 loopback source
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((ipToInt(base) & mask) >>> 0) === ((ipToInt(ip) & mask) >>> 0);
}

const LOOPBACK_CANDIDATES = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.1.1', '127.1.0.1', '127.254.254.254'];

/** A loopback address inside every one of the CIDR lists (each list: inside any of its CIDRs). */
export function loopbackInside(...lists: readonly (readonly string[])[]): string | undefined {
  return LOOPBACK_CANDIDATES.find((ip) => lists.every((l) => l.length === 0 || l.some((c) => cidrContains(c, ip))));
}

/** A loopback address outside all CIDRs of the list. */
export function loopbackOutside(list: readonly string[]): string | undefined {
  return LOOPBACK_CANDIDATES.find((ip) => !list.some((c) => cidrContains(c, ip)));
}
