// HC-NAMES-1: role and policy names are unique within a stack (Vault lower-cases policy names).
import { IConstruct } from 'constructs';
import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { Guardrail, GuardrailContext, oncePerRun, resolvedText } from './guardrail';

/** The name a node claims in its stack, e.g. `role approle/a` or `policy a`; undefined for other nodes. */
function claimedName(node: IConstruct, ctx: GuardrailContext): { key: string; field: string; value: string; what: string } | undefined {
  if (node instanceof ApproleAuthBackendRole && node.roleNameInput !== undefined) {
    // The backend is usually a reference (a token); resolve it so two roles on one backend compare equal.
    return { key: `role ${resolvedText(ctx.stack, node.backendInput ?? 'approle')}/${node.roleNameInput}`, field: 'role_name', value: node.roleNameInput, what: 'role' };
  }
  if (node instanceof Policy && node.nameInput !== undefined) return { key: `policy ${node.nameInput.toLowerCase()}`, field: 'name', value: node.nameInput, what: 'policy' };
  return undefined;
}

export const uniqueNames: Guardrail = {
  id: 'HC-NAMES-1',
  level: 'error',
  description: 'No two AppRoles (in one auth backend) and no two policies share a name',
  check(node, ctx) {
    const mine = claimedName(node, ctx);
    if (!mine) return [];
    const firstHolders = oncePerRun(ctx, 'HC-NAMES-1', () => {
      const holders = new Map<string, IConstruct>();
      for (const other of ctx.stack.node.findAll()) {
        const key = claimedName(other, ctx)?.key;
        if (key !== undefined && !holders.has(key)) holders.set(key, other);
      }
      return holders;
    });
    const first = firstHolders.get(mine.key);
    if (!first || first === node) return [];
    return [{ field: mine.field, value: mine.value, message: `is already used by ${first.node.path}; the second ${mine.what} would overwrite the first, give it its own name` }];
  },
};
