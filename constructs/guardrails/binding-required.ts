// HC-CIDR-3: in production every AppRole role has both bindings (a role made without the AppRole
// construct, which refuses empty bindings in every environment, is still checked).
import { bindingFields } from './approle-bindings';
import { Guardrail } from './guardrail';

export const bindingRequired: Guardrail = {
  id: 'HC-CIDR-3',
  level: 'error',
  description: 'In production every AppRole has secret_id_bound_cidrs and token_bound_cidrs',
  check(node, { production }) {
    if (!production) return [];
    return bindingFields(node)
      .filter(({ cidrs }) => !cidrs || cidrs.length === 0)
      .map(({ field, cidrs }) => ({ field, value: cidrs ?? null, message: 'is missing in production; bind the role to the CIDRs of the servers that use it' }));
  },
};
