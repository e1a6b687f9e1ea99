// HC-NAMES-1: role and policy names are unique within a stack.
import { IConstruct } from 'constructs';
import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { allNodes, Guardrail, resolvedText, Violation } from './guardrail';

function duplicates(items: Array<{ node: IConstruct; key: string | undefined }>, field: string, what: string): Violation[] {
  const seen = new Map<string, IConstruct>();
  const out: Violation[] = [];
  for (const { node, key } of items) {
    if (key === undefined) continue;
    const first = seen.get(key);
    if (first) {
      out.push({ construct: node, field, value: key, message: `is already used by ${first.node.path}; the second ${what} would overwrite the first, give it its own name` });
    } else {
      seen.set(key, node);
    }
  }
  return out;
}

export const uniqueNames: Guardrail = {
  id: 'HC-NAMES-1',
  description: 'No two AppRoles (in one auth backend) and no two policies share a name',
  check({ stack }) {
    const nodes = allNodes(stack);
    const roles = nodes
      .filter((n): n is ApproleAuthBackendRole => n instanceof ApproleAuthBackendRole)
      // The backend is usually a reference (a token); resolve it so two roles on one backend compare equal.
      .map((r) => ({ node: r as IConstruct, key: r.roleNameInput === undefined ? undefined : `${resolvedText(stack, r.backendInput ?? 'approle')}/${r.roleNameInput}` }));
    const policies = nodes.filter((n): n is Policy => n instanceof Policy).map((p) => ({ node: p as IConstruct, key: p.nameInput }));
    return [...duplicates(roles, 'role_name', 'role'), ...duplicates(policies, 'name', 'policy')];
  },
};
