// The Environment model: plain typed data that fully describes one deployment. Stacks are built
// from it; nothing below this layer reads the process environment.
import { NetworkMode } from '../constructs/vault-server';
import { SecurityProfile, TokenTtlProfile } from '../constructs/approle';
import { CidrPrefixBounds } from '../model/cidr';

export type EnvironmentName = 'dev' | 'e2e' | 'prod';

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
  /**
   * Listening on every interface (0.0.0.0, ::) is refused unless acknowledged here, in code, with a
   * reason; the reason becomes the suppression of guardrail HC-SERVER-2 in the synthesized stack.
   */
  readonly listenEverywhere?: { readonly reason: string };
  readonly port: number;
  /** Dev mode only: the documented root token. */
  readonly devRootTokenId?: string;
  /** Server mode only: host paths of the TLS certificate and key (one directory, mounted read-only). */
  readonly tls?: { readonly certHostFile: string; readonly keyHostFile: string; readonly minVersion: 'tls12' | 'tls13'; readonly disable?: boolean };
}

export interface EnvironmentSettings {
  readonly name: EnvironmentName;
  /** Production turns on the strictest guardrails (prevent_destroy, bindings required, TLS). */
  readonly production: boolean;
  readonly server: ServerSettings;
  /** Address the vault provider talks to. */
  readonly vaultAddress: string;
  /** The binding of every role of the service registry, by role name. */
  readonly roles: Readonly<Record<string, RoleBinding>>;
  /** In production, a binding broader than these prefix lengths needs a reasoned suppression (HC-CIDR-4). */
  readonly cidrPrefixBounds: CidrPrefixBounds;
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
