// CIDR blocks as AppRoles take them (secret_id_bound_cidrs, token_bound_cidrs, cidr_list).
import { parseCidr as parseSharedCidr } from '../constructs/cidr';
import { CliError } from './errors';

/** Validates `a.b.c.d/n` or an IPv6 block (a bare address counts as a single host); returns it unchanged. */
export function parseCidr(field: string, text: string): string {
  if (!parseSharedCidr(text)) {
    throw new CliError(`${field}: "${text}" is not a CIDR block; expected an address with an optional prefix length, e.g. 10.0.0.5/32 or 127.0.0.1`, 2);
  }
  return text;
}
