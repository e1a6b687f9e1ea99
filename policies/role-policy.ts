// What one role's policy file is: its kind, a one-line purpose, and the grants that make it up,
// made on the objects the config stack declares (never on path strings of its own).
import { AppRoleAuth, ManagedAppRole } from '../constructs/approle-auth';
import { FileAuditDevice } from '../constructs/audit-device';
import { IPolicyGrantee } from '../constructs/grantee';
import { KvV2Engine } from '../constructs/kv-v2-engine';
import { TransitEngine } from '../constructs/transit-engine';
import { TransitKey } from '../constructs/transit-key';
import { PolicyKind } from '../constructs/vault-policy';

/** The Vault objects a config stack declares, and the names of its roles and policies. */
export interface GrantTargets {
  readonly kv: KvV2Engine;
  readonly transit: TransitEngine;
  readonly masterKey: TransitKey;
  readonly approleAuth: AppRoleAuth;
  readonly audit: FileAuditDevice;
  /** Every AppRole role the configuration declares, with the policies its tokens carry. */
  readonly roles: readonly ManagedAppRole[];
  /** Every ACL policy name the configuration declares. */
  readonly policyNames: readonly string[];
}

/** The service a policy is written for, as its registry entry describes it. */
export interface OwnService {
  /** Its subtree of the KV mount, e.g. `hoodcloud/control-plane` (undefined for operators). */
  readonly kvSubtree?: string;
}

export interface RolePolicyDefinition {
  readonly kind: PolicyKind;
  readonly description: string;
  readonly grant: (policy: IPolicyGrantee, targets: GrantTargets, own: OwnService) => void;
}
