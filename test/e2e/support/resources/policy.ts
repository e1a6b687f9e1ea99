// vault_policy (TFP 5.6.0 vault/resource_policy.go): Create/Update = PUT sys/policies/acl/:name
// {policy}; Read = GET sys/policies/acl/:name (policy text compared as stored). Id = name.
import { NAMESPACE, readOrUndefined, type ResourceHandler } from './types';

export const policyHandler: ResourceHandler = {
  type: 'vault_policy',
  schema: { namespace: NAMESPACE, name: { kind: 'string', forceNew: true }, policy: { kind: 'string' } },
  notMirrored: { namespace: 'namespaces are Vault Enterprise' },
  id: (d) => String(d.name),
  async read(client, id) {
    const p = await readOrUndefined(client, `sys/policies/acl/${id}`);
    return p ? { name: p.name, policy: p.policy } : undefined;
  },
  create: async (client, d) => { await client.put(`sys/policies/acl/${d.name}`, { policy: d.policy }); },
  update: async (client, id, d) => { await client.put(`sys/policies/acl/${id}`, { policy: d.policy }); },
};
