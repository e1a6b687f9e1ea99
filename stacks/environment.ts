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

/**
 * One server node: its Docker container (named after it, with `<id>-config`, `<id>-data` and
 * `<id>-logs` volumes) and, in server mode, its raft member of the same id.
 */
export interface ServerNode {
  /** Raft `node_id` and Docker container name, e.g. `hoodcloud-vault-1`. */
  readonly id: string;
  /** Host address the node listens on and its peers and clients reach it at (an IP address). */
  readonly address: string;
  /** API port; the cluster port is the next one. */
  readonly port: number;
  /**
   * The Docker daemon the node runs on (`ssh://ops@10.0.0.6`, `tcp://10.0.0.6:2376`); each distinct
   * one gets its own docker provider. Unset: the default engine (`DOCKER_HOST` at deploy time).
   */
  readonly dockerHost?: string;
}

/** Integrated storage (raft) of a server-mode cluster. */
export interface RaftSettings {
  /** `performance_multiplier`: 1 elects a new leader in about 2.5 s instead of 9 s (OpenBao 2.7.2, loopback). */
  readonly performanceMultiplier: number;
  /** Autopilot (the config stack writes it through `sys/storage/raft/autopilot/configuration`). */
  readonly autopilot: AutopilotSettings;
}

/**
 * Autopilot's view of node health and dead-server cleanup. The minimum quorum is not a setting: it
 * is the number of declared nodes (at least 3), so autopilot never shrinks the cluster below what
 * the stacks declare; it only prunes a dead node once a replacement has joined.
 */
export interface AutopilotSettings {
  /** Prune dead servers (only with 3 or more declared nodes; the server refuses it with fewer). */
  readonly cleanupDeadServers: boolean;
  /** Without leader contact this long a server counts as dead (at least 60 s). */
  readonly deadServerLastContactThresholdSeconds: number;
  /** Without leader contact this long a server counts as unhealthy. */
  readonly lastContactThresholdSeconds: number;
  /** A joined server must be healthy this long before it becomes a voter. */
  readonly serverStabilizationTimeSeconds: number;
  /** A server this many log entries behind the leader counts as unhealthy. */
  readonly maxTrailingLogs: number;
}

export interface ServerSettings {
  /** Pinned image reference. */
  readonly image: string;
  /** `dev`: in-memory dev mode with a fixed root token; `server`: raft storage, TLS, real unseal. */
  readonly mode: 'dev' | 'server';
  readonly networkMode: NetworkMode;
  /**
   * The nodes. Dev mode runs exactly one; in server mode they form one raft cluster (production:
   * `HOODCLOUD_VAULT_NODES`, `HOODCLOUD_VAULT_DOCKER_HOSTS`).
   */
  readonly nodes: readonly ServerNode[];
  /** Server mode only: raft timing and autopilot. */
  readonly raft?: RaftSettings;
  /**
   * Listening on every interface (0.0.0.0, ::) is refused unless acknowledged here, in code, with a
   * reason; the reason becomes the suppression of guardrail HC-SERVER-2 in the synthesized stack.
   */
  readonly listenEverywhere?: { readonly reason: string };
  /** Dev mode only: the documented root token. */
  readonly devRootTokenId?: string;
  /**
   * Server mode only: host paths of the TLS certificate and key (one directory, mounted read-only;
   * `ca.crt` beside them is the CA joining nodes check their peers against). Every node mounts the
   * same path on its own host; nodes sharing a host share the certificate, which then names all of them.
   */
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
