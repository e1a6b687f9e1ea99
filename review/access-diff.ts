// Who gains or loses access: for every AppRole in either version of a config stack, build the ACL
// of its token policies (policy texts from the same stack) and ask it about every probe path.
import { GrantCapability, sortCapabilities } from '../model/capabilities';
import { parsePolicy, ParsedPolicy, PolicyParseError } from '../model/policy-parser';
import { Acl, Decision } from './acl-evaluator';
import { layoutProbes, patternProbe, Probe, ProbeLayout } from './probes';
import { PathAccessChange, RoleAccessChange } from './report-model';
import { SynthStack } from './stack-loader';
import { identify } from './resource-identity';
import { perPair, PerPair, perStack, PerStack } from './stack-memo';

export interface RoleView {
  readonly role: string;
  readonly policyNames: readonly string[];
  readonly acl: Acl;
  /** Policy names attached to the role but not defined in the stack (not evaluated). */
  readonly external: readonly string[];
}

/** A role's `token_policies` as Vault stores them: trimmed, lower-cased, without repeats. */
export function tokenPolicyNames(v: unknown): string[] {
  return Array.isArray(v) ? [...new Set(v.map((p) => String(p).trim().toLowerCase()))] : [];
}

/** Reads the roles and policies of a config stack. Policies that fail to parse are reported, not guessed. */
export function roleViews(stack: SynthStack | undefined, side: string): RoleViews {
  return perStack(ROLE_VIEWS, stack, () => readRoleViews(stack, side));
}

interface RoleViews {
  readonly roles: ReadonlyMap<string, RoleView>;
  readonly policies: ReadonlyMap<string, ParsedPolicy>;
}

const ROLE_VIEWS: PerStack<RoleViews> = new WeakMap();

function readRoleViews(stack: SynthStack | undefined, side: string): RoleViews {
  const policies = new Map<string, ParsedPolicy>();
  const roles = new Map<string, RoleView>();
  if (!stack) return { roles, policies };
  for (const r of stack.resources) {
    const id = identify(r);
    if (id.kind !== 'policy') continue;
    const text = r.attributes.policy;
    if (typeof text !== 'string') throw new PolicyParseError(id.key, `${side} stack ${stack.name}: attribute "policy" is not a literal string (found ${JSON.stringify(text)})`);
    try {
      // Vault stores policy names lower-cased, and matches token_policies the same way.
      policies.set(id.key.toLowerCase(), parsePolicy(id.key.toLowerCase(), text));
    } catch (e) {
      if (e instanceof PolicyParseError) throw new PolicyParseError(id.key, `${side} stack ${stack.name}: ${e.detail}`);
      throw e;
    }
  }
  for (const r of stack.resources) {
    const id = identify(r);
    if (id.kind !== 'approle-role') continue;
    const roleName = String(r.attributes.role_name);
    const names = tokenPolicyNames(r.attributes.token_policies);
    const docs = names.filter((n) => policies.has(n)).map((n) => policies.get(n)!);
    roles.set(roleName, { role: roleName, policyNames: names, acl: Acl.of(docs), external: names.filter((n) => !policies.has(n)) });
  }
  return { roles, policies };
}

function diffCaps(before: ReadonlySet<GrantCapability>, after: ReadonlySet<GrantCapability>) {
  return {
    gained: sortCapabilities([...after].filter((c) => !before.has(c))),
    lost: sortCapabilities([...before].filter((c) => !after.has(c))),
  };
}

/** Policies attached to a role but not defined in the stack: named in the report, not evaluated. */
export function externalPolicyNotes(base: SynthStack | undefined, head: SynthStack | undefined): string[] {
  const notes = new Set<string>();
  for (const [side, stack] of [['base', base], ['head', head]] as const) {
    for (const v of roleViews(stack, side).roles.values()) {
      for (const p of v.external) {
        notes.add(
          p === 'root'
            ? `role ${v.role} (${stack!.name}, ${side}): carries the built-in "root" policy (unlimited access; Vault refuses to issue such tokens to a login: "auth methods cannot create root tokens"); not evaluated path by path`
            : `role ${v.role} (${stack!.name}, ${side}): policy "${p}" is attached but not defined in the stack; its rules are not evaluated`,
        );
      }
    }
  }
  return [...notes];
}

/** Capability changes per role on every probe (the layout, the control paths, and every rule pattern either side writes). */
export function diffAccess(base: SynthStack | undefined, head: SynthStack | undefined): readonly RoleAccessChange[] {
  return perPair(ACCESS_CHANGES, base, head, () => accessChanges(base, head));
}

const ACCESS_CHANGES: PerPair<readonly RoleAccessChange[]> = new WeakMap();

function accessChanges(base: SynthStack | undefined, head: SynthStack | undefined): RoleAccessChange[] {
  const b = roleViews(base, 'base');
  const h = roleViews(head, 'head');
  const roleNames = [...new Set([...b.roles.keys(), ...h.roles.keys()])].sort();
  const policyNames = [...new Set([...b.policies.keys(), ...h.policies.keys()])].sort();
  const layout = layoutProbes({ ...declaredLayout([base, head]), roleNames, policyNames });
  const empty = new Acl([]);
  const out: RoleAccessChange[] = [];
  for (const role of roleNames) {
    const before = b.roles.get(role);
    const after = h.roles.get(role);
    const aclBefore = before?.acl ?? empty;
    const aclAfter = after?.acl ?? empty;
    const patterns = new Set<string>();
    for (const acl of [aclBefore, aclAfter]) for (const rule of acl.rules()) patterns.add(rule.pattern);
    const known = new Set(layout.map((p) => p.path));
    const probes: Probe[] = [...layout];
    for (const p of [...patterns].sort()) {
      if (known.has(p)) continue;
      probes.push(patternProbe(p));
      known.add(p);
    }
    const changes: PathAccessChange[] = [];
    for (const probe of probes) {
      const db = aclBefore.decide(probe.path);
      const da = aclAfter.decide(probe.path);
      const { gained, lost } = diffCaps(db.capabilities, da.capabilities);
      const wb = wrapping(db);
      const wa = wrapping(da);
      const wrappingChange = wb !== wa ? { wrapping: { before: wb, after: wa } } : {};
      if (probe.needs) {
        const allowedBefore = db.capabilities.has(probe.needs);
        const allowedAfter = da.capabilities.has(probe.needs);
        if (allowedBefore === allowedAfter && !(allowedAfter && wb !== wa)) continue;
        changes.push({ ...changeRow(probe, db.capabilities, da.capabilities, gained, lost), operation: { needs: probe.needs, allowedBefore, allowedAfter }, ...wrappingChange, decidedBy: decidedBy(da.rule, db.rule) });
        continue;
      }
      if (gained.length === 0 && lost.length === 0 && !(da.capabilities.size > 0 && wb !== wa)) continue;
      changes.push({ ...changeRow(probe, db.capabilities, da.capabilities, gained, lost), ...wrappingChange, decidedBy: decidedBy(da.rule, db.rule) });
    }
    const policiesBefore = before?.policyNames ?? [];
    const policiesAfter = after?.policyNames ?? [];
    if (changes.length || policiesBefore.join() !== policiesAfter.join()) out.push({ role, policiesBefore, policiesAfter, changes });
  }
  return out;
}

/** The mounts, keys, auth methods and audit devices either side declares: what the probes cover. */
export function declaredLayout(stacks: ReadonlyArray<SynthStack | undefined>): Omit<ProbeLayout, 'roleNames' | 'policyNames'> {
  const kvMounts = new Set<string>();
  const transitKeys = new Set<string>();
  const approleMounts = new Set<string>();
  const auditDevices = new Set<string>();
  for (const stack of stacks) {
    for (const r of stack?.resources ?? []) {
      const id = identify(r);
      const type = String(r.attributes.type ?? '');
      if (id.kind === 'mount' && (type === 'kv' || type === 'kv-v2')) kvMounts.add(id.key);
      if (id.kind === 'transit-key') transitKeys.add(id.key);
      if (id.kind === 'auth-backend' && type === 'approle') approleMounts.add(id.key);
      if (id.kind === 'audit') auditDevices.add(id.key);
    }
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { kvMounts: sorted(kvMounts), transitKeys: sorted(transitKeys), approleMounts: sorted(approleMounts), auditDevices: sorted(auditDevices) };
}

function changeRow(probe: Probe, before: ReadonlySet<GrantCapability>, after: ReadonlySet<GrantCapability>, gained: GrantCapability[], lost: GrantCapability[]) {
  return { area: probe.area, path: probe.path, what: probe.what, before: sortCapabilities(before), after: sortCapabilities(after), gained, lost };
}

/** The response-wrapping limits of the deciding rule, e.g. `1s–300s` (empty when none). */
function wrapping(d: Decision): string {
  const r = d.rule;
  if (!r || r.deny || (!r.minWrappingTtlSeconds && !r.maxWrappingTtlSeconds)) return '';
  return `${r.minWrappingTtlSeconds ?? 0}s–${r.maxWrappingTtlSeconds ? `${r.maxWrappingTtlSeconds}s` : '∞'}`;
}

function decidedBy(now: Parameters<typeof decided>[0], before: Parameters<typeof decided>[0]): string | undefined {
  if (now) return decided(now);
  return before ? `no rule matches now (was ${decided(before)})` : undefined;
}

function decided(rule: { pattern: string; policies: readonly string[]; deny: boolean } | undefined): string | undefined {
  return rule ? `${rule.deny ? 'deny ' : ''}"${rule.pattern}" (${rule.policies.join(', ')})` : undefined;
}
