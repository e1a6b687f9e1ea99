// vault_auth_backend (TFP 5.6.0 vault/resource_auth_backend.go): Create = POST sys/auth/:path
// {type, description, local} (path defaults to type), then, when a `tune` block is set, POST
// sys/mounts/auth/:path/tune with its non-null fields (durations as written); Read = GET
// sys/mounts/auth/:path (vault/api GetAuthWithContext behind mountutil.GetAuthMount) and then
// GET sys/mounts/auth/:path/tune (authMountTuneGet). A policy for Terraform needs both paths:
// measured with the real provider, a token without them gets 403 at plan time. Id = path.
// disable_remount is a provider-side guard with no API call: accepted, nothing to send.
import { parseDurationSeconds as durationSeconds } from '../../../../model/duration';
import { NAMESPACE, type Attributes, type ResourceHandler } from './types';

const TUNE_FIELDS = ['default_lease_ttl', 'max_lease_ttl', 'listing_visibility', 'token_type', 'audit_non_hmac_request_keys',
  'audit_non_hmac_response_keys', 'passthrough_request_headers', 'allowed_response_headers'] as const;
const DURATIONS = new Set(['default_lease_ttl', 'max_lease_ttl']);

function desiredTune(d: Attributes): Record<string, unknown> | undefined {
  const t = d.tune;
  if (t === undefined) return undefined;
  if (!Array.isArray(t) || t.length !== 1 || typeof t[0] !== 'object' || t[0] === null) throw new Error('vault_auth_backend.tune must be one block');
  const block = t[0] as Record<string, unknown>;
  for (const k of Object.keys(block)) if (!(TUNE_FIELDS as readonly string[]).includes(k)) throw new Error(`vault_auth_backend.tune.${k} is not mirrored by the fixture`);
  return Object.fromEntries(Object.entries(block).filter(([, v]) => v !== null && v !== undefined));
}

/** Compares only the tune fields the config sets; durations by their value in seconds, lists as sets. */
function tuneEquals(desired: unknown, actual: unknown): boolean {
  const want = desiredTune({ tune: desired });
  const have = (Array.isArray(actual) ? actual[0] : {}) as Record<string, unknown>;
  if (!want) return true;
  return Object.entries(want).every(([k, v]) => {
    if (DURATIONS.has(k)) return durationSeconds(v as string | number) === durationSeconds((have[k] ?? 0) as string | number);
    if (Array.isArray(v)) return JSON.stringify([...v].sort()) === JSON.stringify([...((have[k] as unknown[]) ?? [])].sort());
    return v === have[k];
  });
}

export const authBackendHandler: ResourceHandler = {
  type: 'vault_auth_backend',
  schema: {
    namespace: NAMESPACE, // ForceNew in the provider; refused (notMirrored)
    type: { kind: 'string', forceNew: true },
    path: { kind: 'string', forceNew: true },
    description: { kind: 'string' },
    local: { kind: 'bool', forceNew: true },
    disable_remount: { kind: 'bool', default: false, equals: () => true },
    tune: { kind: 'block', equals: tuneEquals },
    accessor: { kind: 'string', computedOnly: true },
  },
  notMirrored: { identity_token_key: 'plugin WIF is not part of this stack', namespace: 'namespaces are Vault Enterprise' },
  id: (d) => String(d.path ?? d.type),
  async read(client, id) {
    const res = await client.raw('GET', `sys/mounts/auth/${id}`);
    if (res.status === 400 || res.status === 404) return undefined; // "No auth engine at …"
    if (res.status !== 200) throw new Error(`GET sys/mounts/auth/${id} -> HTTP ${res.status}: ${(res.body.errors ?? []).join('; ')}`);
    const a = (res.body.data ?? res.body) as Record<string, unknown>;
    const tuneRes = await client.raw('GET', `sys/mounts/auth/${id}/tune`);
    if (tuneRes.status !== 200) throw new Error(`GET sys/mounts/auth/${id}/tune -> HTTP ${tuneRes.status}: ${(tuneRes.body.errors ?? []).join('; ')}`);
    const tune = (tuneRes.body.data ?? tuneRes.body) as Record<string, unknown>;
    return {
      type: a.type, path: id, description: a.description ?? '', local: a.local ?? false, accessor: a.accessor,
      tune: [Object.fromEntries(TUNE_FIELDS.map((k) => [k, tune[k]]))],
    };
  },
  async create(client, d) {
    const path = authBackendHandler.id(d);
    await client.post(`sys/auth/${path}`, { type: d.type, description: d.description ?? '', local: d.local ?? false });
    const tune = desiredTune(d);
    if (tune && Object.keys(tune).length > 0) await client.post(`sys/mounts/auth/${path}/tune`, tune);
  },
  async update(client, id, d, _current, changed) {
    const body: Record<string, unknown> = { ...(changed.includes('tune') ? desiredTune(d) : {}) };
    if (changed.includes('description')) body.description = d.description ?? '';
    if (Object.keys(body).length > 0) await client.post(`sys/mounts/auth/${id}/tune`, body);
  },
};
