// Blocking rules for a workload (service) role that gains what only operators should have, with
// the service registry saying who is an operator: an operator role's policy among its
// token_policies, or a management capability (create, update, patch, delete, sudo) on sys/, on an
// auth method's roles (auth/<mount>/role/...) or on the keys of a transit mount (<mount>/keys/...).
import { GrantCapability } from '../model/capabilities';
import { SERVICES } from '../services/registry';
import { ServiceDefinition } from '../services/service-definition';
import { tokenPolicyNames } from './access-diff';
import { Finding, RoleAccessChange } from './report-model';
import { indexResources } from './resource-diff';
import { SynthStack } from './stack-loader';

const MANAGEMENT: ReadonlySet<GrantCapability> = new Set<GrantCapability>(['create', 'update', 'patch', 'delete', 'sudo']);
/** Every token carries the built-in `default` policy unless told otherwise: sharing it says nothing. */
const BUILT_IN_DEFAULT = 'default';
const SHOWN = 5;

function roleBodies(stack: SynthStack | undefined): Map<string, Readonly<Record<string, unknown>>> {
  return new Map([...indexResources(stack).values()].filter((r) => r.kind === 'approle-role').map((r) => [String(r.resource.attributes.role_name), r.resource.attributes]));
}

function transitMounts(stacks: ReadonlyArray<SynthStack | undefined>): string[] {
  const out = new Set<string>();
  for (const s of stacks) for (const r of indexResources(s).values()) if (r.kind === 'mount' && r.resource.attributes.type === 'transit') out.add(r.key);
  return [...out];
}

/** Paths whose write or sudo capabilities manage Vault itself rather than use it. */
function isManagementPath(path: string, transit: readonly string[]): boolean {
  return path.startsWith('sys/') || /^auth\/[^/]+\/role\/./.test(path) || transit.some((m) => path.startsWith(`${m}/keys/`));
}

export function escalationFindings(
  env: string,
  stack: string,
  base: SynthStack | undefined,
  head: SynthStack | undefined,
  access: readonly RoleAccessChange[],
  services: readonly ServiceDefinition[] = SERVICES,
): Finding[] {
  const operators = new Set(services.filter((s) => s.intent.operator).map((s) => s.roleName));
  const before = roleBodies(base);
  const after = roleBodies(head);
  // An operator role's policies as the configuration attaches them (either side).
  const operatorPolicies = new Set<string>();
  for (const roles of [before, after]) {
    for (const [role, body] of roles) if (operators.has(role)) for (const p of tokenPolicyNames(body.token_policies)) if (p !== BUILT_IN_DEFAULT) operatorPolicies.add(p);
  }
  const transit = transitMounts([base, head]);
  const out: Finding[] = [];
  // A role the registry does not list as an operator is a workload (a new role too).
  for (const [role, body] of [...after].filter(([r]) => !operators.has(r)).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const had = new Set(tokenPolicyNames(before.get(role)?.token_policies));
    const gained = tokenPolicyNames(body.token_policies).filter((p) => operatorPolicies.has(p) && !had.has(p));
    if (gained.length) {
      out.push({
        environment: env,
        rule: 'service-role-gains-operator-policy',
        message: `role ${role} (${stack}): a workload role's token_policies gain the operator polic${gained.length > 1 ? 'ies' : 'y'} ${gained.map((p) => `"${p}"`).join(', ')}: its tokens could manage roles, policies, audit and keys`,
      });
    }
    const rows = (access.find((a) => a.role === role)?.changes ?? []).flatMap((c) => {
      const caps = c.gained.filter((g) => MANAGEMENT.has(g));
      return caps.length && isManagementPath(c.path, transit) ? [`${caps.join(', ')} on ${c.path}`] : [];
    });
    const unique = [...new Set(rows)];
    if (unique.length) {
      const shown = unique.slice(0, SHOWN).join('; ') + (unique.length > SHOWN ? `; and ${unique.length - SHOWN} more` : '');
      out.push({ environment: env, rule: 'service-role-gains-management-capability', message: `role ${role} (${stack}): a workload role gains management capabilities: ${shown}` });
    }
  }
  return out;
}
