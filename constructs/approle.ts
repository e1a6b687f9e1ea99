import { Construct } from 'constructs';
import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { AppRoleAuth } from './approle-auth';
import { toCidrNotation } from '../model/cidr';
import { VaultPolicy } from './vault-policy';
import { importExisting } from './import-existing';

/**
 * How secret IDs live. Phase 0: reusable and never expiring (services survive Vault restarts
 * without new credentials). Phase 1: expire after 7 days, optionally single-use, issued
 * response-wrapped by the operations CLI.
 */
export interface SecurityProfile {
  readonly name: 'phase0' | 'phase1';
  /** `secret_id_ttl`; 0 = never expires. */
  readonly secretIdTtlSeconds: number;
  /** `secret_id_num_uses`; 0 = unlimited. */
  readonly secretIdNumUses: number;
  /** Whether secret IDs are handed out response-wrapped (enforced by the operations CLI, not by Terraform). */
  readonly wrapSecretIds: boolean;
}

export const SEVEN_DAYS_SECONDS = 7 * 24 * 3600;

/** Phase 0: reusable secret IDs that never expire. */
export const PHASE_0: SecurityProfile = { name: 'phase0', secretIdTtlSeconds: 0, secretIdNumUses: 0, wrapSecretIds: false };

/** Phase 1: 7-day secret IDs handed out response-wrapped; `singleUse` sets `secret_id_num_uses=1`. */
export function phase1(opts: { singleUse?: boolean } = {}): SecurityProfile {
  return { name: 'phase1', secretIdTtlSeconds: SEVEN_DAYS_SECONDS, secretIdNumUses: opts.singleUse ? 1 : 0, wrapSecretIds: true };
}

/** Token lifetimes. Services renew at 75% of `tokenTtlSeconds`; the max TTL bounds a token's whole life. */
export interface TokenTtlProfile {
  readonly tokenTtlSeconds: number;
  readonly tokenMaxTtlSeconds: number;
}

export interface AppRoleProps {
  readonly auth: AppRoleAuth;
  /** Role name (`role_name`), e.g. `hoodcloud-control-plane`. */
  readonly roleName: string;
  /** Policies attached to tokens issued by this role (`token_policies`). */
  readonly policies: readonly VaultPolicy[];
  /** Source CIDRs allowed to log in with a secret ID (`secret_id_bound_cidrs`). Required: no open default. */
  readonly secretIdBoundCidrs: readonly string[];
  /** Source CIDRs allowed to use the issued tokens (`token_bound_cidrs`). Written in CIDR notation (a bare address becomes `/32` or `/128`). */
  readonly tokenBoundCidrs: readonly string[];
  readonly ttl: TokenTtlProfile;
  readonly securityProfile: SecurityProfile;
  /**
   * Adopt a role that already exists (the bootstrap ceremony writes the admin role so Terraform can
   * log in) through a Terraform `import` block, so any difference shows as an update in the plan.
   * @default false
   */
  readonly adoptExisting?: boolean;
}

/** An AppRole bound by CIDR to the servers that use it, carrying exactly the given policies. */
export class AppRole extends Construct {
  readonly roleName: string;
  readonly resource: ApproleAuthBackendRole;
  readonly securityProfile: SecurityProfile;

  constructor(scope: Construct, id: string, props: AppRoleProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => validateAppRoleProps(props) });
    this.roleName = props.roleName;
    this.securityProfile = props.securityProfile;
    this.resource = new ApproleAuthBackendRole(this, 'role', {
      backend: props.auth.resource.path,
      roleName: props.roleName,
      bindSecretId: true,
      secretIdBoundCidrs: props.secretIdBoundCidrs.map(toCidrNotation),
      tokenBoundCidrs: props.tokenBoundCidrs.map(toCidrNotation),
      secretIdTtl: props.securityProfile.secretIdTtlSeconds,
      secretIdNumUses: props.securityProfile.secretIdNumUses,
      tokenTtl: props.ttl.tokenTtlSeconds,
      tokenMaxTtl: props.ttl.tokenMaxTtlSeconds,
      tokenPolicies: props.policies.map((p) => p.resource.name),
      // Service tokens only; the default policy is kept for token self-lookup and renewal.
      tokenType: 'service',
      tokenNumUses: 0,
    });
    // The provider's import id is the role's API path.
    if (props.adoptExisting) importExisting(this.resource, `auth/${props.auth.path}/role/${props.roleName}`);
  }
}

/** Renewal at 75% of the TTL leaves 25% of it to retry in; under 5 minutes that margin is too thin. */
export const MIN_TOKEN_TTL_SECONDS = 300;

/** The props' problems, each naming the prop, the value and what is expected. */
function validateAppRoleProps(props: AppRoleProps): string[] {
  const problems: string[] = [];
  for (const field of ['secretIdBoundCidrs', 'tokenBoundCidrs'] as const) {
    if (props[field].length === 0) problems.push(`${field} = []: expected at least one CIDR; a role without a binding can be used from anywhere`);
  }
  const { tokenTtlSeconds, tokenMaxTtlSeconds } = props.ttl;
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < MIN_TOKEN_TTL_SECONDS) problems.push(`ttl.tokenTtlSeconds = ${tokenTtlSeconds}: expected whole seconds >= ${MIN_TOKEN_TTL_SECONDS}`);
  if (!Number.isInteger(tokenMaxTtlSeconds) || tokenMaxTtlSeconds < tokenTtlSeconds) problems.push(`ttl.tokenMaxTtlSeconds = ${tokenMaxTtlSeconds}: expected whole seconds >= tokenTtlSeconds (${tokenTtlSeconds})`);
  return problems;
}
