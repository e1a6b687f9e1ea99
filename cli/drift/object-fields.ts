// The fields drift compares for each kind of object, with the value each takes when the
// configuration leaves it out: the server's default (a field Terraform marks as computed keeps
// whatever the server has, so a plan never shows it; drift does). Declared attribute names are
// terraform-provider-vault 5.6.0's; live names are the API's.
import { FieldSpec } from './field-values';

/** vault_approle_auth_backend_role against `GET auth/<backend>/role/<name>`. */
export const ROLE_FIELDS: readonly FieldSpec[] = [
  { name: 'token_policies', kind: 'set', default: [] },
  { name: 'bind_secret_id', kind: 'bool', default: true },
  { name: 'secret_id_bound_cidrs', kind: 'cidrs', default: [] },
  { name: 'token_bound_cidrs', kind: 'cidrs', default: [] },
  { name: 'secret_id_num_uses', kind: 'int', default: 0 },
  { name: 'secret_id_ttl', kind: 'seconds', default: 0 },
  { name: 'token_ttl', kind: 'seconds', default: 0 },
  { name: 'token_max_ttl', kind: 'seconds', default: 0 },
  { name: 'token_explicit_max_ttl', kind: 'seconds', default: 0 },
  { name: 'token_period', kind: 'seconds', default: 0 },
  { name: 'token_num_uses', kind: 'int', default: 0 },
  { name: 'token_type', kind: 'string', default: 'default' },
  { name: 'token_no_default_policy', kind: 'bool', default: false },
  // Not provider attributes: server settings the configuration leaves at their defaults.
  { name: 'local_secret_ids', kind: 'bool', default: false },
  { name: 'token_strictly_bind_ip', kind: 'bool', default: false },
];

/** vault_transit_secret_backend_key against `GET <backend>/keys/<name>`. */
export const TRANSIT_KEY_FIELDS: readonly FieldSpec[] = [
  { name: 'type', kind: 'string', default: 'aes256-gcm96' },
  { name: 'exportable', kind: 'bool', default: false },
  { name: 'allow_plaintext_backup', kind: 'bool', default: false },
  { name: 'deletion_allowed', kind: 'bool', default: false },
  { name: 'derived', kind: 'bool', default: false },
  { name: 'convergent_encryption', kind: 'bool', default: false },
  { name: 'auto_rotate_period', kind: 'seconds', default: 0 },
  { name: 'min_decryption_version', kind: 'int', default: 1 },
  { name: 'min_encryption_version', kind: 'int', default: 0 },
  // OpenBao: a soft-deleted key refuses every operation until it is restored.
  { name: 'soft_deleted', kind: 'bool', default: false },
];

/** The mount-wide fields of vault_mount against its `GET sys/mounts` entry. */
export const MOUNT_FIELDS: readonly FieldSpec[] = [
  { name: 'type', kind: 'string', default: '' },
  { name: 'description', kind: 'string', default: '' },
  // Only the KV version is known not to be secret; other plugin options are shown as set or not.
  { name: 'options', kind: 'map', default: {}, printableKeys: ['version'] },
  { name: 'local', kind: 'bool', default: false },
  { name: 'seal_wrap', kind: 'bool', default: false },
  { name: 'external_entropy_access', kind: 'bool', default: false },
  { name: 'plugin_version', kind: 'string', default: '' },
];

/** The tunable settings shared by secrets engines and auth methods (`config` of the mount entry). */
const TUNE_LISTS: readonly FieldSpec[] = [
  { name: 'audit_non_hmac_request_keys', kind: 'set', default: [], live: 'config.audit_non_hmac_request_keys' },
  { name: 'audit_non_hmac_response_keys', kind: 'set', default: [], live: 'config.audit_non_hmac_response_keys' },
  { name: 'listing_visibility', kind: 'string', default: '', sameAsDefault: ['hidden'], live: 'config.listing_visibility' },
  { name: 'passthrough_request_headers', kind: 'set', default: [], live: 'config.passthrough_request_headers' },
  { name: 'allowed_response_headers', kind: 'set', default: [], live: 'config.allowed_response_headers' },
];

/** vault_mount's tune attributes against `config` of its `GET sys/mounts` entry (0 = the system default). */
export const MOUNT_TUNE_FIELDS: readonly FieldSpec[] = [
  { name: 'default_lease_ttl', kind: 'seconds', default: 0, declared: 'default_lease_ttl_seconds', live: 'config.default_lease_ttl' },
  { name: 'max_lease_ttl', kind: 'seconds', default: 0, declared: 'max_lease_ttl_seconds', live: 'config.max_lease_ttl' },
  { name: 'force_no_cache', kind: 'bool', default: false, live: 'config.force_no_cache' },
  ...TUNE_LISTS,
  { name: 'delegated_auth_accessors', kind: 'set', default: [], live: 'config.delegated_auth_accessors' },
];

/** vault_auth_backend against its `GET sys/auth` entry. */
export const AUTH_METHOD_FIELDS: readonly FieldSpec[] = [
  { name: 'type', kind: 'string', default: '' },
  { name: 'description', kind: 'string', default: '' },
  { name: 'local', kind: 'bool', default: false },
  { name: 'seal_wrap', kind: 'bool', default: false },
  { name: 'options', kind: 'map', default: {}, printableKeys: [] },
];

/** The `tune` block of vault_auth_backend (durations as strings) against `config` of its `GET sys/auth` entry. */
export const AUTH_TUNE_FIELDS: readonly FieldSpec[] = [
  { name: 'default_lease_ttl', kind: 'seconds', default: 0, live: 'config.default_lease_ttl' },
  { name: 'max_lease_ttl', kind: 'seconds', default: 0, live: 'config.max_lease_ttl' },
  { name: 'force_no_cache', kind: 'bool', default: false, live: 'config.force_no_cache' },
  { name: 'token_type', kind: 'string', default: 'default-service', live: 'config.token_type' },
  ...TUNE_LISTS,
];

/** vault_kv_secret_backend_v2 against `GET <mount>/config`. */
export const KV_SETTINGS_FIELDS: readonly FieldSpec[] = [
  { name: 'max_versions', kind: 'int', default: 0 },
  { name: 'cas_required', kind: 'bool', default: false },
  { name: 'delete_version_after', kind: 'seconds', default: 0 },
];

/** Options of a file audit device that are configuration, never secrets; others are shown as `(set)`. */
const PRINTABLE_AUDIT_OPTIONS = ['file_path', 'mode', 'format', 'log_raw', 'hmac_accessor', 'prefix', 'elide_list_responses', 'fallback', 'filter', 'exclude'];

/** vault_audit against its `GET sys/audit` entry. */
export const AUDIT_DEVICE_FIELDS: readonly FieldSpec[] = [
  { name: 'type', kind: 'string', default: '' },
  { name: 'description', kind: 'string', default: '' },
  { name: 'local', kind: 'bool', default: false },
  { name: 'options', kind: 'map', default: {}, printableKeys: PRINTABLE_AUDIT_OPTIONS },
];
