// HC-POLICY-2: service policies never hold sudo and never a path made only of wildcards.
import { VaultPolicy } from '../vault-policy';
import { allNodes, Guardrail, Violation } from './guardrail';

/** `*`, `+`, `+/*`, `+/+`...: a path that names no mount at all. */
export function isBareWildcardPath(path: string): boolean {
  return path.split('/').every((segment) => segment === '*' || segment === '+' || segment === '');
}

export const servicePolicyScope: Guardrail = {
  id: 'HC-POLICY-2',
  description: 'Service policies hold no sudo capability and no bare wildcard path',
  check({ stack }) {
    const out: Violation[] = [];
    for (const policy of allNodes(stack).filter(VaultPolicy.isVaultPolicy)) {
      if (policy.kind !== 'service') continue;
      for (const rule of policy.document.rules) {
        if (rule.capabilities.includes('sudo')) {
          out.push({ construct: policy, field: `path "${rule.path}".capabilities`, value: 'sudo', message: 'gives a service root-protected endpoints; services never need sudo, remove it' });
        }
        if (isBareWildcardPath(rule.path)) {
          out.push({ construct: policy, field: 'path', value: rule.path, message: "matches every path in Vault; grant the service's own paths (e.g. kv.grantRead(policy, 'hoodcloud/<service>/*'))" });
        }
      }
    }
    return out;
  },
};
