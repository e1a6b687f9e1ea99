// HC-AUDIT-1: a stack that configures Vault has an audit device, and everything waits for it.
import { TerraformResource, TerraformStack } from 'cdktf';
import { Audit } from '@cdktf/provider-vault/lib/audit';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { Guardrail, oncePerRun, resolvedText } from './guardrail';

function audits(stack: TerraformStack): Audit[] {
  return stack.node.findAll().filter((n): n is Audit => n instanceof Audit);
}

export const auditFirst: Guardrail = {
  id: 'HC-AUDIT-1',
  level: 'error',
  description: 'A Vault config stack declares an audit device and every other resource depends on it',
  check(node, ctx) {
    const { stack } = ctx;
    if (!oncePerRun(ctx, 'has-vault-provider', () => stack.node.findAll().some((n) => n instanceof VaultProvider))) return [];
    if (node instanceof VaultProvider) {
      return audits(stack).length === 0 ? [{ field: 'vault_audit', value: null, message: 'no audit device is declared; add a FileAuditDevice so every request is logged' }] : [];
    }
    if (!(node instanceof TerraformResource) || node instanceof Audit) return [];
    // depends_on entries are tokens; `dependable(audit)` and `audit.fqn` differ until resolved.
    const auditRefs = oncePerRun(ctx, 'audit-refs', () => audits(stack).map((a) => resolvedText(stack, a.fqn)));
    const dependsOn = (node.dependsOn ?? []).map((d) => resolvedText(stack, d));
    if (dependsOn.some((d) => auditRefs.includes(d))) return [];
    return [{ field: 'depends_on', value: dependsOn, message: 'does not depend on the audit device; it could be configured before requests are audited' }];
  },
};
