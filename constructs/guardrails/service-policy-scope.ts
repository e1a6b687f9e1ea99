// HC-POLICY-2: service policies never hold sudo and never a path made only of wildcards.
import { isBareWildcardPath } from '../../model/policy-path';
import { VaultPolicy } from '../vault-policy';
import { Guardrail, Violation } from './guardrail';
import { synthesizedPolicy } from './policy-text';

export const servicePolicyScope: Guardrail = {
  id: 'HC-POLICY-2',
  level: 'error',
  description: 'Service policies hold no sudo capability and no bare wildcard path',
  check(node, ctx) {
    const owner = node.node.scope;
    if (!VaultPolicy.isVaultPolicy(owner) || owner.kind !== 'service') return [];
    const out: Violation[] = [];
    for (const rule of synthesizedPolicy(node, ctx)?.rules ?? []) {
      if (rule.capabilities.has('sudo')) {
        out.push({ field: `path "${rule.pattern}".capabilities`, value: 'sudo', message: 'gives a service root-protected endpoints; services never need sudo, remove it' });
      }
      if (isBareWildcardPath(rule.pattern)) {
        out.push({ field: 'path', value: rule.pattern, message: "matches every path in Vault; grant the service's own paths (e.g. kv.grantRead(policy, 'hoodcloud/<service>/*'))" });
      }
    }
    return out;
  },
};
