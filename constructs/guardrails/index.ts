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
import { uniqueNames } from './unique-names';

export { suppressGuardrail } from './suppressions';
export type { Guardrail, Violation } from './guardrail';

/** Every rule, in the order their findings are reported. */
export const GUARDRAILS: readonly Guardrail[] = [
  cidrParses,
  noOpenCidr,
  bindingRequiredInProduction,
  portableCapabilities,
  servicePolicyScope,
  grantsOnDeclaredMounts,
  kvV2ApiPrefix,
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
 */
export function applyGuardrails(stack: TerraformStack, options: GuardrailOptions): void {
  const rules = options.rules ?? GUARDRAILS;
  Aspects.of(stack).add({
    visit(node: IConstruct) {
      if (node !== stack) return;
      for (const rule of rules) {
        for (const v of rule.check({ stack, production: options.production })) {
          if (!findSuppression(v.construct, rule.id)) Annotations.of(v.construct).addError(formatViolation(rule, v));
        }
      }
    },
  });
}
