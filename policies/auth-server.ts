import { RolePolicyDefinition } from './role-policy';

/** auth-server: its JWT signing keypair and its own database credentials. */
export const authServerPolicy: RolePolicyDefinition = {
  kind: 'service',
  description: 'auth server: JWT signing keys and own secrets',
  grant(policy, { kv }, own) {
    kv.grantRead(policy, `${own.kvSubtree}/*`);
  },
};
