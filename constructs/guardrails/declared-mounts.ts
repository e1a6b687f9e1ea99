// HC-POLICY-3: policies grant only on mounts the stack declares (or Vault's built-in ones).
import { AuthBackend } from '@cdktf/provider-vault/lib/auth-backend';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { VaultPolicy } from '../vault-policy';
import { allNodes, Guardrail, Violation } from './guardrail';

/** Mounts every Vault server has. */
export const BUILTIN_MOUNTS = ['sys', 'auth/token', 'identity', 'cubbyhole'];

/** The mount paths (without slashes) a stack declares, plus the built-in ones. */
export function declaredMounts(nodes: ReturnType<typeof allNodes>): string[] {
  const mounts = [...BUILTIN_MOUNTS];
  for (const node of nodes) {
    if (node instanceof Mount && node.pathInput) mounts.push(trimSlashes(node.pathInput));
    if (node instanceof AuthBackend) mounts.push(`auth/${trimSlashes(node.pathInput ?? node.typeInput ?? '')}`);
  }
  return mounts;
}

/** The declared mount a policy path falls under, if any. */
export function mountOf(path: string, mounts: readonly string[]): string | undefined {
  return mounts.filter((m) => path === m || path.startsWith(`${m}/`)).sort((a, b) => b.length - a.length)[0];
}

export function trimSlashes(p: string): string {
  return p.replace(/^\/+|\/+$/g, '');
}

export const grantsOnDeclaredMounts: Guardrail = {
  id: 'HC-POLICY-3',
  description: 'Every policy path lies under a mount the stack declares (or sys/, auth/token/, identity/, cubbyhole/)',
  check({ stack }) {
    const nodes = allNodes(stack);
    const mounts = declaredMounts(nodes);
    const out: Violation[] = [];
    for (const policy of nodes.filter(VaultPolicy.isVaultPolicy)) {
      for (const rule of policy.document.rules) {
        if (!mountOf(rule.path, mounts)) {
          out.push({
            construct: policy,
            field: 'path',
            value: rule.path,
            message: `is not under a mount this stack declares (${mounts.join(', ')}); declare the engine first and grant through it`,
          });
        }
      }
    }
    return out;
  },
};
