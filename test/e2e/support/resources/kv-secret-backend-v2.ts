// vault_kv_secret_backend_v2 (TFP 5.6.0 vault/resource_kv_secret_backend_v2.go): Create and
// Update are the same call, POST :mount/config with max_versions, cas_required and
// delete_version_after (int seconds); Read = GET :mount/config, delete_version_after parsed from
// a Go duration back to seconds. Id = ":mount/config". Destroy is a no-op in the provider.
import { parseDurationSeconds as durationSeconds } from '../../../../model/duration';
import { NAMESPACE, readOrUndefined, type Attributes, type ResourceHandler } from './types';
import type { VaultClient } from '../../../../vault-api/client';

async function write(client: VaultClient, d: Attributes, current: Attributes = {}): Promise<void> {
  await client.post(`${d.mount}/config`, {
    max_versions: d.max_versions ?? current.max_versions ?? 0,
    cas_required: d.cas_required ?? current.cas_required ?? false,
    delete_version_after: d.delete_version_after ?? 0,
  });
}

export const kvSecretBackendV2Handler: ResourceHandler = {
  type: 'vault_kv_secret_backend_v2',
  schema: {
    namespace: NAMESPACE, // ForceNew in the provider; refused (notMirrored)
    mount: { kind: 'string', forceNew: true },
    max_versions: { kind: 'int' },
    cas_required: { kind: 'bool' },
    delete_version_after: { kind: 'int' },
  },
  notMirrored: { namespace: 'namespaces are Vault Enterprise' },
  id: (d) => `${d.mount}/config`,
  async read(client, id) {
    const c = await readOrUndefined(client, id);
    if (!c) return undefined;
    const out: Attributes = { mount: id.replace(/\/config$/, ''), max_versions: c.max_versions, cas_required: c.cas_required };
    if (c.delete_version_after !== undefined && c.delete_version_after !== null) out.delete_version_after = durationSeconds(c.delete_version_after as string | number);
    return out;
  },
  create: (client, d) => write(client, d),
  update: (client, _id, d, current) => write(client, d, current),
};
