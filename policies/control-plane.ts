import { RolePolicyDefinition } from './role-policy';

/** api-server and orchestrator: their own secrets, and DEK work with the master key (never its management). */
export const controlPlanePolicy: RolePolicyDefinition = {
  kind: 'service',
  description: 'control plane (api-server, orchestrator): own secrets, encrypt/decrypt/data keys with the master key',
  grant(policy, { kv, masterKey }, own) {
    kv.grantRead(policy, `${own.kvSubtree}/*`);
    masterKey.grantEncryptDecrypt(policy);
    masterKey.grantGenerateDataKey(policy);
    masterKey.grantRewrap(policy);
  },
};
