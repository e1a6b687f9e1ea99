import { serviceSecretPrefix } from '../secrets-catalog/catalog';
import { RolePolicyDefinition } from './vault-resources';

/** auth-server: its JWT signing keypair and its own database credentials. */
export const authServerPolicy: RolePolicyDefinition = {
  kind: 'service',
  description: 'auth server: JWT signing keys and own secrets',
  grant(policy, { kv }) {
    kv.grantRead(policy, `${serviceSecretPrefix('auth-server')}/*`);
  },
};
