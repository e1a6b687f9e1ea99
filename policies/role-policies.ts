import { RoleName } from '../stacks/environment';
import { adminPolicy } from './admin';
import { authServerPolicy } from './auth-server';
import { controlPlanePolicy } from './control-plane';
import { paymentServicePolicy } from './payment-service';
import { RolePolicyDefinition } from './vault-resources';

/** One policy per role; the policy carries the role's name. */
export const ROLE_POLICIES: Readonly<Record<RoleName, RolePolicyDefinition>> = {
  'hoodcloud-control-plane': controlPlanePolicy,
  'hoodcloud-auth-server': authServerPolicy,
  'hoodcloud-payment-service': paymentServicePolicy,
  'hoodcloud-admin': adminPolicy,
};
