// Loopback source addresses inside and outside a role's bindings, for CIDR tests (the whole of
// 127.0.0.0/8 is loopback on Linux, so any 127.x address can open a connection).
import { cidrContains, parseCidr } from '../../../model/cidr';

const LOOPBACK_CANDIDATES = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.1.1', '127.1.0.1', '127.254.254.254'];

/** True when the address is inside the CIDR (a bare address is a single host, as Vault stores it). */
function inside(cidr: string, ip: string): boolean {
  const block = parseCidr(cidr).cidr;
  const host = parseCidr(ip).cidr;
  return block !== undefined && host !== undefined && cidrContains(block, host);
}

/** A loopback address inside every one of the CIDR lists (each list: inside any of its CIDRs). */
export function loopbackInside(...lists: readonly (readonly string[])[]): string | undefined {
  return LOOPBACK_CANDIDATES.find((ip) => lists.every((l) => l.length === 0 || l.some((c) => inside(c, ip))));
}

/** A loopback address outside all CIDRs of the list. */
export function loopbackOutside(list: readonly string[]): string | undefined {
  return LOOPBACK_CANDIDATES.find((ip) => !list.some((c) => inside(c, ip)));
}
