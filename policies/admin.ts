import { CAPS } from './capabilities';
import { RolePolicyDefinition } from './vault-resources';

/**
 * hoodcloud-admin (Terraform and operators): everything the config stack manages and every secret,
 * and raft snapshots (backups), but never restoring one, never deleting, trimming, exporting or
 * backing up the master key, never unmounting an engine or disabling audit, and never the raw
 * storage endpoint.
 */
export const adminPolicy: RolePolicyDefinition = {
  kind: 'operator',
  description: 'operators and Terraform: manage the configuration and the secrets; no master-key deletion or export, no raw storage',
  grant(policy, { kv, transit, masterKey, approleAuth, audit }) {
    kv.grantManage(policy);
    transit.grantManage(policy);
    masterKey.grantManage(policy);
    approleAuth.grantManage(policy);
    audit.grantManage(policy);
    const doc = policy.document;
    doc.addRule('sys/policies/acl', CAPS.list, 'list ACL policies');
    doc.addRule('sys/policies/acl/*', CAPS.manage, 'manage ACL policies');
    // The vault provider authenticates, then works with a short-lived child token.
    doc.addRule('auth/token/create', CAPS.update, 'let the vault provider create its child token');
    // read only (no sudo needed): restoring (update, snapshot-force) replaces every secret and
    // policy, and is done on a fresh server with that server's own root token.
    doc.addRule('sys/storage/raft/snapshot', CAPS.read, 'take raft snapshots for backups (`snapshot save`); never restore one');
    const rawWhy = 'the raw storage endpoint bypasses every ACL and the barrier';
    doc.addRule('sys/raw', CAPS.deny, rawWhy);
    doc.addRule('sys/raw/*', CAPS.deny, rawWhy);
  },
};
