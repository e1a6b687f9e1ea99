// References between resources in synthesized Terraform JSON (`"${vault_mount.kv_mount_X.path}"`),
// shared by the review (which resolves them against declared attributes) and the real-server apply
// fixture (which resolves them against what it applied).
import { isJsonObject } from './json-object';

/** A `${type.name.attribute}` reference. */
export interface ResourceReference {
  /** `vault_mount.kv_mount_X` */
  readonly address: string;
  readonly attribute: string;
}

/** An expression inside `${...}` that is not a plain resource attribute reference. */
export class TerraformExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TerraformExpressionError';
  }
}

const EXPRESSION = /\$\{([^}]*)\}/g;
const SIMPLE_REFERENCE = /^([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([a-z_][a-z0-9_]*)$/;

/** The reference an expression (the text inside `${...}`) names, or undefined for anything else. */
export function parseReference(expression: string): ResourceReference | undefined {
  const m = SIMPLE_REFERENCE.exec(expression.trim());
  return m ? { address: `${m[1]}.${m[2]}`, attribute: m[3] } : undefined;
}


/** Addresses referenced anywhere in a value; throws on any `${...}` that is not a plain reference. */
export function referencesIn(value: unknown, where: string, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    for (const m of value.matchAll(EXPRESSION)) {
      const ref = parseReference(m[1]);
      if (!ref) throw new TerraformExpressionError(`${where}: expression \${${m[1]}} is not a plain resource attribute reference`);
      out.add(ref.address);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => referencesIn(v, `${where}[${i}]`, out));
  } else if (isJsonObject(value)) {
    for (const [k, v] of Object.entries(value)) referencesIn(v, `${where}.${k}`, out);
  }
  return out;
}

/**
 * Replaces references with what `lookup` returns: a string that is one whole reference takes the
 * value as it is (any type); a reference inside a longer string must be a string or number.
 * Expressions that are not plain references are left as written.
 */
export function resolveReferences(value: unknown, where: string, lookup: (ref: ResourceReference) => unknown): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([^}]*)\}$/.exec(value);
    const wholeRef = whole && parseReference(whole[1]);
    if (wholeRef) return lookup(wholeRef);
    return value.replace(EXPRESSION, (text, expression: string) => {
      const ref = parseReference(expression);
      if (!ref) return text;
      const v = lookup(ref);
      if (typeof v !== 'string' && typeof v !== 'number') {
        throw new TerraformExpressionError(`${where}: reference ${expression} interpolated into a string is not a string or number`);
      }
      return String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveReferences(v, `${where}[${i}]`, lookup));
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, `${where}.${k}`, lookup)]));
  return value;
}
