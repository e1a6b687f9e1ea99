// HC-POLICY-3: policies grant only on mounts the stack declares (or Vault's built-in ones).
import { TerraformStack } from 'cdktf';
import { AuthBackend } from '@cdktf/provider-vault/lib/auth-backend';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { BUILTIN_MOUNTS, mountOf, trimSlashes } from '../../model/mount-paths';
import { Guardrail, oncePerRun, resolved } from './guardrail';
import { synthesizedPolicy } from './policy-text';

/** The mount paths (without slashes) a stack declares, plus the built-in ones. */
export function declaredMounts(stack: TerraformStack): string[] {
  const mounts: string[] = [...BUILTIN_MOUNTS];
  for (const node of stack.node.findAll()) {
    if (node instanceof Mount && node.pathInput) mounts.push(trimSlashes(resolved(stack, node.pathInput)));
    if (node instanceof AuthBackend) mounts.push(`auth/${trimSlashes(resolved(stack, node.pathInput ?? node.typeInput))}`);
  }
  return mounts;
}

export const grantsOnDeclaredMounts: Guardrail = {
  id: 'HC-POLICY-3',
  level: 'error',
  description: `Every policy path lies under a mount the stack declares (or ${BUILTIN_MOUNTS.map((m) => `${m}/`).join(', ')})`,
  check(node, ctx) {
    const policy = synthesizedPolicy(node, ctx);
    if (!policy) return [];
    const mounts = oncePerRun(ctx, 'declared-mounts', () => declaredMounts(ctx.stack));
    return policy.rules
      .filter((rule) => !mountOf(rule.pattern, mounts))
      .map((rule) => ({ field: 'path', value: rule.pattern, message: `is not under a mount this stack declares (${mounts.join(', ')}); declare the engine first and grant through it` }));
  },
};
