import { CAPS } from './capabilities';
import { RolePolicyDefinition } from './vault-resources';

/**
 * hoodcloud-admin (Terraform and operators): everything the config stack manages and every secret,
 * but never deleting, trimming, exporting or backing up the master key, never unmounting an engine
 * or disabling audit, and never the raw storage endpoint.
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
    // `ops audit --value-file` has the device hash a value to find it in the log; OpenBao 2.7.2 asks update here, not sudo.
    doc.addRule(`sys/audit-hash/${audit.devicePath}`, CAPS.update, 'hash a value with the audit device key to find it in the log');
    const rawWhy = 'the raw storage endpoint bypasses every ACL and the barrier';
    doc.addRule('sys/raw', CAPS.deny, rawWhy);
    doc.addRule('sys/raw/*', CAPS.deny, rawWhy);
  },
};
