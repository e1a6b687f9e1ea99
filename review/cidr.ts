// CIDR arithmetic for binding changes: is a new binding inside the old ones, or wider, or open?
// A bare address is a single host (/32 or /128), as the server stores it.

export interface Cidr {
  readonly text: string;
  readonly version: 4 | 6;
  readonly network: bigint;
  readonly prefix: number;
}

export const OPEN_CIDRS = ['0.0.0.0/0', '::/0'];

function parseV4(addr: string): bigint | undefined {
  const parts = addr.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) + BigInt(Number(p)), 0n);
}

function parseV6(addr: string): bigint | undefined {
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}

/** Parses `a.b.c.d[/n]` or an IPv6 address with optional `/n`; undefined when it is neither. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, len, ...rest] = text.trim().split('/');
  if (rest.length) return undefined;
  const v4 = parseV4(addr);
  const version: 4 | 6 = v4 !== undefined ? 4 : 6;
  const value = v4 ?? parseV6(addr);
  if (value === undefined) return undefined;
  const bits = version === 4 ? 32 : 128;
  const prefix = len === undefined ? bits : /^\d+$/.test(len) ? Number(len) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) return undefined;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { text, version, network: value & mask, prefix };
}

/** `inner` lies entirely within `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.version !== inner.version || inner.prefix < outer.prefix) return false;
  const bits = outer.version === 4 ? 32 : 128;
  const shift = BigInt(bits - outer.prefix);
  return outer.prefix === 0 || inner.network >> shift === outer.network >> shift;
}

/** A binding that lets every address in (0.0.0.0/0, ::/0, or any /0). */
export function isOpen(text: string): boolean {
  const c = parseCidr(text);
  return c !== undefined && c.prefix === 0;
}

/** The entries of `after` not covered by any entry of `before` (unparseable entries count as not covered). */
export function widening(before: readonly string[], after: readonly string[]): string[] {
  const b = before.map(parseCidr).filter((c): c is Cidr => c !== undefined);
  return after.filter((t) => {
    const c = parseCidr(t);
    return !c || !b.some((o) => contains(o, c));
  });
}
