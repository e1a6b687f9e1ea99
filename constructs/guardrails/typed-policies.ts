// HC-POLICY-5: every vault_policy comes from a typed VaultPolicy, so its rules were built by grants.
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { VaultPolicy } from '../vault-policy';
import { Guardrail } from './guardrail';

export const typedPoliciesOnly: Guardrail = {
  id: 'HC-POLICY-5',
  level: 'error',
  description: 'Every vault_policy is rendered from a typed VaultPolicy (no hand-written policy strings)',
  check(node) {
    if (!(node instanceof Policy)) return [];
    const owner = node.node.scope;
    if (VaultPolicy.isVaultPolicy(owner) && owner.resource === node) return [];
    return [{
      field: 'policy',
      value: node.nameInput ?? null,
      message: 'is a hand-written policy string; build it as a VaultPolicy with grants (kv.grantRead, masterKey.grantEncryptDecrypt, ...)',
    }];
  },
};
