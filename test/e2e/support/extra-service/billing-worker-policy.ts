// The policy file a new engineer writes for a fifth service, exactly like policies/<service>.ts:
// the billing worker reads its own secrets and encrypts with the master key.
import { RolePolicyDefinition } from '../../../../policies/role-policy';

export const billingWorkerPolicy: RolePolicyDefinition = {
  kind: 'service',
  description: 'billing worker: own secrets, encrypt with the master key',
  grant(policy, { kv, masterKey }, own) {
    kv.grantRead(policy, `${own.kvSubtree}/*`);
    masterKey.grantEncryptDecrypt(policy);
  },
};
