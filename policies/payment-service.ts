import { RolePolicyDefinition } from './role-policy';

/** payment-service: its NATS account signing seed and its own secrets. */
export const paymentServicePolicy: RolePolicyDefinition = {
  kind: 'service',
  description: 'payment service: NATS account signing seed and own secrets',
  grant(policy, { kv }, own) {
    kv.grantRead(policy, `${own.kvSubtree}/*`);
  },
};
