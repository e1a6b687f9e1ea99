// How the review recognises Vault resources in synthesized Terraform JSON: by type and key
// attribute (mount path, key backend/name, auth path, role backend/name, policy name, audit path),
// the object on the server; and which attribute changes make Terraform replace the resource
// (ForceNew and CustomizeDiff in terraform-provider-vault 5.6.0 and terraform-provider-docker
// 3.6.2, checked against real plans by `npm run test:terraform`). Terraform itself pairs resources
// by address (`<type>.<logical id>`): resource-diff.ts reports an address change as the
// replacement it is.
import { trimSlashes } from '../model/mount-paths';
import { ResourceInstance } from './stack-loader';

export type ResourceKind = 'mount' | 'kv-config' | 'transit-key' | 'auth-backend' | 'approle-role' | 'policy' | 'audit' | 'other';

export interface IdentifiedResource {
  readonly kind: ResourceKind;
  /** Stable identity across base and head, e.g. `vault_mount secret`, `vault_transit_secret_backend_key transit/hoodcloud-masterkey`. */
  readonly id: string;
  /** The key attribute's value, e.g. `secret`, `transit/hoodcloud-masterkey`. */
  readonly key: string;
  readonly resource: ResourceInstance;
}

const KIND_BY_TYPE: Record<string, ResourceKind> = {
  vault_mount: 'mount',
  vault_kv_secret_backend_v2: 'kv-config',
  vault_transit_secret_backend_key: 'transit-key',
  vault_auth_backend: 'auth-backend',
  vault_approle_auth_backend_role: 'approle-role',
  vault_policy: 'policy',
  vault_audit: 'audit',
};

/**
 * Attributes whose change replaces the resource (destroy + create), as terraform-provider-vault
 * 5.6.0 and terraform-provider-docker 3.6.2 plan them. The key attributes (mount path, key name...)
 * are not listed: a new key is another object (but see {@link REMOUNTED_KEY}). `namespace` is not
 * listed either: it replaces every vault_* resource ({@link NAMESPACE_ATTRIBUTE}). Verified against
 * real plans of a single-attribute change each by `npm run test:terraform`.
 */
export const FORCE_NEW_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  vault_mount: ['type', 'local', 'seal_wrap', 'external_entropy_access'],
  vault_kv_secret_backend_v2: [],
  // key_size is updated in place (it only matters for hmac keys); exportable and allow_plaintext_backup: see forceNewChanges.
  vault_transit_secret_backend_key: ['type', 'derived', 'convergent_encryption'],
  vault_auth_backend: ['type', 'local'],
  vault_approle_auth_backend_role: [],
  vault_policy: [],
  vault_audit: ['type', 'description', 'local', 'options'],
  // resource_docker_volume.go: every argument is ForceNew, and delete force-removes the volume.
  docker_volume: ['driver', 'driver_opts', 'labels'],
};

/**
 * Types the provider replaces on a change of any argument except these, which it updates in
 * place (resource_docker_container.go: restart policy and resource limits through ContainerUpdate;
 * the rest are provider-side settings). A replaced container restarts the server (sealed).
 */
export const UPDATABLE_ONLY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  docker_container: [
    'attach', 'container_read_refresh_timeout_milliseconds', 'cpu_period', 'cpu_quota', 'cpu_set', 'cpu_shares', 'destroy_grace_seconds', 'healthcheck', 'init', 'logs',
    'max_retry_count', 'memory', 'memory_swap', 'must_run', 'remove_volumes', 'restart', 'rm', 'start', 'tmpfs', 'wait', 'wait_timeout',
  ],
  docker_image: ['force_remove', 'keep_locally'],
};

/** terraform-provider-vault adds `namespace` (ForceNew) to every resource: a change moves the object to another namespace by destroying it. */
export const NAMESPACE_ATTRIBUTE = 'namespace';

/**
 * Key attributes the provider changes in place by remounting (`sys/remount`, data kept): a
 * vault_mount's `path`, and a vault_auth_backend's unless `disable_remount` is true.
 */
export const REMOUNTED_KEY: Readonly<Record<string, string>> = { vault_mount: 'path', vault_auth_backend: 'path' };

/** Whether changing `attribute` makes Terraform replace a `type` resource; undefined when the review does not know the type. */
export function forcesReplacement(type: string, attribute: string): boolean | undefined {
  if (type.startsWith('vault_') && attribute === NAMESPACE_ATTRIBUTE) return true;
  if (UPDATABLE_ONLY_ATTRIBUTES[type]) return !UPDATABLE_ONLY_ATTRIBUTES[type].includes(attribute);
  const listed = FORCE_NEW_ATTRIBUTES[type];
  return listed ? listed.includes(attribute) : undefined;
}

/** Whether the review knows the replacement rules of a resource type. */
export function knowsReplacementRules(type: string): boolean {
  return type in FORCE_NEW_ATTRIBUTES || type in UPDATABLE_ONLY_ATTRIBUTES;
}

/** Attributes the review may print values of (everything else: names only, values may be secret). */
export const PRINTABLE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  vault_mount: [
    'namespace', 'path', 'type', 'description', 'options', 'local', 'seal_wrap', 'external_entropy_access', 'default_lease_ttl_seconds', 'max_lease_ttl_seconds', 'listing_visibility',
    'audit_non_hmac_request_keys', 'audit_non_hmac_response_keys',
  ],
  vault_kv_secret_backend_v2: ['namespace', 'mount', 'max_versions', 'cas_required', 'delete_version_after'],
  vault_transit_secret_backend_key: [
    'namespace',
    'backend',
    'name',
    'type',
    'derived',
    'convergent_encryption',
    'key_size',
    'deletion_allowed',
    'exportable',
    'allow_plaintext_backup',
    'auto_rotate_period',
    'min_decryption_version',
    'min_encryption_version',
  ],
  vault_auth_backend: ['namespace', 'path', 'type', 'description', 'local', 'tune', 'disable_remount'],
  vault_approle_auth_backend_role: [
    'namespace',
    'backend',
    'role_name',
    'bind_secret_id',
    'secret_id_bound_cidrs',
    'secret_id_num_uses',
    'secret_id_ttl',
    'token_bound_cidrs',
    'token_ttl',
    'token_max_ttl',
    'token_explicit_max_ttl',
    'token_period',
    'token_num_uses',
    'token_type',
    'token_policies',
    'token_no_default_policy',
  ],
  vault_policy: ['namespace', 'name'],
  vault_audit: ['namespace', 'path', 'type', 'description', 'local', 'options'],
  // driver_opts may carry credentials (e.g. a CIFS password): names only.
  docker_volume: ['name', 'driver', 'labels'],
};


/** The attributes that make up a kind's key (what names the object on the server). */
export function keyAttributes(r: ResourceInstance): string[] {
  switch (KIND_BY_TYPE[r.type] ?? 'other') {
    case 'mount':
      return ['path'];
    case 'kv-config':
      return ['mount'];
    case 'transit-key':
      return ['backend', 'name'];
    case 'auth-backend':
    case 'audit':
      return r.attributes.path === undefined ? ['type'] : ['path'];
    case 'approle-role':
      return ['backend', 'role_name'];
    case 'policy':
      return ['name'];
    default:
      return typeof r.attributes.name === 'string' ? ['name'] : [];
  }
}

/**
 * Resources that claim the same server object, one sentence each: two policies whose names differ
 * only in case (Vault lower-cases policy names), two roles of one backend (role names are
 * case-insensitive too), two mounts, keys, auth methods, audit devices or docker volumes with one
 * key. The server keeps one of them, which one depends on the apply order, so the review cannot
 * say what results.
 */
export function duplicateObjects(resources: readonly ResourceInstance[]): string[] {
  const seen = new Map<string, ResourceInstance>();
  const out: string[] = [];
  for (const r of resources) {
    const id = identify(r);
    if (id.kind === 'other' && r.type !== 'docker_volume') continue;
    const caseless = id.kind === 'policy' || id.kind === 'approle-role';
    const ns = typeof r.attributes.namespace === 'string' ? r.attributes.namespace : '';
    const claim = `${r.type} ${ns} ${caseless ? id.key.toLowerCase() : id.key}`;
    const first = seen.get(claim);
    if (!first) {
      seen.set(claim, r);
      continue;
    }
    const what = id.kind === 'policy' ? 'policy' : id.kind === 'approle-role' ? 'role' : 'object';
    out.push(
      `${first.address} and ${r.address} both declare ${what} "${id.key}"${caseless ? ' (names compared case-insensitively, as Vault does)' : ''}: ` +
        'the server keeps one of them, and which one depends on the order Terraform applies them in; give each its own name',
    );
  }
  return out;
}

/** Identifies a resource by type and key attribute. Unknown types are keyed by their `name` attribute, else the logical id. */
export function identify(r: ResourceInstance): IdentifiedResource {
  const a = r.attributes;
  const kind = KIND_BY_TYPE[r.type] ?? 'other';
  let key: string;
  switch (kind) {
    case 'mount':
      key = trimSlashes(a.path);
      break;
    case 'kv-config':
      key = trimSlashes(a.mount);
      break;
    case 'transit-key':
      key = `${trimSlashes(a.backend)}/${String(a.name)}`;
      break;
    case 'auth-backend':
      key = trimSlashes(a.path ?? a.type);
      break;
    case 'approle-role':
      key = `${trimSlashes(a.backend ?? 'approle')}/${String(a.role_name)}`;
      break;
    case 'policy':
      key = String(a.name);
      break;
    case 'audit':
      key = trimSlashes(a.path ?? a.type);
      break;
    default:
      key = typeof a.name === 'string' ? a.name : r.logicalId;
  }
  return { kind, id: `${r.type} ${key}`, key, resource: r };
}
