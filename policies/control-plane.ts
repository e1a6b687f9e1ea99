import { serviceSecretPrefix } from '../secrets-catalog/catalog';
import { RolePolicyDefinition } from './vault-resources';

/** api-server and orchestrator: their own secrets, and DEK work with the master key (never its management). */
export const controlPlanePolicy: RolePolicyDefinition = {
  kind: 'service',
  description: 'control plane (api-server, orchestrator): own secrets, encrypt/decrypt/data keys with the master key',
  grant(policy, { kv, masterKey }) {
    kv.grantRead(policy, `${serviceSecretPrefix('control-plane')}/*`);
    masterKey.grantEncryptDecrypt(policy);
    masterKey.grantGenerateDataKey(policy);
    masterKey.grantRewrap(policy);
  },
};
