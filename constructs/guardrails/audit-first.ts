// HC-AUDIT-1: a stack that configures Vault has an audit device, and everything waits for it.
import { Audit } from '@cdktf/provider-vault/lib/audit';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { TerraformResource } from 'cdktf';
import { allNodes, Guardrail, resolvedText, Violation } from './guardrail';

export const auditFirst: Guardrail = {
  id: 'HC-AUDIT-1',
  description: 'A Vault config stack declares an audit device and every other resource depends on it',
  check({ stack }) {
    const nodes = allNodes(stack);
    if (!nodes.some((n) => n instanceof VaultProvider)) return [];
    const audits = nodes.filter((n): n is Audit => n instanceof Audit);
    if (audits.length === 0) {
      return [{ construct: stack, field: 'vault_audit', value: null, message: 'no audit device is declared; add a FileAuditDevice so every request is logged' }];
    }
    // depends_on entries are tokens; `dependsOn: [audit]` and `audit.fqn` differ until resolved.
    const auditRefs = audits.map((a) => resolvedText(stack, a.fqn));
    const out: Violation[] = [];
    for (const node of nodes) {
      if (!(node instanceof TerraformResource) || node instanceof Audit) continue;
      const dependsOn = (node.dependsOn ?? []).map((d) => resolvedText(stack, d));
      if (!dependsOn.some((d) => auditRefs.includes(d))) {
        out.push({ construct: node, field: 'depends_on', value: dependsOn, message: 'does not depend on the audit device; it could be configured before requests are audited' });
      }
    }
    return out;
  },
};
