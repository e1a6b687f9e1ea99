// HC-APPROLE-1 (warning): in production, AppRole secret IDs expire and tokens are short-lived, so a
// leaked credential stops working on its own. A warning, not an error: phase 0 (reusable secret IDs)
// is a deliberate stage of HoodCloud's security model, but it should be seen in every review.
import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { Guardrail, Violation } from './guardrail';

const DAY_SECONDS = 86400;

export const credentialLifetimes: Guardrail = {
  id: 'HC-APPROLE-1',
  level: 'warning',
  description: 'In production, AppRole secret IDs expire (secret_id_ttl > 0) and tokens live at most 24 h (token_max_ttl)',
  check(node, { production }) {
    if (!production || !(node instanceof ApproleAuthBackendRole)) return [];
    const out: Violation[] = [];
    const secretIdTtl = node.secretIdTtlInput ?? 0;
    if (secretIdTtl === 0) out.push({ field: 'secret_id_ttl', value: secretIdTtl, message: 'secret IDs never expire; use the phase 1 profile (7 days) and rotate with `credentials rotate`' });
    const maxTtl = node.tokenMaxTtlInput ?? 0;
    if (maxTtl === 0 || maxTtl > DAY_SECONDS) out.push({ field: 'token_max_ttl', value: maxTtl, message: `lets a token live ${maxTtl === 0 ? 'as long as the mount allows' : `${maxTtl / 3600} h`}; 24 h (86400) at most keeps a leaked token short-lived` });
    return out;
  },
};
