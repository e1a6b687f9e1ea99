// The guardrail pack: every rule, one per file, and the entry point the stacks call.
import { TerraformStack } from 'cdktf';
import { applyGuardrails as apply, GuardrailOptions } from './apply-guardrails';
import { auditFirst } from './audit-first';
import { auditKept } from './audit-kept';
import { bindingPrefixBound } from './binding-prefix-bound';
import { bindingRequired } from './binding-required';
import { cidrParses } from './cidr-parses';
import { clusterRetryJoin } from './cluster-retry-join';
import { clusterTls } from './cluster-tls';
import { clusterUniqueNodes } from './cluster-unique-nodes';
import { clusterVoters } from './cluster-voters';
import { credentialLifetimes } from './credential-lifetimes';
import { grantsOnDeclaredMounts } from './declared-mounts';
import { Guardrail } from './guardrail';
import { kvV2ApiPrefix } from './kv-v2-paths';
import { listenAddress } from './listen-address';
import { noExplicitConfigFlag } from './no-config-flag';
import { openBinding } from './open-binding';
import { portableCapabilities } from './policy-capabilities';
import { preventDestroyInProduction } from './prevent-destroy';
import { servicePolicyScope } from './service-policy-scope';
import { tlsInProduction } from './tls-in-production';
import { transitKeySafety } from './transit-key-safety';
import { typedPoliciesOnly } from './typed-policies';
import { uniqueNames } from './unique-names';

export { suppressGuardrail } from './suppressions';
export { blockingFindings, guardrailFindings, DEFAULT_CIDR_PREFIX_BOUNDS } from './apply-guardrails';
export type { Finding, GuardrailOptions } from './apply-guardrails';
export type { Guardrail, GuardrailLevel, Violation } from './guardrail';

/** Every rule. Findings are reported together, grouped by construct. */
export const GUARDRAILS: readonly Guardrail[] = [
  cidrParses,
  openBinding,
  bindingRequired,
  bindingPrefixBound,
  credentialLifetimes,
  portableCapabilities,
  servicePolicyScope,
  grantsOnDeclaredMounts,
  kvV2ApiPrefix,
  typedPoliciesOnly,
  transitKeySafety,
  preventDestroyInProduction,
  tlsInProduction,
  listenAddress,
  noExplicitConfigFlag,
  clusterVoters,
  clusterUniqueNodes,
  clusterRetryJoin,
  clusterTls,
  uniqueNames,
  auditFirst,
  auditKept,
];

/** Runs `rules` (every rule unless given) over the stack at synth; an unsuppressed error stops it. */
export function applyGuardrails(stack: TerraformStack, options: GuardrailOptions & { readonly rules?: readonly Guardrail[] }): void {
  apply(stack, options.rules ?? GUARDRAILS, options);
}
