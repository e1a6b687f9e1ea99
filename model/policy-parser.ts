// Reads a Vault/OpenBao ACL policy text (HCL or JSON) into typed rules, with the server's own
// rules: path patterns as model/policy-path.ts reads them; the legacy `policy = "read|write|sudo|deny"`
// adds its capabilities; `deny` anywhere makes the rule deny-only; unknown keys and unknown
// capabilities are errors. Facts from OpenBao internal/vault/policy/policy.go.
import { Capability, GrantCapability, isCapability, LEGACY_POLICY_CAPABILITIES } from './capabilities';
import { parseDurationSeconds } from './duration';
import { HclItem, HclObject, HclSyntaxError, HclValue, isHclObject, parseHcl } from './hcl';
import { parsePolicyPath, PolicyPathKind } from './policy-path';

/** One `path "..." { }` block of a parsed policy. */
export interface ParsedRule {
  /** Name of the policy the rule comes from. */
  readonly policy: string;
  /** The path as written (after dropping one leading `/`), e.g. `secret/data/+/db*`. */
  readonly pattern: string;
  /**
   * exact: `pattern` only; prefix: ends in `*` without segment wildcards (matches every path
   * starting with `pattern` minus the `*`); segment: holds `+` segment wildcards (may end in `*`).
   */
  readonly kind: PolicyPathKind;
  /** Granted capabilities (empty when the rule denies). */
  readonly capabilities: ReadonlySet<GrantCapability>;
  /** Every capability the rule names, as written (deny included), for portability checks. */
  readonly namedCapabilities: readonly Capability[];
  /** `deny` was named (directly or via `policy = "deny"`): it overrides every grant on this pattern. */
  readonly deny: boolean;
  /** @default undefined (no limit) */
  readonly minWrappingTtlSeconds?: number;
  /** @default undefined (no limit) */
  readonly maxWrappingTtlSeconds?: number;
  readonly allowedParameters?: Readonly<Record<string, readonly unknown[]>>;
  readonly deniedParameters?: Readonly<Record<string, readonly unknown[]>>;
  readonly requiredParameters?: readonly string[];
  /** 1-based line of the block in the policy text (0 for JSON). */
  readonly line: number;
}

/** A named policy as the server read it: its rules in the order written. */
export interface ParsedPolicy {
  readonly name: string;
  readonly rules: readonly ParsedRule[];
}

export class PolicyParseError extends Error {
  constructor(
    readonly policy: string,
    readonly detail: string,
  ) {
    super(`policy "${policy}": ${detail}`);
    this.name = 'PolicyParseError';
  }
}

const RULE_KEYS = [
  'comment',
  'policy',
  'capabilities',
  'allowed_parameters',
  'denied_parameters',
  'required_parameters',
  'min_wrapping_ttl',
  'max_wrapping_ttl',
  'mfa_methods',
  'pagination_limit',
  'expiration',
  'list_scan_response_keys_filter_path',
  'control_group',
];

// A review parses the same policy texts for base and head and every environment; the result is
// immutable (readonly all the way down), so one parse per (name, text) is kept.
const parsed = new Map<string, ParsedPolicy>();
const PARSE_CACHE_LIMIT = 2000;

/** Parses a policy text (HCL or JSON) named `name`. Throws {@link PolicyParseError} naming the path and the bad value. */
export function parsePolicy(name: string, text: string): ParsedPolicy {
  const key = `${name}\u0000${text}`;
  const known = parsed.get(key);
  if (known) return known;
  const policy = parsePolicyText(name, text);
  if (parsed.size >= PARSE_CACHE_LIMIT) parsed.clear();
  parsed.set(key, policy);
  return policy;
}

function parsePolicyText(name: string, text: string): ParsedPolicy {
  let root: HclObject;
  try {
    root = parseHcl(text);
  } catch (e) {
    if (e instanceof HclSyntaxError) throw new PolicyParseError(name, `syntax error at ${e.message}`);
    throw e;
  }
  const rules: ParsedRule[] = [];
  for (const item of root.items) {
    const key = item.keys[0];
    if (key === 'name') continue;
    if (key !== 'path') {
      throw new PolicyParseError(name, `invalid key ${JSON.stringify(key)} on line ${item.line} (expected "path" or "name")`);
    }
    for (const [pathKey, body, line] of pathBlocks(name, item)) {
      const rule = parseRule(name, pathKey, body, line);
      if (rule) rules.push(rule);
    }
  }
  return { name, rules };
}

/** `path "x" {..}` (labels) or `path = { "x" = {..} }` / JSON `"path": {"x": {..}}` or a list of such objects. */
function pathBlocks(policy: string, item: HclItem): Array<[string, HclObject, number]> {
  if (item.keys.length === 2) {
    if (!isHclObject(item.value)) throw new PolicyParseError(policy, `path ${JSON.stringify(item.keys[1])}: expected a block { ... }`);
    return [[item.keys[1], item.value, item.line]];
  }
  if (item.keys.length > 2) throw new PolicyParseError(policy, `path block on line ${item.line} has ${item.keys.length - 1} labels, expected 1`);
  const containers = Array.isArray(item.value) ? item.value : [item.value];
  const out: Array<[string, HclObject, number]> = [];
  for (const c of containers) {
    if (!isHclObject(c)) throw new PolicyParseError(policy, `"path" must map path strings to blocks, found ${JSON.stringify(c)}`);
    for (const inner of c.items) {
      if (inner.keys.length !== 1 || !isHclObject(inner.value)) {
        throw new PolicyParseError(policy, `"path" entry ${JSON.stringify(inner.keys.join(' '))} must be a block { ... }`);
      }
      out.push([inner.keys[0], inner.value, inner.line || item.line]);
    }
  }
  return out;
}

function parseRule(policy: string, key: string, body: HclObject, line: number): ParsedRule | undefined {
  const fail = (detail: string): never => {
    throw new PolicyParseError(policy, `path ${JSON.stringify(key)}: ${detail}`);
  };
  const fields = new Map<string, HclValue>();
  for (const it of body.items) {
    const k = it.keys[0];
    if (!RULE_KEYS.includes(k)) fail(`invalid key ${JSON.stringify(k)} (expected one of ${RULE_KEYS.join(', ')})`);
    if (it.keys.length > 1 && k !== 'control_group') fail(`key ${JSON.stringify(k)} takes "=" not a labelled block`);
    fields.set(k, it.value);
  }

  const expiration = fields.get('expiration');
  if (expiration !== undefined) {
    const when = typeof expiration === 'string' ? Date.parse(expiration) : NaN;
    if (Number.isNaN(when)) fail(`invalid expiration time ${JSON.stringify(expiration)} (expected an RFC 3339 time)`);
    // The server drops an expired rule; so does the review (relative to now).
    if (Date.now() > when) return undefined;
  }

  const path = parsePolicyPath(key);
  if (path.problem !== undefined) return fail(path.problem);
  const { pattern, kind } = path;

  const caps: string[] = [];
  const capsRaw = fields.get('capabilities');
  if (capsRaw !== undefined) {
    if (!Array.isArray(capsRaw) || capsRaw.some((c) => typeof c !== 'string')) fail(`capabilities must be a list of strings, found ${JSON.stringify(capsRaw)}`);
    caps.push(...(capsRaw as string[]));
  }
  const legacy = fields.get('policy');
  if (legacy !== undefined && legacy !== '') {
    const mapped = typeof legacy === 'string' ? LEGACY_POLICY_CAPABILITIES[legacy] : undefined;
    if (!mapped) fail(`invalid policy ${JSON.stringify(legacy)} (expected deny, read, write or sudo)`);
    if (legacy === 'deny') caps.splice(0, caps.length, 'deny');
    else caps.push(...(mapped as readonly string[]));
  }

  const granted = new Set<GrantCapability>();
  let deny = false;
  for (const c of caps) {
    if (!isCapability(c)) fail(`invalid capability ${JSON.stringify(c)} (expected one of create, read, update, patch, delete, list, sudo, scan, deny)`);
    if ((c as Capability) === 'deny') {
      deny = true;
      granted.clear();
      break;
    }
    granted.add(c as GrantCapability);
  }

  const minW = fields.has('min_wrapping_ttl') ? durationSeconds(fields.get('min_wrapping_ttl'), 'min_wrapping_ttl', fail) : undefined;
  const maxW = fields.has('max_wrapping_ttl') ? durationSeconds(fields.get('max_wrapping_ttl'), 'max_wrapping_ttl', fail) : undefined;
  if (!deny && minW && maxW && maxW < minW) fail(`max_wrapping_ttl (${maxW}s) cannot be less than min_wrapping_ttl (${minW}s)`);

  return {
    policy,
    pattern,
    kind,
    capabilities: granted,
    namedCapabilities: caps as Capability[],
    deny,
    ...(deny ? {} : { minWrappingTtlSeconds: minW || undefined, maxWrappingTtlSeconds: maxW || undefined }),
    ...(deny ? {} : paramFields(fields, fail)),
    line,
  };
}

function paramFields(fields: Map<string, HclValue>, fail: (d: string) => never): Partial<ParsedRule> {
  const out: { allowedParameters?: Record<string, unknown[]>; deniedParameters?: Record<string, unknown[]>; requiredParameters?: string[] } = {};
  for (const [field, target] of [
    ['allowed_parameters', 'allowedParameters'],
    ['denied_parameters', 'deniedParameters'],
  ] as const) {
    const v = fields.get(field);
    if (v === undefined) continue;
    const objs = Array.isArray(v) ? v : [v];
    const map: Record<string, unknown[]> = {};
    for (const o of objs) {
      if (!isHclObject(o)) return fail(`${field} must be a map of parameter name to list of values, found ${JSON.stringify(o)}`);
      for (const it of o.items) {
        const vals = Array.isArray(it.value) ? it.value : [it.value];
        map[it.keys[0].toLowerCase()] = vals;
      }
    }
    out[target] = map;
  }
  const req = fields.get('required_parameters');
  if (req !== undefined) {
    if (!Array.isArray(req) || req.some((r) => typeof r !== 'string')) return fail(`required_parameters must be a list of strings, found ${JSON.stringify(req)}`);
    out.requiredParameters = req as string[];
  }
  return out;
}

/** Go's parseutil.ParseDurationSecond: a number of seconds, or a duration string like `300s`, `5m`, `1h30m`. */
function durationSeconds(v: HclValue | undefined, field: string, fail: (d: string) => never): number {
  try {
    if (typeof v === 'number' || typeof v === 'string') return parseDurationSeconds(v);
  } catch {
    // reported below with the field name
  }
  return fail(`${field} ${JSON.stringify(v)} is not a duration (expected seconds, or e.g. "300s", "5m", "1h")`);
}
