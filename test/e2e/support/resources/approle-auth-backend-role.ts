// vault_approle_auth_backend_role (TFP 5.6.0 vault/resource_approle_auth_backend_role.go):
// Create = POST auth/:backend/role/:role_name with the token_* fields that are set (seconds),
// bind_secret_id, secret_id_num_uses and secret_id_ttl when non-zero, secret_id_bound_cidrs when
// set; then POST …/role-id only if role_id is set. Update = POST with the changed fields.
// Read = GET auth/:backend/role/:role_name + GET …/role-id (role_id is computed).
// Id = "auth/:backend/role/:role_name". The server stores a single-host token_bound_cidrs entry
// without its prefix; the provider's Read (handleCIDRField, vault/auth_token.go) keeps an entry the
// config has as written and re-adds /32 (IPv4) or /128 (IPv6) to any other bare address.
import { isIP } from 'node:net';
import { trimSlashes } from '../../../../model/mount-paths';
import { NAMESPACE, readOrUndefined, type Attributes, type ResourceHandler } from './types';

/** token_bound_cidrs as the provider puts them in state after reading the role. */
function providerTokenCidrs(server: unknown, desired: unknown): unknown {
  if (!Array.isArray(server)) return server;
  const configured = new Set(Array.isArray(desired) ? desired.map(String) : []);
  return server.map(String).map((addr) => {
    if (configured.has(addr) || addr.includes('/')) return addr;
    return `${addr}/${isIP(addr) === 6 ? 128 : 32}`;
  });
}

const TOKEN_FIELDS = ['token_bound_cidrs', 'token_explicit_max_ttl', 'token_max_ttl', 'token_no_default_policy', 'token_num_uses',
  'token_period', 'token_policies', 'token_ttl', 'token_type'] as const;
const ROLE_FIELDS = ['bind_secret_id', 'secret_id_bound_cidrs', 'secret_id_num_uses', 'secret_id_ttl'] as const;

export const approleAuthBackendRoleHandler: ResourceHandler = {
  type: 'vault_approle_auth_backend_role',
  schema: {
    namespace: NAMESPACE, // ForceNew in the provider; refused (notMirrored)
    backend: { kind: 'string', default: 'approle', forceNew: true },
    role_name: { kind: 'string', forceNew: true },
    role_id: { kind: 'string' }, // Optional+Computed: compared only when the config sets it
    bind_secret_id: { kind: 'bool', default: true },
    secret_id_bound_cidrs: { kind: 'set' },
    secret_id_num_uses: { kind: 'int' },
    secret_id_ttl: { kind: 'int' },
    token_bound_cidrs: { kind: 'set' },
    token_explicit_max_ttl: { kind: 'int' },
    token_max_ttl: { kind: 'int' },
    token_no_default_policy: { kind: 'bool' },
    token_num_uses: { kind: 'int' },
    token_period: { kind: 'int' },
    token_policies: { kind: 'set' },
    token_ttl: { kind: 'int' },
    token_type: { kind: 'string' },
  },
  notMirrored: { alias_metadata: 'not part of this stack (Vault Enterprise 1.21+)', namespace: 'namespaces are Vault Enterprise' },
  id: (d) => `auth/${trimSlashes(d.backend ?? 'approle')}/role/${trimSlashes(d.role_name)}`,
  async read(client, id, desired) {
    const r = await readOrUndefined(client, id);
    if (!r) return undefined;
    const [, backend, role] = /^auth\/(.+)\/role\/(.+)$/.exec(id)!;
    const out: Attributes = { backend, role_name: role };
    for (const k of [...TOKEN_FIELDS, ...ROLE_FIELDS]) if (k in r) out[k] = r[k];
    if ('token_bound_cidrs' in out) out.token_bound_cidrs = providerTokenCidrs(out.token_bound_cidrs, desired.token_bound_cidrs);
    const rid = await readOrUndefined(client, `${id}/role-id`);
    if (rid) out.role_id = rid.role_id;
    return out;
  },
  async create(client, d) {
    const path = approleAuthBackendRoleHandler.id(d);
    const body: Record<string, unknown> = {};
    for (const k of TOKEN_FIELDS) if (d[k] !== undefined) body[k] = d[k];
    body.bind_secret_id = d.bind_secret_id ?? true;
    if (d.secret_id_num_uses) body.secret_id_num_uses = d.secret_id_num_uses;
    if (d.secret_id_ttl) body.secret_id_ttl = d.secret_id_ttl;
    if (d.secret_id_bound_cidrs !== undefined) body.secret_id_bound_cidrs = d.secret_id_bound_cidrs;
    await client.post(path, body);
    if (d.role_id !== undefined) await client.post(`${path}/role-id`, { role_id: d.role_id });
  },
  async update(client, id, d, _current, changed) {
    const body: Record<string, unknown> = {};
    for (const k of [...TOKEN_FIELDS, ...ROLE_FIELDS]) if (changed.includes(k)) body[k] = d[k] ?? (k === 'bind_secret_id' ? true : null);
    if (Object.keys(body).length > 0) await client.post(id, body);
    if (changed.includes('role_id')) await client.post(`${id}/role-id`, { role_id: d.role_id });
  },
};
