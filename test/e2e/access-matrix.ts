// THE LEAST-PRIVILEGE MATRIX, as data: for every role of the synthesized configuration, every
// secret path of the catalog and every operation on the master key, who is meant to be allowed.
// Every role NOT listed in `allowed` is meant to be denied.
//
// The roles come from the configuration under test (its vault_approle_auth_backend_role
// resources), the intent from each role's registry entry (services/registry.ts `intent`), never
// from the policies under test; a role the configuration declares without a registry entry has no
// declared intent and fails the matrix. The intent, per DESIGN.md:
//   - a service reads its own secrets (data + metadata, and lists its own subtree), nothing else;
//   - a role with master-key operations (the control plane) encrypts, decrypts, generates data
//     keys and rewraps with it, and never reads, rotates, configures, exports, backs up or deletes it;
//   - an operator manages every secret and everything Terraform manages (rotating and configuring
//     the key included) and issues AppRole credentials, but never uses the key for crypto, never
//     exports, backs up, trims or deletes it, and never reads the raw storage endpoint.
// Destructive system operations (unmount, disable audit) are not rows: a broken policy would let
// the check itself destroy what the other tests need.
// test/e2e/access-matrix.test.ts checks each row by an actual request AND sys/capabilities-self.
import { GrantCapability } from '../../model/capabilities';
import { secretCatalog } from '../../services/catalog';
import { SERVICES } from '../../services/registry';
import { MasterKeyOperation, ServiceDefinition } from '../../services/service-definition';
import { LAYOUT } from '../../stacks/layout';


export const MASTER_KEY = LAYOUT.masterKey;
/** Placeholders the checker fills in at run time (a real ciphertext of the master key). */
export const CIPHERTEXT = '<ciphertext>';

export interface MatrixRow {
  /** What a reviewer reads, e.g. "read secret hoodcloud/control-plane/database". */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'DELETE' | 'LIST';
  /** API path without /v1/. */
  readonly path: string;
  /** Capabilities the request needs on `path` (all of them); checked with sys/capabilities-self. */
  readonly capabilities: readonly GrantCapability[];
  /** JSON body for POST (may contain CIPHERTEXT). */
  readonly body?: Record<string, unknown>;
  /** Roles meant to be allowed; every other role is meant to be denied. */
  readonly allowed: readonly string[];
}

export interface AccessMatrix {
  /** Every role of the configuration, each with a registry entry. */
  readonly roles: readonly string[];
  readonly rows: readonly MatrixRow[];
}

/** The AppRole role names a synthesized config stack declares. */
export function configuredRoles(configJson: Record<string, unknown>): string[] {
  const roles = ((configJson.resource as Record<string, Record<string, Record<string, unknown>>> | undefined)?.vault_approle_auth_backend_role) ?? {};
  return Object.values(roles).map((r) => String(r.role_name)).sort();
}

/** Builds the matrix for a configuration; throws for a configured role without declared intent. */
export function accessMatrix(configJson: Record<string, unknown>, services: readonly ServiceDefinition[] = SERVICES): AccessMatrix {
  const roles = configuredRoles(configJson);
  const entries = roles.map((role) => {
    const service = services.find((s) => s.roleName === role);
    if (!service) throw new Error(`access matrix: the configuration declares role ${role}, which has no entry in the service registry, so nothing says what it is meant to do; add it to services/registry.ts with its intent`);
    return service;
  });
  const operators = entries.filter((s) => s.intent.operator).map((s) => s.roleName);
  const ownerOf = (serviceId: string) => entries.filter((s) => s.id === serviceId && s.intent.readsOwnSecrets).map((s) => s.roleName);
  const usingKey = (op: MasterKeyOperation) => entries.filter((s) => s.intent.masterKeyOperations.includes(op)).map((s) => s.roleName);
  const kv = LAYOUT.kvMount;

  const kvRows = secretCatalog(entries).flatMap((entry): MatrixRow[] => {
    const readers = [...ownerOf(entry.owner), ...operators];
    return [
      { operation: `read secret ${entry.path}`, method: 'GET', path: `${kv}/data/${entry.path}`, capabilities: ['read'], allowed: readers },
      { operation: `read metadata of ${entry.path}`, method: 'GET', path: `${kv}/metadata/${entry.path}`, capabilities: ['read'], allowed: readers },
      { operation: `write secret ${entry.path}`, method: 'POST', path: `${kv}/data/${entry.path}`, capabilities: ['update'], body: { data: { probe: 'matrix' } }, allowed: operators },
      { operation: `destroy version 1 of ${entry.path}`, method: 'POST', path: `${kv}/destroy/${entry.path}`, capabilities: ['update'], body: { versions: [1] }, allowed: operators },
      { operation: `delete latest version of ${entry.path}`, method: 'DELETE', path: `${kv}/data/${entry.path}`, capabilities: ['delete'], allowed: operators },
    ];
  });

  const listRows: MatrixRow[] = [
    ...entries.filter((s) => s.policy.kind === 'service').map((s): MatrixRow => ({
      operation: `list ${s.kvSubtree}/`, method: 'LIST', path: `${kv}/metadata/${s.kvSubtree}/`, capabilities: ['list'], allowed: [...ownerOf(s.id), ...operators],
    })),
    { operation: 'list hoodcloud/ (every service)', method: 'LIST', path: `${kv}/metadata/hoodcloud/`, capabilities: ['list'], allowed: operators },
    { operation: 'read a secret outside the layout (legacy/shared)', method: 'GET', path: `${kv}/data/legacy/shared`, capabilities: ['read'], allowed: operators },
    { operation: 'read KV engine settings', method: 'GET', path: `${kv}/config`, capabilities: ['read'], allowed: operators },
  ];

  const key = (op: string) => `${LAYOUT.transitMount}/${op}/${MASTER_KEY}`;
  const transitRows: MatrixRow[] = [
    { operation: 'encrypt with the master key', method: 'POST', path: key('encrypt'), capabilities: ['update'], body: { plaintext: Buffer.from('matrix probe').toString('base64') }, allowed: usingKey('encrypt') },
    { operation: 'decrypt with the master key', method: 'POST', path: key('decrypt'), capabilities: ['update'], body: { ciphertext: CIPHERTEXT }, allowed: usingKey('decrypt') },
    { operation: 'generate a data key (plaintext copy)', method: 'POST', path: key('datakey/plaintext'), capabilities: ['update'], body: { bits: 256 }, allowed: usingKey('datakey') },
    { operation: 'generate a data key (wrapped only)', method: 'POST', path: key('datakey/wrapped'), capabilities: ['update'], body: { bits: 256 }, allowed: usingKey('datakey') },
    { operation: 'rewrap a ciphertext to the latest key version', method: 'POST', path: key('rewrap'), capabilities: ['update'], body: { ciphertext: CIPHERTEXT }, allowed: usingKey('rewrap') },
    { operation: 'read the master key settings', method: 'GET', path: key('keys'), capabilities: ['read'], allowed: operators },
    { operation: 'rotate the master key', method: 'POST', path: `${key('keys')}/rotate`, capabilities: ['update'], body: {}, allowed: operators },
    { operation: 'update the master key config', method: 'POST', path: `${key('keys')}/config`, capabilities: ['update'], body: { deletion_allowed: false }, allowed: operators },
    { operation: 'trim old master key versions', method: 'POST', path: `${key('keys')}/trim`, capabilities: ['update'], body: { min_available_version: 1 }, allowed: [] },
    { operation: 'export the master key', method: 'GET', path: `${LAYOUT.transitMount}/export/encryption-key/${MASTER_KEY}`, capabilities: ['read'], allowed: [] },
    { operation: 'back up the master key', method: 'GET', path: `${LAYOUT.transitMount}/backup/${MASTER_KEY}`, capabilities: ['read'], allowed: [] },
    { operation: 'delete the master key', method: 'DELETE', path: key('keys'), capabilities: ['delete'], allowed: [] },
  ];

  const approle = `auth/${LAYOUT.approleMount}`;
  const systemRows: MatrixRow[] = [
    // Credentials are issued by operators (the operations CLI as admin), never by a service itself.
    ...roles.map((r): MatrixRow => ({ operation: `issue a secret ID for ${r}`, method: 'POST', path: `${approle}/role/${r}/secret-id`, capabilities: ['update'], body: {}, allowed: operators })),
    { operation: 'list AppRoles', method: 'LIST', path: `${approle}/role`, capabilities: ['list'], allowed: operators },
    { operation: 'list audit devices (root-protected)', method: 'GET', path: 'sys/audit', capabilities: ['read', 'sudo'], allowed: operators },
    { operation: 'list ACL policies', method: 'LIST', path: 'sys/policies/acl', capabilities: ['list'], allowed: operators },
    { operation: 'read the raw storage endpoint', method: 'GET', path: 'sys/raw/core/mounts', capabilities: ['read'], allowed: [] },
  ];

  return { roles, rows: [...kvRows, ...listRows, ...transitRows, ...systemRows] };
}
