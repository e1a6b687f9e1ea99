// The committed settings of every environment. Production's deployment-specific values can be
// overridden by environment variables (see settings.ts and README).
import { PHASE_0, phase1 } from '../constructs/approle';
import { roleNames } from '../services/catalog';
import { EnvironmentSettings, RaftSettings, RoleBinding, ServerNode } from './environment';
import { LAYOUT } from './layout';

/** Vault image, pinned to an exact release. */
export const VAULT_IMAGE = 'hashicorp/vault:1.21.4';

/** Production's bound on binding breadth: broader blocks need a reasoned suppression (HC-CIDR-4). */
const PROD_CIDR_PREFIX_BOUNDS = { ipv4: 16, ipv6: 48 };

/** Tokens live 1h (renewed at 45 min, 75% of the TTL) and at most 24h. */
const SERVICE_TTL = { tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 86400 };

/** The same binding for every role of the service registry. */
function allRoles(binding: RoleBinding): Record<string, RoleBinding> {
  return Object.fromEntries(roleNames().map((r) => [r, binding]));
}

/** Local development: dev-mode server in Docker on 127.0.0.1:8200, root token `dev-token`. */
export const DEV: EnvironmentSettings = {
  name: 'dev',
  production: false,
  server: {
    image: VAULT_IMAGE,
    mode: 'dev',
    networkMode: 'bridge',
    nodes: [{ id: 'hoodcloud-vault-dev', address: '127.0.0.1', port: 8200 }],
    devRootTokenId: 'dev-token',
  },
  vaultAddress: 'http://127.0.0.1:8200',
  // Through Docker's published port, host clients appear as the bridge gateway (172.16.0.0/12).
  roles: allRoles({ secretIdBoundCidrs: ['127.0.0.1/32', '172.16.0.0/12'], tokenBoundCidrs: ['127.0.0.1/32', '172.16.0.0/12'] }),
  ttl: SERVICE_TTL,
  securityProfile: PHASE_0,
  kv: { maxVersions: 10, casRequired: false },
  masterKey: { autoRotatePeriodSeconds: 0 },
  auditFilePath: LAYOUT.auditFilePath,
  cidrPrefixBounds: PROD_CIDR_PREFIX_BOUNDS,
};

/** End-to-end tests: dev-mode server on the host network at 127.0.0.1:8201, production-like security profile. */
export const E2E: EnvironmentSettings = {
  ...DEV,
  name: 'e2e',
  server: { ...DEV.server, networkMode: 'host', nodes: [{ id: 'hoodcloud-vault-e2e', address: '127.0.0.1', port: 8201 }] },
  vaultAddress: 'http://127.0.0.1:8201',
  // Host networking keeps real client addresses, so a login from 127.0.0.2 is outside the binding.
  roles: allRoles({ secretIdBoundCidrs: ['127.0.0.1/32'], tokenBoundCidrs: ['127.0.0.1/32'] }),
  securityProfile: phase1(),
  kv: { maxVersions: 5, casRequired: true },
};

/**
 * The production cluster's shape: three raft voters (quorum 2, so one may fail). The committed
 * addresses put all three on one host's loopback addresses (127.0.0.1-3, the default Docker engine),
 * which survives a node's crash but not the host's; a deployment gives each node its own host with
 * HOODCLOUD_VAULT_NODES and HOODCLOUD_VAULT_DOCKER_HOSTS (see README, "Production cluster").
 */
export const PROD_NODES: readonly ServerNode[] = [
  { id: 'hoodcloud-vault-1', address: '127.0.0.1', port: 8200 },
  { id: 'hoodcloud-vault-2', address: '127.0.0.2', port: 8200 },
  { id: 'hoodcloud-vault-3', address: '127.0.0.3', port: 8200 },
];

/** Raft and autopilot of the production cluster. */
export const PROD_RAFT: RaftSettings = {
  // Vault's production recommendation: elections in ~2.5 s instead of ~9 s (facts of issue 12).
  performanceMultiplier: 1,
  autopilot: {
    cleanupDeadServers: true,
    // Long enough that a host reboot or a network partition is not mistaken for a dead node.
    deadServerLastContactThresholdSeconds: 3600,
    lastContactThresholdSeconds: 10,
    serverStabilizationTimeSeconds: 10,
    maxTrailingLogs: 1000,
  },
};

/** Production: TLS, raft storage, real unseal; services co-located with Vault reach it over loopback. */
export const PROD: EnvironmentSettings = {
  name: 'prod',
  production: true,
  server: {
    image: VAULT_IMAGE,
    mode: 'server',
    networkMode: 'host',
    nodes: PROD_NODES,
    raft: PROD_RAFT,
    tls: { certHostFile: '/etc/hoodcloud/vault/tls/tls.crt', keyHostFile: '/etc/hoodcloud/vault/tls/tls.key', minVersion: 'tls13' },
  },
  vaultAddress: 'https://127.0.0.1:8200',
  roles: allRoles({ secretIdBoundCidrs: ['127.0.0.1/32'], tokenBoundCidrs: ['127.0.0.1/32'] }),
  ttl: SERVICE_TTL,
  securityProfile: phase1(),
  kv: { maxVersions: 10, casRequired: true },
  masterKey: { autoRotatePeriodSeconds: 30 * 24 * 3600 },
  auditFilePath: LAYOUT.auditFilePath,
  cidrPrefixBounds: PROD_CIDR_PREFIX_BOUNDS,
};

export const ENVIRONMENTS: readonly EnvironmentSettings[] = [DEV, E2E, PROD];
