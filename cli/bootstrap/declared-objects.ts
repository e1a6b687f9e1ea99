// What bootstrap creates before Terraform can run, taken from the synthesized prod-config stack
// itself (cdktf.out/stacks/prod-config/cdk.tf.json): the file audit device(s), the AppRole auth
// mount, and the bootstrap role of the service registry with its policy, each exactly as declared,
// so Terraform adopts them without a diff. One source of truth: the stack; nothing is restated here.
import * as fs from 'node:fs';
import { bootstrapService } from '../../services/catalog';
import { isJsonObject } from '../../terraform-json/json-object';
import { resolveReferences, TerraformExpressionError } from '../../terraform-json/references';
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

/** A resource's attributes with `${type.name.attr}` references replaced by the referenced literal (terraform-json/references.ts). */
function attrs(resources: Resources, type: string, name: string, depth = 0): Record<string, unknown> {
  const where = `${type}.${name}`;
  const body = resources[type]?.[name] ?? {};
  const lookup = ({ address, attribute }: { address: string; attribute: string }): unknown => {
    const [t, n] = address.split('.');
    const target = resources[t]?.[n];
    if (!target || target[attribute] === undefined || depth > 4) throw new CliError(`--config-json: ${where} refers to ${address}.${attribute}, which the stack does not declare literally`);
    return attrs(resources, t, n, depth + 1)[attribute];
  };
  try {
    return Object.fromEntries(Object.entries(body).filter(([k, v]) => !META.has(k) && v !== null).map(([k, v]) => [k, resolveReferences(v, `${where}.${k}`, lookup)]));
  } catch (e) {
    if (e instanceof TerraformExpressionError) throw new CliError(`--config-json: ${e.message}`);
    throw e;
  }
}

/** The resources of a synthesized config stack, their `${...}` references resolved to literals. */
export interface ConfigStackResources {
  /** The resource types the stack declares. */
  readonly types: readonly string[];
  /** Every resource of `type`: its name in the stack and its attributes (meta-arguments and nulls left out). */
  of(type: string): Array<{ name: string; a: Record<string, unknown> }>;
}

/** Reads a synthesized config stack (`--config-json`); errors name the flag, the file and what is expected. */
export function readConfigStack(file: string): ConfigStackResources {
  if (!fs.existsSync(file)) throw new CliError(`--config-json: "${file}" does not exist; run \`npm run synth\` first (it writes ${DEFAULT_CONFIG_JSON}) or pass the prod-config stack's cdk.tf.json`, 2);
  if (!fs.statSync(file).isFile()) throw new CliError(`--config-json: "${file}" is not a file; expected a synthesized cdk.tf.json`, 2);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new CliError(`--config-json: "${file}" is not JSON; expected a synthesized cdk.tf.json`, 2);
  }
  const resources: Resources = isJsonObject(json) && isJsonObject(json.resource) ? (json.resource as Resources) : {};
  return {
    types: Object.keys(resources),
    of: (type) => Object.keys(resources[type] ?? {}).map((name) => ({ name, a: attrs(resources, type, name) })),
  };
}

/** Reads the objects bootstrap creates from a synthesized config stack; errors name the file and what is missing. */
export function readBootstrapObjects(file: string): BootstrapObjects {
  const { of } = readConfigStack(file);
  const adminRoleName = bootstrapService().roleName;

  const audits = of('vault_audit').map(({ a }): DeclaredAudit => ({
    path: String(a.path ?? a.type),
    body: { type: String(a.type), description: String(a.description ?? ''), local: Boolean(a.local ?? false), options: (a.options ?? {}) as Record<string, string> },
  }));
  if (audits.length === 0) throw new CliError(`--config-json: "${file}" declares no vault_audit: refusing to bootstrap a server that would run unaudited`, 2);

  const approle = of('vault_auth_backend').find(({ a }) => a.type === 'approle');
  if (!approle) throw new CliError(`--config-json: "${file}" declares no vault_auth_backend of type approle`, 2);

  const role = of('vault_approle_auth_backend_role').find(({ a }) => a.role_name === adminRoleName);
  if (!role) throw new CliError(`--config-json: "${file}" declares no vault_approle_auth_backend_role "${adminRoleName}"`, 2);
  const policies = (role.a.token_policies as string[] | undefined) ?? [];
  const policy = of('vault_policy').find(({ a }) => policies.includes(String(a.name)));
  if (!policy) throw new CliError(`--config-json: the ${adminRoleName} role's token_policies (${policies.join(', ')}) name no vault_policy of the stack`, 2);
  const cidrs = (role.a.secret_id_bound_cidrs as string[] | undefined) ?? [];
  if (cidrs.length === 0) throw new CliError(`--config-json: the ${adminRoleName} role has no secret_id_bound_cidrs; set ${bootstrapService().cidrVariable} and synth again`, 2);

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
