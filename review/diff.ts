// Compares two synth outputs environment by environment (stack pairs `<env>-server`/`<env>-config`)
// and decides what blocks the merge.
import { diffAccess, externalPolicyNotes, tokenPolicyNames } from './access-diff';
import { auditFindings } from './audit-rules';
import { isOpenBinding, parseBinding, widening } from './binding-scope';
import { escalationFindings } from './escalation-rules';
import { applyPlan } from './plan-actions';
import { StackPlan } from './plan-input';
import { diffResources, indexResources } from './resource-diff';
import { serverConfigFindings } from './server-config-rules';
import { serverVolumeFindings } from './server-volumes';
import { topologyFindings } from './topology';
import { transitKeyFindings } from './transit-key-rules';
import { BindingChange, EnvironmentReview, Finding, ProfileChange, ResourceChange, ReviewResult, StackPresence } from './report-model';
import { SynthOutput, SynthStack } from './stack-loader';
import { IdentifiedResource, knowsReplacementRules } from './resource-identity';

/**
 * What the review is told beyond the two synth outputs. What it protects (the mounts holding
 * secrets or keys, every transit key, every audit device) it takes from the base configuration
 * itself, by kind, never from a name.
 */
export interface ReviewOptions {
  /** Environments whose server volumes hold production data (removing or moving one blocks). @default ['prod'] */
  readonly productionEnvironments?: readonly string[];
  /** Real plans by stack name (`--plan`): the stack's resource actions come from them. */
  readonly plans?: ReadonlyMap<string, StackPlan>;
}

/** Groups stack names by environment: `dev-server` and `dev-config` → `dev`; other names stand alone. */
export function environmentOf(stack: string): string {
  const m = /^(.+)-(server|config)$/.exec(stack);
  return m ? m[1] : stack;
}

export function review(base: SynthOutput, head: SynthOutput, names: ReviewOptions = {}): ReviewResult {
  const stackNames = [...new Set([...base.stacks.keys(), ...head.stacks.keys()])].sort();
  const envs = [...new Set(stackNames.map(environmentOf))].sort(envOrder);
  const environments = envs.map((env) => reviewEnvironment(env, stackNames.filter((s) => environmentOf(s) === env), base, head, names));
  const blocking = environments.flatMap((e) => e.blocking);
  const noAccessChanges = environments.every((e) => e.access.every((r) => r.changes.length === 0) && e.bindings.length === 0);
  const noChanges = environments.every((e) => e.access.length === 0 && e.bindings.length === 0 && e.profile.length === 0 && e.resources.length === 0 && e.stacks.every((s) => s.presence === 'both'));
  return { version: 1, base: base.dir, head: head.dir, environments, blocking, noAccessChanges, noChanges };
}

const ENV_ORDER = ['dev', 'e2e', 'prod'];
function envOrder(a: string, b: string): number {
  const ia = ENV_ORDER.indexOf(a);
  const ib = ENV_ORDER.indexOf(b);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : a > b ? 1 : 0);
}

function reviewEnvironment(env: string, stacks: string[], base: SynthOutput, head: SynthOutput, names: ReviewOptions): EnvironmentReview {
  const presence: StackPresence[] = stacks.map((s) => ({ stack: s, presence: base.stacks.has(s) && head.stacks.has(s) ? 'both' : base.stacks.has(s) ? 'base-only' : 'head-only' }));
  const notes: string[] = [];
  const plannedStacks = stacks.filter((s) => names.plans?.has(s));
  const resources: ResourceChange[] = stacks.flatMap((s) => {
    const synth = diffResources(s, base.stacks.get(s), head.stacks.get(s));
    const plan = names.plans?.get(s);
    if (!plan) return synth;
    const planned = applyPlan(synth, plan, base.stacks.get(s), head.stacks.get(s));
    notes.push(...planned.notes);
    return planned.changes;
  });
  const configStacks = stacks.filter((s) => s.endsWith('-config') || stackHasVault(base.stacks.get(s)) || stackHasVault(head.stacks.get(s)));
  const accessByStack = new Map(configStacks.map((s) => [s, diffAccess(base.stacks.get(s), head.stacks.get(s))]));
  const access = [...accessByStack.values()].flat();
  const bindings = configStacks.flatMap((s) => diffBindings(base.stacks.get(s), head.stacks.get(s)));
  const profile = configStacks.flatMap((s) => diffProfile(base.stacks.get(s), head.stacks.get(s)));
  const pair = (s: string) => [base.stacks.get(s), head.stacks.get(s)] as const;
  const production = (names.productionEnvironments ?? ['prod']).includes(env);
  const blocking: Finding[] = [
    ...blockingFindings(env, resources, configStacks, base, head),
    ...configStacks.flatMap((s) => transitKeyFindings(env, s, ...pair(s))),
    ...configStacks.flatMap((s) => auditFindings(env, s, ...pair(s))),
    ...bindings.filter((b) => b.effect === 'open').map((b) => openBindingFinding(env, b)),
    ...configStacks.flatMap((s) => roleFindings(env, s, ...pair(s))),
    ...configStacks.flatMap((s) => escalationFindings(env, s, ...pair(s), accessByStack.get(s)!)),
    ...stacks.flatMap((s) => serverConfigFindings(env, s, ...pair(s))),
    ...(production ? serverVolumeFindings(env, stacks, resources, base.stacks, head.stacks) : []),
    ...(production ? clusterTopologyFindings(env, base, head) : []),
  ];
  for (const s of configStacks) {
    notes.push(...externalPolicyNotes(base.stacks.get(s), head.stacks.get(s)));
    notes.push(...vanishedMountNotes(s, base.stacks.get(s), head.stacks.get(s)));
  }
  const unknownTypes = [...new Set(resources.filter((r) => r.action === 'updated' && r.actionFrom === 'synth' && !knowsReplacementRules(r.type)).map((r) => `${r.stack} ${r.type}`))];
  for (const t of unknownTypes) notes.push(`${t}: the review does not know which attributes make Terraform replace this resource type, so it reports the change as an update; pass the stack's plan with --plan to know`);
  for (const p of presence) if (p.presence !== 'both') notes.push(`stack ${p.stack} exists only in the ${p.presence === 'base-only' ? 'base' : 'head'}: compared against nothing`);
  return { environment: env, stacks: presence, access, bindings, profile, resources, blocking, notes, plannedStacks };
}

/**
 * The raft topology rules (review/topology.ts) on the environment's `<env>-server` stack, with its
 * `<env>-config` stack for autopilot: a production cluster must not lose failure tolerance unreviewed.
 */
function clusterTopologyFindings(env: string, base: SynthOutput, head: SynthOutput): Finding[] {
  const server = `${env}-server`;
  const config = `${env}-config`;
  return topologyFindings(env, { base: base.stacks.get(server), head: head.stacks.get(server) }, { base: base.stacks.get(config), head: head.stacks.get(config) });
}

/** Policies keep naming a mount that head no longer has: the grants stay, the data they reach is gone. */
function vanishedMountNotes(stack: string, base: SynthStack | undefined, head: SynthStack | undefined): string[] {
  if (!base || !head) return [];
  const paths = (s: SynthStack) => new Set([...indexResources(s).values()].filter((r) => r.kind === 'mount').map((r) => r.key));
  const before = paths(base);
  const after = paths(head);
  return [...before]
    .filter((m) => mountHolds(base, m) !== undefined && !after.has(m))
    .map((m) => `${stack}: the policies' grants under "${m}/" stay the same, but no mount serves "${m}/" in head: every role loses effective access to it`);
}

function stackHasVault(s: SynthStack | undefined): boolean {
  return !!s?.resources.some((r) => r.type.startsWith('vault_'));
}

function roles(stack: SynthStack | undefined): Map<string, IdentifiedResource> {
  return new Map([...indexResources(stack).values()].filter((r) => r.kind === 'approle-role').map((r) => [String(r.resource.attributes.role_name), r]));
}

function cidrList(v: unknown): string[] | null {
  return Array.isArray(v) ? v.map(String) : null;
}

/** CIDR binding changes per role and field. A missing or empty list means "no restriction" (open). */
export function diffBindings(base: SynthStack | undefined, head: SynthStack | undefined): BindingChange[] {
  const b = roles(base);
  const h = roles(head);
  const out: BindingChange[] = [];
  for (const role of [...new Set([...b.keys(), ...h.keys()])].sort()) {
    const rb = b.get(role);
    const rh = h.get(role);
    if (!rh) continue; // a removed role binds nothing any more
    for (const field of ['secret_id_bound_cidrs', 'token_bound_cidrs'] as const) {
      const before = rb ? cidrList(rb.resource.attributes[field]) : null;
      const after = cidrList(rh.resource.attributes[field]);
      const bl = before ?? [];
      const al = after ?? [];
      const bc = rb ? parseBinding(bl, `base ${base?.name} role ${role} ${field}`) : [];
      const ac = parseBinding(al, `head ${head?.name} role ${role} ${field}`);
      const wasOpen = rb !== undefined && isOpenBinding(bc);
      const nowOpen = isOpenBinding(ac);
      const same = rb !== undefined && [...bl].sort().join() === [...al].sort().join();
      if (same) continue;
      const added = al.filter((c) => !bl.includes(c));
      const removed = bl.filter((c) => !al.includes(c));
      let effect: BindingChange['effect'];
      if (nowOpen && !wasOpen) effect = 'open';
      else if (!rb) effect = 'widened';
      else if (widening(bc, ac).length > 0 && !wasOpen) effect = 'widened';
      else if (widening(ac, bc).length > 0 || wasOpen) effect = 'narrowed';
      else effect = 'unchanged-scope';
      out.push({ role, field, before, after, added, removed, effect });
    }
  }
  return out;
}

/** TTL and security-profile fields of a role, and which direction weakens it. */
const PROFILE_FIELDS: ReadonlyArray<{ field: string; weaker: (b: unknown, a: unknown) => boolean | undefined }> = [
  { field: 'bind_secret_id', weaker: (b, a) => (!isFalse(b) && isFalse(a) ? true : isFalse(b) && !isFalse(a) ? false : undefined) },
  { field: 'secret_id_ttl', weaker: zeroIsUnlimited },
  { field: 'secret_id_num_uses', weaker: zeroIsUnlimited },
  { field: 'token_ttl', weaker: zeroIsUnlimited },
  { field: 'token_max_ttl', weaker: zeroIsUnlimited },
  { field: 'token_explicit_max_ttl', weaker: zeroIsUnlimited },
  { field: 'token_period', weaker: (b, a) => (Number(a ?? 0) > Number(b ?? 0) ? true : Number(a ?? 0) < Number(b ?? 0) ? false : undefined) },
  { field: 'token_num_uses', weaker: zeroIsUnlimited },
  { field: 'token_type', weaker: () => undefined },
  { field: 'token_no_default_policy', weaker: () => undefined },
];

/** For limits where 0 (or unset) means "no limit": larger or 0 is weaker. */
function zeroIsUnlimited(b: unknown, a: unknown): boolean | undefined {
  const nb = Number(b ?? 0);
  const na = Number(a ?? 0);
  if (nb === na) return undefined;
  if (na === 0) return true;
  if (nb === 0) return false;
  return na > nb;
}

export function diffProfile(base: SynthStack | undefined, head: SynthStack | undefined): ProfileChange[] {
  const b = roles(base);
  const h = roles(head);
  const out: ProfileChange[] = [];
  for (const [role, rh] of [...h.entries()].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const rb = b.get(role);
    if (!rb) continue;
    for (const { field, weaker } of PROFILE_FIELDS) {
      const before = rb.resource.attributes[field];
      const after = rh.resource.attributes[field];
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      const w = weaker(before, after);
      out.push({ role, field, before: before ?? null, after: after ?? null, effect: w === true ? 'weaker' : w === false ? 'stricter' : 'changed' });
    }
  }
  if (base && head && JSON.stringify(base.outputs.security_profile) !== JSON.stringify(head.outputs.security_profile)) {
    out.push({ role: '(all roles)', field: 'security_profile output', before: base.outputs.security_profile ?? null, after: head.outputs.security_profile ?? null, effect: 'changed' });
  }
  return out;
}

/**
 * What a mount of the base holds, by its type: secrets (KV) or keys (transit); undefined for others.
 * A mount only the plan knows (a leftover in the state) is judged by the type the plan gives.
 */
function mountHolds(base: SynthStack | undefined, key: string, change?: ResourceChange): 'secrets' | 'keys' | undefined {
  const mount = [...indexResources(base).values()].find((r) => r.kind === 'mount' && r.key === key);
  const type = String(mount?.resource.attributes.type ?? change?.changes.find((c) => c.attribute === 'type')?.before ?? '');
  if (type === 'kv' || type === 'kv-v2') return 'secrets';
  if (type === 'transit') return 'keys';
  return undefined;
}

function blockingFindings(env: string, resources: readonly ResourceChange[], configStacks: readonly string[], base: SynthOutput, head: SynthOutput): Finding[] {
  const out: Finding[] = [];
  const f = (rule: Finding['rule'], message: string) => out.push({ environment: env, rule, message });
  for (const r of resources) {
    const gone = r.action === 'removed' || r.action === 'replaced';
    const how = `${r.action === 'replaced' ? `replaced (forced by ${r.forcedBy.join(', ')})` : 'removed'}${r.actionFrom === 'plan' ? ' in the terraform plan' : ''}`;
    const holds = r.kind === 'mount' ? mountHolds(base.stacks.get(r.stack), r.key, r) : undefined;
    if (gone && holds === 'secrets') f('kv-mount-removed-or-replaced', `${r.stack}: KV mount "${r.key}/" is ${how}: every secret in it would be destroyed`);
    if (gone && holds === 'keys') f('transit-mount-removed-or-replaced', `${r.stack}: transit mount "${r.key}/" is ${how}: its keys, and every DEK they encrypted, would be lost`);
    if (gone && r.kind === 'transit-key') f('transit-key-removed-or-replaced', `${r.stack}: transit key "${r.key}" is ${how}: every DEK it encrypted becomes undecryptable`);
    if (gone && r.kind === 'audit') f('audit-device-removed', `${r.stack}: audit device "${r.key}" is ${how}: requests would go unaudited`);
    const pd = r.changes.find((c) => c.attribute === 'lifecycle.prevent_destroy');
    if (pd && pd.before === true && pd.after !== true) {
      f('prevent-destroy-removed', `${r.stack}: ${r.type} "${r.key}" ${r.action === 'removed' ? 'is removed together with its' : 'loses'} lifecycle.prevent_destroy`);
    }
  }
  // Stacks present on both sides where prevent_destroy disappears together with the resource id change are covered above;
  // a config stack that had audit devices and has none left is reported even when the device was re-keyed.
  for (const s of configStacks) {
    const hadAudit = base.stacks.get(s)?.resources.some((r) => r.type === 'vault_audit');
    const hasAudit = head.stacks.get(s)?.resources.some((r) => r.type === 'vault_audit');
    if (hadAudit && !hasAudit && !out.some((x) => x.rule === 'audit-device-removed' && x.message.startsWith(`${s}:`))) f('audit-device-removed', `${s}: no audit device left`);
  }
  return out;
}

function openBindingFinding(env: string, b: BindingChange): Finding {
  const to = b.after && b.after.length ? b.after.join(', ') : 'no restriction (empty list)';
  return { environment: env, rule: 'binding-opened', message: `role ${b.role}: ${b.field} opened to ${to} (was ${b.before ? b.before.join(', ') || 'empty' : 'absent'})` };
}

/** Terraform reads `false` and `"false"` alike for a bool attribute. */
function isFalse(v: unknown): boolean {
  return v === false || v === 'false';
}

/**
 * Role settings that block when a pull request introduces them (on a new role too): `bind_secret_id`
 * off (a login needs only the role ID), and the built-in `root` policy among `token_policies`.
 */
function roleFindings(env: string, stack: string, base: SynthStack | undefined, head: SynthStack | undefined): Finding[] {
  const b = roles(base);
  const out: Finding[] = [];
  for (const [role, rh] of [...roles(head).entries()].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const rb = b.get(role);
    const after = rh.resource.attributes.bind_secret_id;
    const before = rb?.resource.attributes.bind_secret_id;
    if (isFalse(after) && !(rb && isFalse(before))) {
      const was = rb ? (before === undefined ? 'unset (default true)' : String(before)) : 'a new role';
      out.push({ environment: env, rule: 'bind-secret-id-disabled', message: `role ${role} (${stack}): bind_secret_id ${rb ? `${was} → false` : `false on ${was}`}: logins no longer need a secret ID, the role ID alone (within the CIDR bindings) is enough` });
    }
    const hadRoot = rb !== undefined && tokenPolicyNames(rb.resource.attributes.token_policies).includes('root');
    if (tokenPolicyNames(rh.resource.attributes.token_policies).includes('root') && !hadRoot) {
      out.push({
        environment: env,
        rule: 'root-policy-attached',
        message: `role ${role} (${stack}): token_policies ${rb ? 'now include' : 'of a new role include'} the built-in "root" policy: unlimited access on every path (Vault refuses such logins with "auth methods cannot create root tokens", so the role would also stop working)`,
      });
    }
  }
  return out;
}
