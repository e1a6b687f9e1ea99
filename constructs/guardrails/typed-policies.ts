// HC-POLICY-5: every vault_policy comes from a typed VaultPolicy, so the other policy rules see it.
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { VaultPolicy } from '../vault-policy';
import { allNodes, Guardrail } from './guardrail';

export const typedPoliciesOnly: Guardrail = {
  id: 'HC-POLICY-5',
  description: 'Every vault_policy is rendered from a typed VaultPolicy (no hand-written policy strings)',
  check({ stack }) {
    return allNodes(stack)
      .filter((n): n is Policy => n instanceof Policy)
      .filter((p) => {
        const owner = p.node.scope;
        return !(VaultPolicy.isVaultPolicy(owner) && owner.resource === p);
      })
      .map((p) => ({
        construct: p,
        field: 'policy',
        value: p.nameInput ?? null,
        message: 'is a hand-written policy string the guardrails cannot check; build it as a VaultPolicy with grants (kv.grantRead, masterKey.grantEncryptDecrypt, ...)',
      }));
  },
};
