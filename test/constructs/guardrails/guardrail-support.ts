// Builders shared by the guardrail tests: a stack with one AppRole, and the `//` metadata a
// guardrail run writes into the synthesized stack (warnings and accepted suppressions).
import { TerraformStack } from 'cdktf';
import { AppRole, AppRoleProps } from '../../../constructs/approle';
import { AppRoleAuth } from '../../../constructs/approle-auth';
import { appRole, vaultStack } from '../support';

/** A reason long enough for suppressGuardrail (>= 20 characters). */
export const REASON = 'accepted in review SEC-142: the build farm needs it until the VPN migration';

/** A stack with one AppRole `svc` (construct path `test/svc/role`) bound as given. */
export function roleStack(
  secretIdBoundCidrs: string[],
  tokenBoundCidrs: string[] = ['10.0.1.5/32'],
  overrides: Partial<AppRoleProps> = {},
): { stack: TerraformStack; role: AppRole } {
  const stack = vaultStack();
  const auth = new AppRoleAuth(stack, 'approle');
  const role = appRole(stack, 'svc', { auth, secretIdBoundCidrs, tokenBoundCidrs, ...overrides });
  return { stack, role };
}

export interface AcceptedSuppression {
  readonly rule: string;
  readonly construct: string;
  readonly field: string;
  readonly reason: string;
}

/** The guardrail part of a synthesized stack's `//` block. */
export interface GuardrailMetadata {
  readonly guardrail_warnings?: string[];
  readonly guardrail_suppressions?: AcceptedSuppression[];
}

/** Reads the `//` block of a cdk.tf.json text. */
export function guardrailMetadata(written: string): GuardrailMetadata {
  return ((JSON.parse(written) as Record<string, unknown>)['//'] ?? {}) as GuardrailMetadata;
}
