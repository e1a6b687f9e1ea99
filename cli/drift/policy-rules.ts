// A policy compared as the server reads it, not as text: the rules of each path pattern (the
// server merges repeated patterns), so comments, whitespace, order and HCL or JSON spelling never
// count, and a widened or added path is reported by its pattern.
import { sortCapabilities } from '../../model/capabilities';
import { parsePolicy, PolicyParseError, ParsedRule } from '../../model/policy-parser';

/** One pattern whose rules differ; `declared`/`live` undefined when the pattern is absent there. */
export interface RuleDifference {
  readonly pattern: string;
  readonly declared?: string;
  readonly live?: string;
}

/**
 * The patterns whose rules differ between two policy texts. A text the parser cannot read is
 * compared as trimmed text and reported under `(text)`.
 */
export function policyRuleDifferences(name: string, declaredText: string, liveText: string): RuleDifference[] {
  let declared: Map<string, string>;
  let live: Map<string, string>;
  try {
    declared = rulesByPattern(parsePolicy(name, declaredText).rules);
    live = rulesByPattern(parsePolicy(name, liveText).rules);
  } catch (e) {
    if (!(e instanceof PolicyParseError)) throw e;
    return declaredText.trim() === liveText.trim() ? [] : [{ pattern: '(text)', declared: 'as synthesized', live: `differs; not readable as a policy (${e.detail})` }];
  }
  const patterns = [...new Set([...declared.keys(), ...live.keys()])].sort();
  return patterns.filter((p) => declared.get(p) !== live.get(p)).map((pattern) => ({ pattern, declared: declared.get(pattern), live: live.get(pattern) }));
}

/** Each pattern's rules as one line: capabilities, then any parameter or wrapping constraints. */
function rulesByPattern(rules: readonly ParsedRule[]): Map<string, string> {
  const grouped = new Map<string, ParsedRule[]>();
  for (const r of rules) grouped.set(r.pattern, [...(grouped.get(r.pattern) ?? []), r]);
  return new Map([...grouped].map(([pattern, rs]) => [pattern, describeRules(rs)]));
}

function describeRules(rules: readonly ParsedRule[]): string {
  // Deny anywhere on the pattern wins over every grant on it.
  if (rules.some((r) => r.deny)) return 'deny';
  const caps = sortCapabilities([...new Set(rules.flatMap((r) => [...r.capabilities]))]);
  const extras = rules.flatMap((r) => [
    r.allowedParameters && `allowed_parameters ${stable(r.allowedParameters)}`,
    r.deniedParameters && `denied_parameters ${stable(r.deniedParameters)}`,
    r.requiredParameters && `required_parameters ${stable([...r.requiredParameters].sort())}`,
    r.minWrappingTtlSeconds && `min_wrapping_ttl ${r.minWrappingTtlSeconds}s`,
    r.maxWrappingTtlSeconds && `max_wrapping_ttl ${r.maxWrappingTtlSeconds}s`,
  ]).filter((x): x is string => Boolean(x));
  return [caps.length > 0 ? caps.join(', ') : '(no capabilities)', ...[...new Set(extras)].sort()].join('; ');
}

/** JSON with object keys sorted, so equal constraints read the same. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (typeof v === 'object' && v !== null) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
