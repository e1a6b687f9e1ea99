// How the review recognises Vault resources in synthesized Terraform JSON: by type and key
// attribute (mount path, key backend/name, auth path, role backend/name, policy name, audit path),
// never by the generated logical id; and which attribute changes force Terraform to replace the
// resource (ForceNew in terraform-provider-vault 5.6: vault/resource_*.go and website/docs/r/*;
// docker_volume from terraform-provider-docker).
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

/** Attributes whose change replaces the resource (destroy + create). The key attribute is not listed: a new key is a different resource. */
export const FORCE_NEW_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  vault_mount: ['type', 'local', 'seal_wrap', 'external_entropy_access'],
  vault_kv_secret_backend_v2: [],
  vault_transit_secret_backend_key: ['type', 'derived', 'convergent_encryption', 'key_size'],
  vault_auth_backend: ['type', 'local'],
  vault_approle_auth_backend_role: [],
  vault_policy: [],
  vault_audit: ['type', 'description', 'local', 'options'],
  // terraform-provider-docker (kreuzwerker) resource_docker_volume.go: every argument is ForceNew, and delete force-removes the volume.
  docker_volume: ['driver', 'driver_opts', 'labels'],
};

/** Attributes the review may print values of (everything else: names only, values may be secret). */
export const PRINTABLE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  vault_mount: ['path', 'type', 'description', 'options', 'local', 'seal_wrap', 'external_entropy_access', 'default_lease_ttl_seconds', 'max_lease_ttl_seconds', 'listing_visibility'],
  vault_kv_secret_backend_v2: ['mount', 'max_versions', 'cas_required', 'delete_version_after'],
  vault_transit_secret_backend_key: [
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
  vault_auth_backend: ['path', 'type', 'description', 'local', 'tune'],
  vault_approle_auth_backend_role: [
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
  vault_policy: ['name'],
  vault_audit: ['path', 'type', 'description', 'local', 'options'],
  // driver_opts may carry credentials (e.g. a CIFS password): names only.
  docker_volume: ['name', 'driver', 'labels'],
};


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
