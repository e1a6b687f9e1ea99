// vault_mount (TFP 5.6.0 vault/resource_mount.go): Create = POST sys/mounts/:path with
// config.default_lease_ttl/max_lease_ttl as "<n>s"; Read = GET sys/mounts/:path (type "kv" with
// options.version "2" is reported as "kv-v2" when the config says kv-v2); Update = POST
// sys/mounts/:path/tune with both TTLs, options and (if changed) description. Id = path.
import { NAMESPACE, type Attributes, type ResourceHandler } from './types';

const listKeys = ['audit_non_hmac_request_keys', 'audit_non_hmac_response_keys', 'passthrough_request_headers', 'allowed_response_headers'] as const;

export const mountHandler: ResourceHandler = {
  type: 'vault_mount',
  schema: {
    namespace: NAMESPACE, // ForceNew in the provider; refused (notMirrored)
    path: { kind: 'string', forceNew: true }, // a path change is a remount in the provider; the fixture refuses it
    type: { kind: 'string', forceNew: true },
    description: { kind: 'string' },
    default_lease_ttl_seconds: { kind: 'int' },
    max_lease_ttl_seconds: { kind: 'int' },
    options: { kind: 'map' },
    local: { kind: 'bool', forceNew: true },
    seal_wrap: { kind: 'bool', forceNew: true },
    external_entropy_access: { kind: 'bool', default: false, forceNew: true },
    listing_visibility: { kind: 'string' },
    audit_non_hmac_request_keys: { kind: 'list' },
    audit_non_hmac_response_keys: { kind: 'list' },
    passthrough_request_headers: { kind: 'list' },
    allowed_response_headers: { kind: 'list' },
    accessor: { kind: 'string', computedOnly: true },
  },
  notMirrored: {
    plugin_version: 'external plugins are not part of this stack',
    identity_token_key: 'plugin WIF is not part of this stack',
    delegated_auth_accessors: 'not part of this stack',
    allowed_managed_keys: 'managed keys are Vault Enterprise',
    force_no_cache: 'not part of this stack',
    namespace: 'namespaces are Vault Enterprise',
  },
  id: (d) => String(d.path),
  async read(client, id, desired) {
    const res = await client.raw('GET', `sys/mounts/${id}`);
    if (res.status === 400 || res.status === 404) return undefined; // "No secret engine mount at …"
    if (res.status !== 200) throw new Error(`GET sys/mounts/${id} -> HTTP ${res.status}: ${(res.body.errors ?? []).join('; ')}`);
    const m = (res.body.data ?? res.body) as Record<string, unknown>;
    const config = (m.config ?? {}) as Record<string, unknown>;
    let type = m.type;
    const options = { ...((m.options ?? {}) as Record<string, string>) };
    if (desired.type === 'kv-v2' && type === 'kv' && options.version === '2') {
      type = 'kv-v2';
      if (!(desired.options as Record<string, string> | undefined)?.version) delete options.version;
    }
    const out: Attributes = {
      path: id, type, description: m.description ?? '', options, local: m.local ?? false, seal_wrap: m.seal_wrap ?? false,
      external_entropy_access: m.external_entropy_access ?? false, accessor: m.accessor,
      default_lease_ttl_seconds: config.default_lease_ttl, max_lease_ttl_seconds: config.max_lease_ttl,
      listing_visibility: config.listing_visibility ?? '',
    };
    for (const k of listKeys) out[k] = config[k] ?? [];
    return out;
  },
  async create(client, d) {
    const config: Record<string, unknown> = {
      default_lease_ttl: `${d.default_lease_ttl_seconds ?? 0}s`,
      max_lease_ttl: `${d.max_lease_ttl_seconds ?? 0}s`,
    };
    if (d.listing_visibility !== undefined) config.listing_visibility = d.listing_visibility;
    for (const k of listKeys) if (d[k] !== undefined) config[k] = d[k];
    await client.post(`sys/mounts/${d.path}`, {
      type: d.type, description: d.description ?? '', config, local: d.local ?? false, options: d.options ?? {},
      seal_wrap: d.seal_wrap ?? false, external_entropy_access: d.external_entropy_access ?? false,
    });
  },
  async update(client, id, d, current, changed) {
    const body: Record<string, unknown> = {
      default_lease_ttl: `${d.default_lease_ttl_seconds ?? current.default_lease_ttl_seconds ?? 0}s`,
      max_lease_ttl: `${d.max_lease_ttl_seconds ?? current.max_lease_ttl_seconds ?? 0}s`,
      options: d.options ?? {},
    };
    if (changed.includes('description')) body.description = d.description ?? '';
    if (changed.includes('listing_visibility')) body.listing_visibility = d.listing_visibility;
    for (const k of listKeys) if (changed.includes(k)) body[k] = d[k];
    await client.post(`sys/mounts/${id}/tune`, body);
  },
};
