// THE LEAST-PRIVILEGE MATRIX, as data: for every role, every secret path of the layout
// (secrets-catalog/catalog.ts) and every operation on the master key, who is meant to be allowed.
// Every role NOT listed in `allowed` is meant to be denied. The intent comes from issue 2 and
// DESIGN.md, not from the policies under test:
//   - a service reads its own secrets (data + metadata, and lists its own subtree), nothing else;
//   - the control plane encrypts, decrypts, generates data keys and rewraps with
//     hoodcloud-masterkey, and never reads, rotates, configures, exports, backs up or deletes it;
//   - admin manages every secret and everything Terraform manages (rotating and configuring the
//     key included) and issues AppRole credentials, but never uses the key for crypto, never
//     exports, backs up, trims or deletes it, and never reads the raw storage endpoint.
// Destructive system operations (unmount, disable audit) are not rows: a broken policy would let
// the check itself destroy what the other tests need.
// test/e2e/access-matrix.test.ts checks each row by an actual request AND sys/capabilities-self.
import { SECRET_CATALOG, SERVICES, serviceSecretPrefix, type ServiceName } from '../../secrets-catalog/catalog';

export const ROLES = ['hoodcloud-control-plane', 'hoodcloud-auth-server', 'hoodcloud-payment-service', 'hoodcloud-admin'] as const;
export type Role = (typeof ROLES)[number];
export type Capability = 'create' | 'read' | 'update' | 'patch' | 'delete' | 'list' | 'sudo';

const ADMIN: Role = 'hoodcloud-admin';
const CONTROL_PLANE: Role = 'hoodcloud-control-plane';
const roleOf = (service: ServiceName): Role => `hoodcloud-${service}` as Role;

export const MASTER_KEY = 'hoodcloud-masterkey';
/** Placeholders the checker fills in at run time (a real ciphertext of the master key). */
export const CIPHERTEXT = '<ciphertext>';

export interface MatrixRow {
  /** What a reviewer reads, e.g. "read secret hoodcloud/control-plane/database". */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'DELETE' | 'LIST';
  /** API path without /v1/. */
  readonly path: string;
  /** Capabilities the request needs on `path` (all of them); checked with sys/capabilities-self. */
  readonly capabilities: readonly Capability[];
  /** JSON body for POST (may contain CIPHERTEXT). */
  readonly body?: Record<string, unknown>;
  /** Roles meant to be allowed; every other role is meant to be denied. */
  readonly allowed: readonly Role[];
}

const kvRows = SECRET_CATALOG.flatMap((entry): MatrixRow[] => {
  const owner = roleOf(entry.owner);
  return [
    { operation: `read secret ${entry.path}`, method: 'GET', path: `secret/data/${entry.path}`, capabilities: ['read'], allowed: [owner, ADMIN] },
    { operation: `read metadata of ${entry.path}`, method: 'GET', path: `secret/metadata/${entry.path}`, capabilities: ['read'], allowed: [owner, ADMIN] },
    { operation: `write secret ${entry.path}`, method: 'POST', path: `secret/data/${entry.path}`, capabilities: ['update'], body: { data: { probe: 'matrix' } }, allowed: [ADMIN] },
    { operation: `destroy version 1 of ${entry.path}`, method: 'POST', path: `secret/destroy/${entry.path}`, capabilities: ['update'], body: { versions: [1] }, allowed: [ADMIN] },
    { operation: `delete latest version of ${entry.path}`, method: 'DELETE', path: `secret/data/${entry.path}`, capabilities: ['delete'], allowed: [ADMIN] },
  ];
});

const listRows: MatrixRow[] = [
  ...SERVICES.map((s): MatrixRow => ({
    operation: `list ${serviceSecretPrefix(s)}/`, method: 'LIST', path: `secret/metadata/${serviceSecretPrefix(s)}/`, capabilities: ['list'], allowed: [roleOf(s), ADMIN],
  })),
  { operation: 'list hoodcloud/ (every service)', method: 'LIST', path: 'secret/metadata/hoodcloud/', capabilities: ['list'], allowed: [ADMIN] },
  { operation: 'read a secret outside the layout (legacy/shared)', method: 'GET', path: 'secret/data/legacy/shared', capabilities: ['read'], allowed: [ADMIN] },
  { operation: 'read KV engine settings', method: 'GET', path: 'secret/config', capabilities: ['read'], allowed: [ADMIN] },
];

const key = (op: string) => `transit/${op}/${MASTER_KEY}`;
const transitRows: MatrixRow[] = [
  { operation: 'encrypt with the master key', method: 'POST', path: key('encrypt'), capabilities: ['update'], body: { plaintext: Buffer.from('matrix probe').toString('base64') }, allowed: [CONTROL_PLANE] },
  { operation: 'decrypt with the master key', method: 'POST', path: key('decrypt'), capabilities: ['update'], body: { ciphertext: CIPHERTEXT }, allowed: [CONTROL_PLANE] },
  { operation: 'generate a data key (plaintext copy)', method: 'POST', path: key('datakey/plaintext'), capabilities: ['update'], body: { bits: 256 }, allowed: [CONTROL_PLANE] },
  { operation: 'generate a data key (wrapped only)', method: 'POST', path: key('datakey/wrapped'), capabilities: ['update'], body: { bits: 256 }, allowed: [CONTROL_PLANE] },
  { operation: 'rewrap a ciphertext to the latest key version', method: 'POST', path: key('rewrap'), capabilities: ['update'], body: { ciphertext: CIPHERTEXT }, allowed: [CONTROL_PLANE] },
  { operation: 'read the master key settings', method: 'GET', path: key('keys'), capabilities: ['read'], allowed: [ADMIN] },
  { operation: 'rotate the master key', method: 'POST', path: `${key('keys')}/rotate`, capabilities: ['update'], body: {}, allowed: [ADMIN] },
  { operation: 'update the master key config', method: 'POST', path: `${key('keys')}/config`, capabilities: ['update'], body: { deletion_allowed: false }, allowed: [ADMIN] },
  { operation: 'trim old master key versions', method: 'POST', path: `${key('keys')}/trim`, capabilities: ['update'], body: { min_available_version: 1 }, allowed: [] },
  { operation: 'export the master key', method: 'GET', path: `transit/export/encryption-key/${MASTER_KEY}`, capabilities: ['read'], allowed: [] },
  { operation: 'back up the master key', method: 'GET', path: `transit/backup/${MASTER_KEY}`, capabilities: ['read'], allowed: [] },
  { operation: 'delete the master key', method: 'DELETE', path: key('keys'), capabilities: ['delete'], allowed: [] },
];

const systemRows: MatrixRow[] = [
  // Credentials are issued by operators (the operations CLI as admin), never by a service itself.
  ...ROLES.map((r): MatrixRow => ({
    operation: `issue a secret ID for ${r}`, method: 'POST', path: `auth/approle/role/${r}/secret-id`, capabilities: ['update'], body: {}, allowed: [ADMIN],
  })),
  { operation: 'list AppRoles', method: 'LIST', path: 'auth/approle/role', capabilities: ['list'], allowed: [ADMIN] },
  { operation: 'list audit devices (root-protected)', method: 'GET', path: 'sys/audit', capabilities: ['read', 'sudo'], allowed: [ADMIN] },
  { operation: 'list ACL policies', method: 'LIST', path: 'sys/policies/acl', capabilities: ['list'], allowed: [ADMIN] },
  { operation: 'read the raw storage endpoint', method: 'GET', path: 'sys/raw/core/mounts', capabilities: ['read'], allowed: [] },
];

/** Every row, in reading order: KV secrets, listings, transit, system. */
export const ACCESS_MATRIX: readonly MatrixRow[] = [...kvRows, ...listRows, ...transitRows, ...systemRows];
