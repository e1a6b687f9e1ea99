import { isIP } from 'node:net';

export interface ParsedCidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 4 | 6;
}

/** Parses `a.b.c.d/n`, `x::y/n` or a bare address (a single host). Returns undefined if it does not parse. */
export function parseCidr(value: string): ParsedCidr | undefined {
  const [address, prefixText, ...rest] = value.trim().split('/');
  if (rest.length > 0 || address === undefined) return undefined;
  const family = isIP(address);
  if (family !== 4 && family !== 6) return undefined;
  const max = family === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > max) return undefined;
  return { address, prefix, family };
}

/** True for a CIDR that admits every address (`0.0.0.0/0`, `::/0`, or any /0). */
export function isOpenCidr(value: string): boolean {
  const parsed = parseCidr(value);
  return parsed !== undefined && parsed.prefix === 0;
}

/**
 * Writes a CIDR the way Vault stores `token_bound_cidrs`: a single host (/32, /128) loses its
 * suffix, anything else is kept. Without this a plan shows a perpetual diff.
 */
export function toServerTokenCidr(value: string): string {
  const parsed = parseCidr(value);
  if (!parsed) return value;
  const single = parsed.prefix === (parsed.family === 4 ? 32 : 128);
  return single ? parsed.address : `${parsed.address}/${parsed.prefix}`;
}
