import { serviceSecretPrefix } from '../secrets-catalog/catalog';
import { RolePolicyDefinition } from './vault-resources';

/** payment-service: its NATS account signing seed and its own secrets. */
export const paymentServicePolicy: RolePolicyDefinition = {
  kind: 'service',
  description: 'payment service: NATS account signing seed and own secrets',
  grant(policy, { kv }) {
    kv.grantRead(policy, `${serviceSecretPrefix('payment-service')}/*`);
  },
};
