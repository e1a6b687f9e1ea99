import { Construct } from 'constructs';
import { AuthBackend } from '@cdktf/provider-vault/lib/auth-backend';
import { CAPS } from '../model/capability-sets';
import { grant, Grant } from './grant';
import { IPolicyGrantee } from './grantee';
import { importExisting } from './import-existing';

export interface AppRoleAuthProps {
  /** Auth mount path. @default 'approle' */
  readonly path?: string;
  /** @default 'HoodCloud machine authentication (AppRole)' */
  readonly description?: string;
  /**
   * Adopt an auth mount that already exists (the bootstrap ceremony enables it so Terraform can log
   * in as hoodcloud-admin) through a Terraform `import` block.
   * @default false
   */
  readonly adoptExisting?: boolean;
}

/** The AppRole auth method; roles are {@link AppRole}s that take this backend. */
export class AppRoleAuth extends Construct {
  /** Auth mount path without slashes, e.g. `approle` (API paths are `auth/<path>/...`). */
  readonly path: string;
  readonly resource: AuthBackend;

  constructor(scope: Construct, id: string, props: AppRoleAuthProps = {}) {
    super(scope, id);
    this.path = props.path ?? 'approle';
    this.resource = new AuthBackend(this, 'backend', {
      type: 'approle',
      path: this.path,
      description: props.description ?? 'HoodCloud machine authentication (AppRole)',
    });
    if (props.adoptExisting) importExisting(this.resource, this.path);
  }

  /**
   * Enable and tune the auth method and manage the given roles and their secret IDs. Disabling
   * the method is not granted: it would invalidate every service's credentials. Role writes are
   * limited to the roles the configuration declares, so the grantee cannot create a role of its
   * own to carry a wider policy, and each role write only admits the fields terraform-provider-vault
   * sends, with `token_policies` exactly that role's declared policies (as a JSON list, in any
   * order) and `bind_secret_id` true: a service role cannot be given the operator's policy, nor
   * logins without a secret ID. The role's other fields (CIDR bindings, TTLs) are not constrained
   * (the provider sends sets in hash order, so exact lists cannot be pinned): `ops drift` detects them.
   */
  grantManage(grantee: IPolicyGrantee, roles: readonly ManagedAppRole[]): Grant {
    const why = `manage the ${this.path} auth method, its declared roles and their secret IDs`;
    grant(grantee, 'list auth methods', [{ path: 'sys/auth', capabilities: CAPS.read }]);
    // Enabling an auth method is root-protected (sudo). terraform-provider-vault reads and tunes it
    // through sys/mounts/auth/<path> (measured with the real provider: 403 at plan time without these).
    grant(grantee, why, [
      { path: `sys/auth/${this.path}`, capabilities: CAPS.enableSudo },
      { path: `sys/mounts/auth/${this.path}`, capabilities: CAPS.read },
      { path: `sys/mounts/auth/${this.path}/tune`, capabilities: CAPS.readUpdate, constraints: { deniedParameters: { audit_non_hmac_request_keys: [], audit_non_hmac_response_keys: [] } } },
      { path: `auth/${this.path}/role`, capabilities: CAPS.list },
    ]);
    const rules = roles.flatMap(({ roleName, tokenPolicies }) => [
      { path: `auth/${this.path}/role/${roleName}`, capabilities: CAPS.manage, constraints: { allowedParameters: { ...PROVIDER_ROLE_FIELDS, bind_secret_id: [true], token_policies: orderings(roleName, tokenPolicies) } } },
      { path: `auth/${this.path}/role/${roleName}/*`, capabilities: CAPS.manage },
    ]);
    grant(grantee, why, rules);
    // The endpoints that set the pinned fields one by one would bypass the role's constraints
    // (`policies` also takes `token_policies`); terraform-provider-vault and the CLI never use them.
    return grant(grantee, 'never change a role\'s policies or secret-ID requirement outside the role write that pins them', roles.flatMap(({ roleName }) => [
      { path: `auth/${this.path}/role/${roleName}/policies`, capabilities: CAPS.deny },
      { path: `auth/${this.path}/role/${roleName}/bind-secret-id`, capabilities: CAPS.deny },
    ]));
  }
}

/** A role the grantee may manage, with the policies its tokens must carry (exactly these). */
export interface ManagedAppRole {
  readonly roleName: string;
  readonly tokenPolicies: readonly string[];
}

/**
 * The role fields terraform-provider-vault 5.6.0 writes (vault/resource_approle_auth_backend_role.go
 * and vault/auth_token.go); any value. Not admitted: the deprecated aliases `policies`,
 * `bound_cidr_list` and `period`, which would bypass the constraints, and `role_id` (its own endpoint).
 */
const PROVIDER_ROLE_FIELDS = Object.fromEntries(
  ['secret_id_bound_cidrs', 'secret_id_num_uses', 'secret_id_ttl', 'token_bound_cidrs', 'token_explicit_max_ttl', 'token_max_ttl', 'token_no_default_policy', 'token_num_uses', 'token_period', 'token_ttl', 'token_type'].map((f) => [f, []]),
);

/** More policies than this per role would need too many orderings in the policy (n!). */
const MAX_PINNED_POLICIES = 4;

/**
 * Every ordering of the role's policies: the server compares a list value whole and in order, and
 * the provider sends a set, whose order is not the declared one.
 */
function orderings(roleName: string, policies: readonly string[]): string[][] {
  if (policies.length === 0 || policies.length > MAX_PINNED_POLICIES || new Set(policies).size !== policies.length) {
    throw new Error(`role ${roleName}: tokenPolicies = ${JSON.stringify(policies)}: expected 1 to ${MAX_PINNED_POLICIES} distinct policy names (each ordering is listed in the managing policy)`);
  }
  if (policies.length === 1) return [[...policies]];
  return policies.flatMap((p, i) => orderings(roleName, policies.filter((_, j) => j !== i)).map((rest) => [p, ...rest]));
}
