// HC-DATA-1: in production, data-bearing resources carry lifecycle.prevent_destroy.
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { TerraformResource } from 'cdktf';
import { allNodes, Guardrail, Violation } from './guardrail';

/** Transit keys and the mounts that hold secrets or keys: replacing them destroys data. */
function holdsData(node: unknown): node is TerraformResource {
  if (node instanceof TransitSecretBackendKey) return true;
  return node instanceof Mount && ['kv', 'kv-v2', 'transit'].includes(node.typeInput ?? '');
}

export const preventDestroyInProduction: Guardrail = {
  id: 'HC-DATA-1',
  description: 'In production, transit keys and the KV and transit mounts have lifecycle.prevent_destroy',
  check({ stack, production }) {
    const out: Violation[] = [];
    if (!production) return out;
    for (const node of allNodes(stack).filter(holdsData)) {
      if (node.lifecycle?.preventDestroy !== true) {
        out.push({
          construct: node,
          field: 'lifecycle.prevent_destroy',
          value: node.lifecycle?.preventDestroy ?? null,
          message: 'is not set in production; destroying or replacing this resource loses data, set preventDestroy: true',
        });
      }
    }
    return out;
  },
};
