// The Environment model: plain typed data that fully describes one deployment. Stacks are built
// from it; nothing below this layer reads the process environment.
import { NetworkMode } from '../constructs/vault-server';
import { SecurityProfile, TokenTtlProfile } from '../constructs/approle';

export type EnvironmentName = 'dev' | 'e2e' | 'prod';

export const ROLE_NAMES = ['hoodcloud-control-plane', 'hoodcloud-auth-server', 'hoodcloud-payment-service', 'hoodcloud-admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** The role the bootstrap ceremony creates (with its policy) so Terraform can authenticate without root. */
export const BOOTSTRAP_ADMIN_ROLE: RoleName = 'hoodcloud-admin';

/** Where a role may be used from. */
export interface RoleBinding {
  /** `secret_id_bound_cidrs`: sources allowed to log in. */
  readonly secretIdBoundCidrs: readonly string[];
  /** `token_bound_cidrs`: sources allowed to use the issued token. */
  readonly tokenBoundCidrs: readonly string[];
}

export interface ServerSettings {
  /** Pinned image reference. */
  readonly image: string;
  readonly containerName: string;
  /** `dev`: in-memory dev mode with a fixed root token; `server`: raft storage, TLS, real unseal. */
  readonly mode: 'dev' | 'server';
  readonly networkMode: NetworkMode;
  /** Host address the API is reachable on (`VAULT_BIND_ADDR` in production). */
  readonly bindAddress: string;
  readonly port: number;
  /** Dev mode only: the documented root token. */
  readonly devRootTokenId?: string;
  /** Server mode only: host paths of the TLS certificate and key. */
  readonly tls?: { readonly certHostFile: string; readonly keyHostFile: string; readonly minVersion: 'tls12' | 'tls13'; readonly disable?: boolean };
}

export interface EnvironmentSettings {
  readonly name: EnvironmentName;
  /** Production turns on the strictest guardrails (prevent_destroy, bindings required, TLS). */
  readonly production: boolean;
  readonly server: ServerSettings;
  /** Address the vault provider talks to. */
  readonly vaultAddress: string;
  readonly roles: Readonly<Record<RoleName, RoleBinding>>;
  readonly ttl: TokenTtlProfile;
  readonly securityProfile: SecurityProfile;
  readonly kv: { readonly maxVersions: number; readonly casRequired: boolean };
  readonly masterKey: { readonly autoRotatePeriodSeconds: number };
  /** Audit log path as the server sees it. */
  readonly auditFilePath: string;
}

/** Stack names: `<env>-server` (docker provider) is deployed before `<env>-config` (vault provider). */
export function serverStackName(env: EnvironmentName): string {
  return `${env}-server`;
}
export function configStackName(env: EnvironmentName): string {
  return `${env}-config`;
}
