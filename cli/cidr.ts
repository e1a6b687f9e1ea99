// CIDR blocks as AppRoles take them (secret_id_bound_cidrs, token_bound_cidrs, cidr_list).
import { isIP } from 'node:net';
import { CliError } from './errors';

/** Validates `a.b.c.d/n` or an IPv6 block (a bare address counts as a single host); returns it unchanged. */
export function parseCidr(field: string, text: string): string {
  const [addr, bits, extra] = text.split('/');
  const family = isIP(addr ?? '');
  const max = family === 4 ? 32 : 128;
  const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= max);
  if (!family || !okBits || extra !== undefined) {
    throw new CliError(`${field}: "${text}" is not a CIDR block; expected an address with an optional prefix length, e.g. 10.0.0.5/32 or 127.0.0.1`, 2);
  }
  return text;
}
