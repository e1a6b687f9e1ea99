// vault_transit_secret_backend_key (TFP 5.6.0 vault/resource_transit_secret_backend_key.go):
// Create = POST :backend/keys/:name {type, derived, convergent_encryption, auto_rotate_period,
// key_size}, then POST :backend/keys/:name/config {min_decryption_version, "min_encryption_versoin"
// (sic: the provider's typo, so the server ignores it and a non-zero min_encryption_version only
// lands on a later update), deletion_allowed, exportable, allow_plaintext_backup,
// auto_rotate_period}; Update = POST …/config with the six fields spelled right; Read = GET
// :backend/keys/:name. Id = ":backend/keys/:name". exportable/allow_plaintext_backup true→false
// forces a replacement (the fixture refuses).
import { trimSlashes } from '../../../../model/mount-paths';
import { NAMESPACE, readOrUndefined, type Attributes, type ResourceHandler } from './types';

const oneWay = (desired: unknown, actual: unknown) => actual === true && desired === false;

export const transitSecretBackendKeyHandler: ResourceHandler = {
  type: 'vault_transit_secret_backend_key',
  schema: {
    namespace: NAMESPACE, // ForceNew in the provider; refused (notMirrored)
    backend: { kind: 'string', forceNew: true },
    name: { kind: 'string', forceNew: true },
    type: { kind: 'string', default: 'aes256-gcm96', forceNew: true },
    deletion_allowed: { kind: 'bool', default: false },
    derived: { kind: 'bool', default: false, forceNew: true },
    convergent_encryption: { kind: 'bool', default: false, forceNew: true },
    exportable: { kind: 'bool', default: false, forceNewWhen: oneWay },
    allow_plaintext_backup: { kind: 'bool', default: false, forceNewWhen: oneWay },
    auto_rotate_period: { kind: 'int' },
    key_size: { kind: 'int', default: 0 },
    min_decryption_version: { kind: 'int', default: 1 },
    min_encryption_version: { kind: 'int', default: 0 },
    latest_version: { kind: 'int', computedOnly: true },
    min_available_version: { kind: 'int', computedOnly: true },
    supports_encryption: { kind: 'bool', computedOnly: true },
    supports_decryption: { kind: 'bool', computedOnly: true },
    supports_derivation: { kind: 'bool', computedOnly: true },
    supports_signing: { kind: 'bool', computedOnly: true },
  },
  notMirrored: {
    parameter_set: 'ML-DSA keys are not part of this stack',
    hybrid_key_type_ec: 'hybrid keys are not part of this stack',
    hybrid_key_type_pqc: 'hybrid keys are not part of this stack',
    namespace: 'namespaces are Vault Enterprise',
  },
  id: (d) => `${trimSlashes(d.backend)}/keys/${trimSlashes(d.name)}`,
  async read(client, id) {
    const k = await readOrUndefined(client, id);
    if (!k) return undefined;
    const [, backend, name] = /^(.+)\/keys\/(.+)$/.exec(id)!;
    const out: Attributes = { backend, name, convergent_encryption: typeof k.convergent_encryption === 'boolean' ? k.convergent_encryption : false };
    for (const f of ['latest_version', 'min_available_version', 'min_decryption_version', 'min_encryption_version', 'allow_plaintext_backup',
      'deletion_allowed', 'derived', 'exportable', 'supports_decryption', 'supports_derivation', 'supports_encryption', 'supports_signing', 'type', 'auto_rotate_period']) {
      if (f in k) out[f] = k[f];
    }
    // The provider sets key_size only when the server returns one (hmac keys).
    if (k.key_size !== undefined && k.key_size !== null) out.key_size = k.key_size;
    return out;
  },
  async create(client, d) {
    const path = transitSecretBackendKeyHandler.id(d);
    const autoRotatePeriod = d.auto_rotate_period ?? 0;
    await client.post(path, {
      convergent_encryption: d.convergent_encryption ?? false, derived: d.derived ?? false, type: d.type ?? 'aes256-gcm96',
      auto_rotate_period: autoRotatePeriod, key_size: d.key_size ?? 0,
    });
    await client.post(`${path}/config`, {
      min_decryption_version: d.min_decryption_version ?? 1,
      min_encryption_versoin: d.min_encryption_version ?? 0, // sic, as the provider sends it
      deletion_allowed: d.deletion_allowed ?? false, exportable: d.exportable ?? false,
      allow_plaintext_backup: d.allow_plaintext_backup ?? false, auto_rotate_period: autoRotatePeriod,
    });
  },
  async update(client, id, d, current) {
    await client.post(`${id}/config`, {
      min_decryption_version: d.min_decryption_version ?? 1, min_encryption_version: d.min_encryption_version ?? 0,
      deletion_allowed: d.deletion_allowed ?? false, exportable: d.exportable ?? false,
      allow_plaintext_backup: d.allow_plaintext_backup ?? false, auto_rotate_period: d.auto_rotate_period ?? current.auto_rotate_period ?? 0,
    });
  },
};
