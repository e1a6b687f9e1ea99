// What bootstrap creates before Terraform can run, taken from the synthesized prod-config stack
// itself (cdktf.out/stacks/prod-config/cdk.tf.json): the file audit device(s), the AppRole auth
// mount, the hoodcloud-admin policy and the hoodcloud-admin role, each exactly as declared, so
// Terraform adopts them without a diff. One source of truth: the stack; nothing is restated here.
import * as fs from 'node:fs';
import { BOOTSTRAP_ADMIN_ROLE as ADMIN_ROLE } from '../../stacks/environment';
import { CliError } from '../errors';
export const DEFAULT_CONFIG_JSON = 'cdktf.out/stacks/prod-config/cdk.tf.json';

export interface DeclaredAudit {
  readonly path: string;
  readonly body: { type: string; description: string; local: boolean; options: Record<string, string> };
}

export interface BootstrapObjects {
  readonly audits: readonly DeclaredAudit[];
  readonly approle: { readonly path: string; readonly body: { type: string; description: string; local: boolean } };
  readonly adminPolicy: { readonly name: string; readonly policy: string };
  readonly adminRole: { readonly backend: string; readonly roleName: string; readonly body: Record<string, unknown> };
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;
const META = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'count', 'for_each']);

/** Resolves `${type.name.attr}` references to the referenced resource's literal attribute. */
function resolve(value: unknown, resources: Resources, where: string): unknown {
  if (typeof value === 'string') {
    const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(value);
    if (!m) {
      if (value.includes('${')) throw new CliError(`--config-json: ${where} holds an expression bootstrap cannot resolve`);
      return value;
    }
    const target = resources[m[1]]?.[m[2]];
    if (!target || target[m[3]] === undefined) throw new CliError(`--config-json: ${where} refers to ${m[1]}.${m[2]}.${m[3]}, which the stack does not declare literally`);
    return resolve(target[m[3]], resources, `${m[1]}.${m[2]}.${m[3]}`);
  }
  if (Array.isArray(value)) return value.map((v, i) => resolve(v, resources, `${where}[${i}]`));
  return value;
}

function attrs(resource: Record<string, unknown>, resources: Resources, where: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resource).filter(([k, v]) => !META.has(k) && v !== null).map(([k, v]) => [k, resolve(v, resources, `${where}.${k}`)]));
}

/** Reads the objects bootstrap creates from a synthesized config stack; errors name the file and what is missing. */
export function readBootstrapObjects(file: string): BootstrapObjects {
  if (!fs.existsSync(file)) throw new CliError(`--config-json: "${file}" does not exist; run \`npm run synth\` first (it writes ${DEFAULT_CONFIG_JSON}) or pass the prod-config stack's cdk.tf.json`, 2);
  let json: { resource?: Resources };
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new CliError(`--config-json: "${file}" is not JSON; expected a synthesized cdk.tf.json`, 2);
  }
  const resources: Resources = json.resource ?? {};
  const of = (type: string) => Object.entries(resources[type] ?? {}).map(([name, r]) => ({ name, a: attrs(r, resources, `${type}.${name}`) }));

  const audits = of('vault_audit').map(({ a }): DeclaredAudit => ({
    path: String(a.path ?? a.type),
    body: { type: String(a.type), description: String(a.description ?? ''), local: Boolean(a.local ?? false), options: (a.options ?? {}) as Record<string, string> },
  }));
  if (audits.length === 0) throw new CliError(`--config-json: "${file}" declares no vault_audit: refusing to bootstrap a server that would run unaudited`, 2);

  const approle = of('vault_auth_backend').find(({ a }) => a.type === 'approle');
  if (!approle) throw new CliError(`--config-json: "${file}" declares no vault_auth_backend of type approle`, 2);

  const role = of('vault_approle_auth_backend_role').find(({ a }) => a.role_name === ADMIN_ROLE);
  if (!role) throw new CliError(`--config-json: "${file}" declares no vault_approle_auth_backend_role "${ADMIN_ROLE}"`, 2);
  const policies = (role.a.token_policies as string[] | undefined) ?? [];
  const policy = of('vault_policy').find(({ a }) => policies.includes(String(a.name)));
  if (!policy) throw new CliError(`--config-json: the ${ADMIN_ROLE} role's token_policies (${policies.join(', ')}) name no vault_policy of the stack`, 2);
  const cidrs = (role.a.secret_id_bound_cidrs as string[] | undefined) ?? [];
  if (cidrs.length === 0) throw new CliError(`--config-json: the ${ADMIN_ROLE} role has no secret_id_bound_cidrs; set HOODCLOUD_ADMIN_CIDRS and synth again`, 2);

  const { backend, role_name: roleName, ...roleBody } = role.a;
  return {
    audits,
    approle: {
      path: String(approle.a.path ?? 'approle'),
      body: { type: 'approle', description: String(approle.a.description ?? ''), local: Boolean(approle.a.local ?? false) },
    },
    adminPolicy: { name: String(policy.a.name), policy: String(policy.a.policy) },
    adminRole: { backend: String(backend ?? 'approle'), roleName: String(roleName), body: roleBody },
  };
}
