// An ACL policy as a value: path rules with typed capabilities and parameter constraints, merged per
// path, rendered deterministically (paths sorted, capabilities in the one order) so the same grants
// always produce the same HCL and plans never drift on ordering. A rule the server would refuse is
// refused when it is added, naming the path and what is wrong.
import { Capability, isCapability, sortCapabilities } from './capabilities';
import { parsePolicyPath } from './policy-path';

/**
 * A value a parameter constraint lists; JSON types as the request body carries them. A list of
 * strings admits exactly that JSON list (same elements, same order: the server compares lists
 * whole, and never matches a list against a string value or the other way round).
 */
export type ParameterValue = string | number | boolean | readonly string[];

/**
 * Vault's parameter constraints on one path: they apply to the top-level fields of the request
 * body. `allowedParameters`: when set, a field not listed is refused, and a listed field with
 * values may only take one of them (an empty list admits any value). `deniedParameters`: a listed
 * field is refused (with values: only those values; an empty list refuses the field whatever its
 * value). Not evaluated on KV v2 paths. String values match as globs (`a*`, `*a`), other values
 * (and lists) only when equal.
 */
export interface ParameterConstraints {
  readonly allowedParameters?: Readonly<Record<string, readonly ParameterValue[]>>;
  readonly deniedParameters?: Readonly<Record<string, readonly ParameterValue[]>>;
  readonly requiredParameters?: readonly string[];
}

/** One `path "..." { ... }` block. */
export interface PolicyRule extends ParameterConstraints {
  readonly path: string;
  readonly capabilities: readonly Capability[];
  /** Why the rule exists; rendered as a comment above the block. */
  readonly reasons: readonly string[];
}

/** A rule the server would refuse, or constraints that contradict an earlier grant on the path. */
export class PolicyRuleError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`policy path ${JSON.stringify(path)}: ${detail}`);
    this.name = 'PolicyRuleError';
  }
}

interface Entry {
  readonly caps: Set<Capability>;
  readonly reasons: Set<string>;
  constraints?: ParameterConstraints;
}

export class PolicyDocument {
  private readonly byPath = new Map<string, Entry>();

  /**
   * Adds capabilities on a path; repeated calls on the same path are merged. Constraints given for
   * a path must be the same in every grant on it (two grants cannot both shape one block).
   */
  addRule(path: string, capabilities: readonly Capability[], reason: string, constraints?: ParameterConstraints): this {
    const parsed = parsePolicyPath(path);
    if (parsed.problem !== undefined) throw new PolicyRuleError(path, parsed.problem);
    if (parsed.pattern !== path) throw new PolicyRuleError(path, `write it without the leading "/" (${JSON.stringify(parsed.pattern)}); the server drops it`);
    if (capabilities.length === 0) throw new PolicyRuleError(path, 'no capabilities; a rule grants or denies at least one');
    for (const c of capabilities) if (!isCapability(c)) throw new PolicyRuleError(path, `invalid capability ${JSON.stringify(c)}: the server refuses it`);
    if (reason.trim() === '') throw new PolicyRuleError(path, 'no reason given; every rule says why it exists');
    const normalized = constraints && normalizeConstraints(path, constraints);
    const entry = this.byPath.get(path) ?? { caps: new Set<Capability>(), reasons: new Set<string>() };
    if (this.byPath.has(path) && JSON.stringify(entry.constraints ?? null) !== JSON.stringify(normalized ?? null)) {
      throw new PolicyRuleError(path, `parameter constraints differ from an earlier grant on this path (${JSON.stringify(entry.constraints ?? {})} vs ${JSON.stringify(normalized ?? {})})`);
    }
    capabilities.forEach((c) => entry.caps.add(c));
    entry.reasons.add(reason);
    entry.constraints = normalized;
    this.byPath.set(path, entry);
    return this;
  }

  /** The rules, sorted by path. */
  get rules(): PolicyRule[] {
    return [...this.byPath.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, e]) => ({ path, capabilities: sortCapabilities([...e.caps]), reasons: [...e.reasons].sort(), ...(e.constraints ?? {}) }));
  }

  get isEmpty(): boolean {
    return this.byPath.size === 0;
  }

  /** Renders HCL: one block per path, a comment with the reasons above each block. */
  render(header?: string): string {
    const blocks = this.rules.map((r) => {
      const lines = r.reasons.map((reason) => `# ${reason}`);
      lines.push(`path ${JSON.stringify(r.path)} {`);
      lines.push(`  capabilities = [${r.capabilities.map((c) => JSON.stringify(c)).join(', ')}]`);
      for (const [key, map] of [['allowed_parameters', r.allowedParameters], ['denied_parameters', r.deniedParameters]] as const) {
        if (!map) continue;
        lines.push(`  ${key} = {`);
        for (const [name, values] of Object.entries(map)) lines.push(`    ${JSON.stringify(name)} = ${hclList(values)}`);
        lines.push('  }');
      }
      if (r.requiredParameters) lines.push(`  required_parameters = [${r.requiredParameters.map((p) => JSON.stringify(p)).join(', ')}]`);
      lines.push('}');
      return lines.join('\n');
    });
    const head = header ? `# ${header}\n\n` : '';
    return head + blocks.join('\n\n') + '\n';
  }
}

/** `[a, b]` with each value as JSON, lists nested the same way. */
function hclList(values: readonly ParameterValue[]): string {
  return `[${values.map((v) => (Array.isArray(v) ? hclList(v) : JSON.stringify(v))).join(', ')}]`;
}

function isParameterValue(v: unknown): v is ParameterValue {
  return ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
}

/** Keys sorted and lower-cased (the server lower-cases them); values must be JSON scalars or lists of strings. */
function normalizeConstraints(path: string, c: ParameterConstraints): ParameterConstraints {
  const map = (field: string, m: Readonly<Record<string, readonly ParameterValue[]>> | undefined) => {
    if (!m) return undefined;
    const out: Record<string, ParameterValue[]> = {};
    for (const name of Object.keys(m).sort()) {
      if (name.trim() === '') throw new PolicyRuleError(path, `${field} has an empty parameter name`);
      for (const v of m[name]) if (!isParameterValue(v)) throw new PolicyRuleError(path, `${field}.${name} lists ${JSON.stringify(v)}; values are strings, numbers, booleans or lists of strings`);
      out[name.toLowerCase()] = m[name].map((v) => (Array.isArray(v) ? [...v] : v));
    }
    return out;
  };
  const allowed = map('allowed_parameters', c.allowedParameters);
  const denied = map('denied_parameters', c.deniedParameters);
  return {
    ...(allowed ? { allowedParameters: allowed } : {}),
    ...(denied ? { deniedParameters: denied } : {}),
    ...(c.requiredParameters ? { requiredParameters: [...c.requiredParameters].sort() } : {}),
  };
}
