// HC-DATA-1: in production, data-bearing resources carry lifecycle.prevent_destroy.
import { IConstruct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { Guardrail } from './guardrail';

/** Transit keys and the mounts that hold secrets or keys: replacing them destroys data. */
function holdsData(node: IConstruct): node is TerraformResource {
  if (node instanceof TransitSecretBackendKey) return true;
  return node instanceof Mount && ['kv', 'kv-v2', 'transit'].includes(node.typeInput ?? '');
}

export const preventDestroyInProduction: Guardrail = {
  id: 'HC-DATA-1',
  level: 'error',
  description: 'In production, transit keys and the KV and transit mounts have lifecycle.prevent_destroy',
  check(node, { production }) {
    if (!production || !holdsData(node) || node.lifecycle?.preventDestroy === true) return [];
    return [{
      field: 'lifecycle.prevent_destroy',
      value: node.lifecycle?.preventDestroy ?? null,
      message: 'is not set in production; destroying or replacing this resource loses data, set preventDestroy: true',
    }];
  },
};
