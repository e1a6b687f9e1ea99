// The two CIDR lists of an AppRole role as synthesized, for the HC-CIDR rules.
import { IConstruct } from 'constructs';
import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';

export interface BindingField {
  readonly field: 'secret_id_bound_cidrs' | 'token_bound_cidrs';
  /** Undefined when the attribute is not set at all. */
  readonly cidrs: readonly string[] | undefined;
}

/** The binding fields of a `vault_approle_auth_backend_role`; [] for any other node. */
export function bindingFields(node: IConstruct): BindingField[] {
  if (!(node instanceof ApproleAuthBackendRole)) return [];
  return [
    { field: 'secret_id_bound_cidrs', cidrs: node.secretIdBoundCidrsInput },
    { field: 'token_bound_cidrs', cidrs: node.tokenBoundCidrsInput },
  ];
}
