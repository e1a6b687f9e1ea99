import { AppRoleAuth } from '../constructs/approle-auth';
import { FileAuditDevice } from '../constructs/audit-device';
import { KvV2Engine } from '../constructs/kv-v2-engine';
import { TransitEngine } from '../constructs/transit-engine';
import { TransitKey } from '../constructs/transit-key';
import { IPolicyGrantee } from '../constructs/grantee';
import { PolicyKind } from '../constructs/vault-policy';

/** The Vault objects a config stack declares; role policies grant on these, never on path strings of their own. */
export interface VaultResources {
  readonly kv: KvV2Engine;
  readonly transit: TransitEngine;
  readonly masterKey: TransitKey;
  readonly approleAuth: AppRoleAuth;
  readonly audit: FileAuditDevice;
}

/** What one role's policy is: its kind, a one-line purpose, and the grants that make it up. */
export interface RolePolicyDefinition {
  readonly kind: PolicyKind;
  readonly description: string;
  readonly grant: (policy: IPolicyGrantee, resources: VaultResources) => void;
}
