// HC-POLICY-1: only capabilities both Vault and OpenBao accept.
import { isPortableCapability, PORTABLE_CAPABILITIES } from '../../policies/capabilities';
import { VaultPolicy } from '../vault-policy';
import { allNodes, Guardrail, Violation } from './guardrail';

export const portableCapabilities: Guardrail = {
  id: 'HC-POLICY-1',
  description: `Policies use only the portable capabilities (${PORTABLE_CAPABILITIES.join(', ')})`,
  check({ stack }) {
    const out: Violation[] = [];
    for (const policy of allNodes(stack).filter(VaultPolicy.isVaultPolicy)) {
      for (const rule of policy.document.rules) {
        for (const cap of rule.capabilities.filter((c) => !isPortableCapability(c))) {
          out.push({
            construct: policy,
            field: `path "${rule.path}".capabilities`,
            value: cap,
            message: `is not portable (OpenBao rejects unknown capabilities); use one of ${PORTABLE_CAPABILITIES.join(', ')}`,
          });
        }
      }
    }
    return out;
  },
};
