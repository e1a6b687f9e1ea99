// The committed settings of every environment. Production's deployment-specific values can be
// overridden by environment variables (see settings.ts and README).
import { PHASE_0, phase1 } from '../constructs/approle';
import { roleNames } from '../services/catalog';
import { EnvironmentSettings, RoleBinding } from './environment';
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
    containerName: 'hoodcloud-vault-dev',
    mode: 'dev',
    networkMode: 'bridge',
    bindAddress: '127.0.0.1',
    port: 8200,
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
  server: { ...DEV.server, containerName: 'hoodcloud-vault-e2e', networkMode: 'host', port: 8201 },
  vaultAddress: 'http://127.0.0.1:8201',
  // Host networking keeps real client addresses, so a login from 127.0.0.2 is outside the binding.
  roles: allRoles({ secretIdBoundCidrs: ['127.0.0.1/32'], tokenBoundCidrs: ['127.0.0.1/32'] }),
  securityProfile: phase1(),
  kv: { maxVersions: 5, casRequired: true },
};

/** Production: TLS, raft storage, real unseal; services co-located with Vault reach it over loopback. */
export const PROD: EnvironmentSettings = {
  name: 'prod',
  production: true,
  server: {
    image: VAULT_IMAGE,
    containerName: 'hoodcloud-vault',
    mode: 'server',
    networkMode: 'host',
    bindAddress: '127.0.0.1',
    port: 8200,
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
