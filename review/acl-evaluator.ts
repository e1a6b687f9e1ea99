// Vault/OpenBao ACL evaluation, with the servers' own semantics (facts from OpenBao
// internal/vault/policy/acl.go and the Vault policy docs, re-implemented here):
// - rules with the same pattern (across all policies, or repeated in one) merge: deny wins,
//   otherwise the capabilities are united;
// - an exact rule wins outright; LIST/SCAN (and the `sys/capabilities` endpoint, which asks as a
//   LIST) also try the path minus one trailing `/`;
// - otherwise the longest matching prefix (`*`) rule and every matching segment-wildcard (`+`) rule
//   compete, and the highest priority wins: the later first wildcard/glob position, then not a
//   prefix, then fewer `+` segments, then longer, then lexicographically greater;
// - LIST/SCAN on a path ending in `/` fall back to the non-exact rules for the path without it;
// - only the winning rule's capabilities count (a narrower rule can take access away).
import { capabilityForOperation, GrantCapability, Operation, sortCapabilities } from '../model/capabilities';
import { ParsedPolicy, ParsedRule } from '../model/policy-parser';
import { PolicyPathKind } from '../model/policy-path';

/** The merged permissions of one pattern. */
export interface MergedRule {
  readonly pattern: string;
  readonly kind: PolicyPathKind;
  readonly capabilities: ReadonlySet<GrantCapability>;
  readonly deny: boolean;
  /** The policies that wrote this pattern, in input order. */
  readonly policies: readonly string[];
  readonly minWrappingTtlSeconds?: number;
  readonly maxWrappingTtlSeconds?: number;
}

/** What decided a path: the winning rule (if any) and the capabilities it grants. */
export interface Decision {
  readonly path: string;
  /** Granted capabilities (empty when denied or when nothing matched). */
  readonly capabilities: ReadonlySet<GrantCapability>;
  /** `root` policy: every capability on every path. */
  readonly root: boolean;
  /** The rule that decided, or undefined when no rule matched (implicit deny). */
  readonly rule?: MergedRule;
}

interface Candidate {
  readonly firstWildcard: number;
  readonly isPrefix: boolean;
  readonly wildcards: number;
  readonly wcPath: string;
  readonly rule: MergedRule;
}

interface MutableRule {
  pattern: string;
  kind: PolicyPathKind;
  capabilities: Set<GrantCapability>;
  deny: boolean;
  policies: string[];
  minWrappingTtlSeconds?: number;
  maxWrappingTtlSeconds?: number;
}

// Parsed policies are shared objects (model/policy-parser.ts keeps one per text), so an ACL can be
// shared too: a review builds the same role ACLs for base and head and for several reports.
const policyIds = new WeakMap<ParsedPolicy, number>();
let nextPolicyId = 0;
const policyId = (p: ParsedPolicy) => policyIds.get(p) ?? (policyIds.set(p, ++nextPolicyId), nextPolicyId);
const shared = new Map<string, Acl>();
const SHARED_LIMIT = 1000;

/** The ACL of a token holding `policies`. Build once, ask many paths. */
export class Acl {
  /** The ACL of these policies, built once per set of parsed policies (it is immutable). */
  static of(policies: readonly ParsedPolicy[]): Acl {
    const key = policies.map(policyId).join(',');
    let acl = shared.get(key);
    if (!acl) {
      if (shared.size >= SHARED_LIMIT) shared.clear();
      acl = new Acl(policies);
      shared.set(key, acl);
    }
    return acl;
  }

  private readonly decisions = new Map<string, Decision>();
  private readonly exact = new Map<string, MergedRule>();
  /** Prefix rules keyed by the prefix (pattern without the trailing `*`). */
  private readonly prefix = new Map<string, MergedRule>();
  private readonly segment = new Map<string, MergedRule>();
  private readonly isRoot: boolean;

  constructor(readonly policies: readonly ParsedPolicy[]) {
    this.isRoot = policies.some((p) => p.name === 'root');
    if (this.isRoot && policies.length !== 1) throw new Error('policy "root" cannot be combined with other policies (the server refuses it too)');
    const exact = new Map<string, MutableRule>();
    const prefix = new Map<string, MutableRule>();
    const segment = new Map<string, MutableRule>();
    for (const policy of policies) {
      for (const rule of policy.rules) {
        const [table, key] =
          rule.kind === 'segment' ? [segment, rule.pattern] : rule.kind === 'prefix' ? [prefix, rule.pattern.slice(0, -1)] : [exact, rule.pattern];
        const existing = table.get(key);
        if (!existing) {
          table.set(key, fromRule(rule));
          continue;
        }
        mergeInto(existing, rule);
      }
    }
    for (const [from, to] of [
      [exact, this.exact],
      [prefix, this.prefix],
      [segment, this.segment],
    ] as const) {
      for (const [k, v] of from) to.set(k, v);
    }
  }

  /** Every merged rule (exact, prefix, segment), for reports. */
  rules(): MergedRule[] {
    return [...this.exact.values(), ...this.prefix.values(), ...this.segment.values()];
  }

  /**
   * What `sys/capabilities` answers for this path: the decision with LIST semantics (the endpoint
   * asks as a LIST, so the trailing-slash fallbacks apply).
   */
  decide(path: string, op: Operation = 'list'): Decision {
    const key = `${op} ${path}`;
    const known = this.decisions.get(key);
    if (known) return known;
    const decision = this.decideOnce(path, op);
    this.decisions.set(key, decision);
    return decision;
  }

  private decideOnce(path: string, op: Operation): Decision {
    const p = path.replace(/^\/+/, '');
    if (this.isRoot) return { path: p, capabilities: new Set(ALL_GRANTS), root: true };
    const listLike = op === 'list' || op === 'scan';
    const decided = (rule: MergedRule | undefined): Decision => ({
      path: p,
      capabilities: rule && !rule.deny ? rule.capabilities : new Set(),
      root: false,
      rule,
    });
    const exact = this.exact.get(p);
    if (exact) return decided(exact);
    if (listLike) {
      const trimmed = this.exact.get(trimOneSlash(p));
      if (trimmed) return decided(trimmed);
    }
    const nonExact = this.nonExact(p);
    if (nonExact) return decided(nonExact);
    if (listLike && p.endsWith('/')) {
      const fallback = this.nonExact(trimOneSlash(p));
      if (fallback) return decided(fallback);
    }
    return decided(undefined);
  }

  /** Granted capabilities on `path` as `sys/capabilities` computes them (deny/no match: empty). */
  evaluate(path: string): Set<GrantCapability> {
    return new Set(this.decide(path).capabilities);
  }

  /** The `sys/capabilities` answer, sorted as the server sorts it: `["root"]`, `["deny"]`, or the granted names. */
  serverCapabilities(path: string): string[] {
    const d = this.decide(path);
    if (d.root) return ['root'];
    if (d.capabilities.size === 0) return ['deny'];
    return [...d.capabilities].sort();
  }

  /** Whether a request with operation `op` on `path` passes the ACL (parameters and wrapping not considered). */
  allows(op: Operation, path: string): boolean {
    const cap = capabilityForOperation(op);
    if (cap === undefined) return true;
    return this.decide(path, op).capabilities.has(cap);
  }

  /** Whether the request would have root privileges (sudo) on `path`. */
  rootPrivileges(op: Operation, path: string): boolean {
    const d = this.decide(path, op);
    return d.root || d.capabilities.has('sudo');
  }

  private nonExact(path: string): MergedRule | undefined {
    let bestPrefix: string | undefined;
    for (const key of this.prefix.keys()) {
      if (path.startsWith(key) && (bestPrefix === undefined || key.length > bestPrefix.length)) bestPrefix = key;
    }
    if (this.segment.size === 0) return bestPrefix === undefined ? undefined : this.prefix.get(bestPrefix);
    const candidates: Candidate[] = [];
    if (bestPrefix !== undefined) {
      candidates.push({ firstWildcard: bestPrefix.length, isPrefix: true, wildcards: 0, wcPath: bestPrefix, rule: this.prefix.get(bestPrefix)! });
    }
    const parts = path.split('/');
    for (const [full, rule] of this.segment) {
      const m = matchSegmentPattern(full, parts);
      if (m) candidates.push({ ...m, rule });
    }
    if (candidates.length === 0) return undefined;
    return candidates.reduce((best, c) => (lowerPriority(best, c) ? c : best)).rule;
  }
}

const ALL_GRANTS: readonly GrantCapability[] = sortCapabilities(['create', 'read', 'update', 'patch', 'delete', 'list', 'scan', 'sudo'] as GrantCapability[]);

/** The granted capabilities of a token holding `policies` on `path` (as `sys/capabilities` computes them). */
export function evaluate(policies: readonly ParsedPolicy[], path: string): Set<GrantCapability> {
  return new Acl(policies).evaluate(path);
}

function trimOneSlash(p: string): string {
  return p.endsWith('/') ? p.slice(0, -1) : p;
}

function fromRule(rule: ParsedRule): MutableRule {
  return {
    pattern: rule.pattern,
    kind: rule.kind,
    capabilities: rule.deny ? new Set() : new Set(rule.capabilities),
    deny: rule.deny,
    policies: [rule.policy],
    minWrappingTtlSeconds: rule.minWrappingTtlSeconds,
    maxWrappingTtlSeconds: rule.maxWrappingTtlSeconds,
  };
}

function mergeInto(existing: MutableRule, rule: ParsedRule): void {
  if (!existing.policies.includes(rule.policy)) existing.policies.push(rule.policy);
  if (existing.deny) return;
  if (rule.deny) {
    existing.deny = true;
    existing.capabilities.clear();
    return;
  }
  for (const c of rule.capabilities) existing.capabilities.add(c);
  // The server keeps the smaller of two limits (the shortest lifetime wins).
  const min = (a: number | undefined, b: number | undefined) => (a && b ? Math.min(a, b) : a || b);
  existing.maxWrappingTtlSeconds = min(existing.maxWrappingTtlSeconds, rule.maxWrappingTtlSeconds);
  existing.minWrappingTtlSeconds = min(existing.minWrappingTtlSeconds, rule.minWrappingTtlSeconds);
}

/** Matches a segment-wildcard pattern against the request path's segments; undefined when it does not match. */
function matchSegmentPattern(full: string, parts: readonly string[]): Omit<Candidate, 'rule'> | undefined {
  const isPrefix = full.endsWith('*');
  const wcPath = isPrefix ? full.slice(0, -1) : full;
  const aclParts = wcPath.split('/');
  if (parts.length < aclParts.length) return undefined;
  if (!isPrefix && aclParts.length !== parts.length) return undefined;
  let wildcards = 0;
  for (let i = 0; i < aclParts.length; i++) {
    const a = aclParts[i];
    if (a === '+') wildcards++;
    else if (a === parts[i]) continue;
    else if (isPrefix && i === aclParts.length - 1 && parts[i].startsWith(a)) continue;
    else return undefined;
  }
  return { firstWildcard: full.indexOf('+'), isPrefix, wildcards, wcPath };
}

/** True when `a` has lower priority than `b` (see the header comment for the order). */
function lowerPriority(a: Omit<Candidate, 'rule'>, b: Omit<Candidate, 'rule'>): boolean {
  if (a.firstWildcard !== b.firstWildcard) return a.firstWildcard < b.firstWildcard;
  if (a.isPrefix !== b.isPrefix) return a.isPrefix;
  if (a.wildcards !== b.wildcards) return a.wildcards > b.wildcards;
  if (a.wcPath.length !== b.wcPath.length) return a.wcPath.length < b.wcPath.length;
  return a.wcPath < b.wcPath;
}
