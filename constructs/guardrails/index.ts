import { Annotations, Aspects, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { bindingRequiredInProduction, cidrParses, noOpenCidr } from './approle-cidrs';
import { auditFirst } from './audit-first';
import { grantsOnDeclaredMounts } from './declared-mounts';
import { formatViolation, Guardrail } from './guardrail';
import { kvV2ApiPrefix } from './kv-v2-paths';
import { portableCapabilities } from './policy-capabilities';
import { preventDestroyInProduction } from './prevent-destroy';
import { bindAddressIsIp, noExplicitConfigFlag, tlsInProduction } from './server-safety';
import { servicePolicyScope } from './service-policy-scope';
import { findSuppression } from './suppressions';
import { transitKeySafety } from './transit-key-safety';
import { typedPoliciesOnly } from './typed-policies';
import { uniqueNames } from './unique-names';

export { suppressGuardrail } from './suppressions';
export type { Guardrail, Violation } from './guardrail';

/** Every rule. Findings are reported together, grouped by construct. */
export const GUARDRAILS: readonly Guardrail[] = [
  cidrParses,
  noOpenCidr,
  bindingRequiredInProduction,
  portableCapabilities,
  servicePolicyScope,
  grantsOnDeclaredMounts,
  kvV2ApiPrefix,
  typedPoliciesOnly,
  transitKeySafety,
  preventDestroyInProduction,
  tlsInProduction,
  bindAddressIsIp,
  noExplicitConfigFlag,
  uniqueNames,
  auditFirst,
];

export interface GuardrailOptions {
  readonly production: boolean;
  /** @default GUARDRAILS */
  readonly rules?: readonly Guardrail[];
}

/**
 * Runs the guardrails over the whole stack when it is synthesized. Each unsuppressed finding is
 * an error annotation, and an error annotation stops the synth before anything is written.
 * Suppressed findings are written into the stack's `//` metadata (`guardrail_suppressions`), so
 * every accepted risk and its reason is visible in the reviewed output.
 */
export function applyGuardrails(stack: TerraformStack, options: GuardrailOptions): void {
  const rules = options.rules ?? GUARDRAILS;
  Aspects.of(stack).add({
    visit(node: IConstruct) {
      if (node !== stack) return;
      const accepted: Array<{ rule: string; construct: string; field: string; reason: string }> = [];
      for (const rule of rules) {
        for (const v of rule.check({ stack, production: options.production })) {
          const suppression = findSuppression(v.construct, rule.id);
          if (suppression) {
            accepted.push({ rule: rule.id, construct: v.construct.node.path, field: v.field, reason: suppression.reason });
            Annotations.of(v.construct).addInfo(`[${rule.id}] suppressed: ${suppression.reason}`);
          } else {
            Annotations.of(v.construct).addError(formatViolation(rule, v));
          }
        }
      }
      if (accepted.length > 0) stack.addOverride('//.guardrail_suppressions', accepted);
    },
  });
}
