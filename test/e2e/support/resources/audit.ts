// vault_audit (TFP 5.6.0 vault/resource_audit.go): Create = PUT sys/audit/:path {type,
// description, local, options} (path defaults to type); Read = the entry ":path/" of GET
// sys/audit (type, description, options; `local` is not returned and not compared). Every
// attribute is ForceNew: there is no Update, so any difference is a replacement (refused).
import { NAMESPACE, type ResourceHandler } from './types';

export const auditHandler: ResourceHandler = {
  type: 'vault_audit',
  schema: {
    namespace: NAMESPACE, // ForceNew in the provider; refused (notMirrored)
    type: { kind: 'string', forceNew: true },
    path: { kind: 'string', forceNew: true },
    description: { kind: 'string', forceNew: true },
    local: { kind: 'bool', forceNew: true, equals: () => true },
    options: { kind: 'map', forceNew: true },
  },
  notMirrored: { namespace: 'namespaces are Vault Enterprise' },
  id: (d) => String(d.path ?? d.type),
  async read(client, id) {
    const audits = (await client.get('sys/audit')).data as Record<string, Record<string, unknown>>;
    const a = audits[`${id}/`];
    if (!a) return undefined;
    return { path: id, type: a.type, description: a.description ?? '', options: a.options ?? {} };
  },
  async create(client, d) {
    await client.put(`sys/audit/${auditHandler.id(d)}`, { type: d.type, description: d.description ?? '', local: d.local ?? false, options: d.options ?? {} });
  },
  async update() {
    throw new Error('vault_audit has no update in the provider (every attribute is ForceNew)');
  },
};
