import { CAPS } from '../model/capability-sets';
import { grant } from '../constructs/grant';
import { RAFT_PATHS } from '../constructs/raft-autopilot';
import { RolePolicyDefinition } from './role-policy';

/**
 * hoodcloud-admin (Terraform and operators): everything the config stack manages, every secret and
 * raft snapshots (backups), but never restoring one, never deleting, trimming, exporting or backing up the master key (nor making it exportable,
 * backed up or deletable), never weakening audit HMACing, never unmounting an engine or disabling
 * audit, never the raw storage endpoint, policy and role writes only under the names the
 * configuration declares, and each role only with its own declared policies. What the ACL cannot
 * constrain (a declared policy's text, a role's bindings, the audit device's options) `ops drift` detects.
 */
export const adminPolicy: RolePolicyDefinition = {
  kind: 'operator',
  description: 'operators and Terraform: manage the configuration and the secrets; no master-key deletion or export, no raw storage',
  grant(policy, { kv, transit, masterKey, approleAuth, audit, roles, policyNames }) {
    kv.grantManage(policy);
    transit.grantManage(policy);
    masterKey.grantManage(policy);
    approleAuth.grantManage(policy, roles);
    audit.grantManage(policy);
    grant(policy, 'list ACL policies', [{ path: 'sys/policies/acl', capabilities: CAPS.list }]);
    grant(policy, 'manage the ACL policies the configuration declares (no others)', policyNames.map((name) => ({ path: `sys/policies/acl/${name}`, capabilities: CAPS.manage })));
    // The vault provider authenticates, then works with a short-lived child token.
    grant(policy, 'let the vault provider create its child token', [{ path: 'auth/token/create', capabilities: CAPS.update }]);
    // read only (no sudo needed): restoring (update, snapshot-force) replaces every secret and
    // policy, and is done on a fresh server with that server's own root token.
    grant(policy, 'take raft snapshots for backups (`snapshot save`); never restore one', [{ path: 'sys/storage/raft/snapshot', capabilities: CAPS.read }]);
    // The prod-config stack writes autopilot; `ops status` reads the cluster (list-peers and autopilot state; no peer removal).
    grant(policy, 'configure raft autopilot and read the cluster state (`status`); never add or remove a peer', [
      { path: RAFT_PATHS.autopilotConfiguration, capabilities: CAPS.readUpdate },
      { path: RAFT_PATHS.autopilotState, capabilities: CAPS.read },
      { path: RAFT_PATHS.configuration, capabilities: CAPS.read },
    ]);
    // `ops audit --value-file` has the device hash a value to find it in the log; OpenBao 2.7.2 asks update here, not sudo.
    grant(policy, 'hash a value with the audit device key to find it in the log', [{ path: `sys/audit-hash/${audit.devicePath}`, capabilities: CAPS.update }]);
    grant(policy, 'the raw storage endpoint bypasses every ACL and the barrier', [
      { path: 'sys/raw', capabilities: CAPS.deny },
      { path: 'sys/raw/*', capabilities: CAPS.deny },
    ]);
  },
};
