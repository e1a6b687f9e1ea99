// One field of a Vault object as drift compares it: what the configuration declares (or the value
// the object takes when the configuration leaves it out) against what the server answers, both
// brought to one form first, so `"0s"` and 0, `127.0.0.1` and `127.0.0.1/32`, null and [] are equal.
import { parseCidr } from '../../model/cidr';
import { DurationError, formatSeconds, parseDurationSeconds } from '../../model/duration';

/**
 * bool, int, string; seconds: a duration (number or Go duration string); set: a list whose order
 * does not matter; cidrs: a set of CIDR blocks (a bare address is its /32 or /128); map: string
 * values by key.
 */
export type FieldKind = 'bool' | 'int' | 'string' | 'seconds' | 'set' | 'cidrs' | 'map';

export interface FieldSpec {
  /** The name in the report (the API field name). */
  readonly name: string;
  readonly kind: FieldKind;
  /** What the object has when the configuration does not set the field. */
  readonly default: unknown;
  /** Where the server's answer holds it, e.g. `config.default_lease_ttl`. @default name */
  readonly live?: string;
  /** The attribute in the synthesized resource. @default name */
  readonly declared?: string;
  /** Values that mean the same as `default` (e.g. listing_visibility `hidden` and ""). */
  readonly sameAsDefault?: readonly string[];
  /** Map keys whose values may be printed; other keys' values are shown as `(set)`. @default every key */
  readonly printableKeys?: readonly string[];
}

/** A value in its comparable form: JSON text of the normalized value. */
type Comparable = string;

/** The field's value brought to one form, for comparison. */
export function comparable(spec: FieldSpec, value: unknown): Comparable {
  const v = value === undefined || value === null ? spec.default : value;
  switch (spec.kind) {
    case 'bool':
      return JSON.stringify(v === true || v === 'true');
    case 'int':
      return JSON.stringify(Number(v ?? 0));
    case 'seconds':
      return JSON.stringify(seconds(v));
    case 'string': {
      const s = String(v ?? '');
      return JSON.stringify(spec.sameAsDefault?.includes(s) ? String(spec.default ?? '') : s);
    }
    case 'set':
      return JSON.stringify([...new Set(list(v))].sort());
    case 'cidrs':
      return JSON.stringify([...new Set(list(v).map((c) => parseCidr(c).cidr?.text ?? c))].sort());
    case 'map':
      return JSON.stringify(Object.entries(isMap(v) ? v : {}).map(([k, x]) => [k, String(x)]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

/** The field's value for the report: short, and never a value of a key not listed as printable. */
export function display(spec: FieldSpec, value: unknown): string {
  const v = value === undefined || value === null ? spec.default : value;
  switch (spec.kind) {
    case 'bool':
      return String(v === true || v === 'true');
    case 'int':
      return String(Number(v ?? 0));
    case 'seconds': {
      const s = seconds(v);
      return Number.isNaN(s) ? JSON.stringify(v) : s === 0 ? '0' : `${s} (${formatSeconds(s)})`;
    }
    case 'string':
      return v === '' || v === undefined ? '(none)' : String(v);
    case 'set':
    case 'cidrs': {
      const items = list(v);
      return items.length === 0 ? '(none)' : items.join(', ');
    }
    case 'map': {
      const entries = Object.entries(isMap(v) ? v : {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (entries.length === 0) return '(none)';
      return entries.map(([k, x]) => `${k}=${!spec.printableKeys || spec.printableKeys.includes(k) ? String(x) : '(set)'}`).join(', ');
    }
  }
}

/** The value at a dotted path of an API answer (`config.max_lease_ttl`). */
export function valueAt(object: Readonly<Record<string, unknown>>, dotted: string): unknown {
  let at: unknown = object;
  for (const part of dotted.split('.')) at = isMap(at) ? at[part] : undefined;
  return at;
}

function seconds(v: unknown): number {
  if (typeof v === 'number') return v;
  try {
    return parseDurationSeconds(String(v ?? 0));
  } catch (e) {
    if (e instanceof DurationError) return NaN;
    throw e;
  }
}

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  // The server answers a comma-separated string for some list fields when they were written as one.
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return [];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
