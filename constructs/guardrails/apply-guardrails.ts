// Runs the guardrails over a whole stack at synth. An unsuppressed error finding fails the stack's
// validation, which stops the synth before anything is written; no environment variable changes
// that (cdktf lets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS silence error *annotations*, so
// findings are not reported as annotations). The only way past a rule is a suppression in code
// with a written reason. Suppressed findings and warnings are written into the stack's `//`
// metadata, so every accepted risk is visible in the reviewed output.
import { IConstruct } from 'constructs';
import { Annotations, Aspects, TerraformStack } from 'cdktf';
import { CidrPrefixBounds } from '../../model/cidr';
import { formatFinding, Guardrail, GuardrailContext, Violation } from './guardrail';
import { findSuppression } from './suppressions';

export interface GuardrailOptions {
  readonly production: boolean;
  /** @default the production defaults: IPv4 /16, IPv6 /48 */
  readonly cidrPrefixBounds?: CidrPrefixBounds;
}

export const DEFAULT_CIDR_PREFIX_BOUNDS: CidrPrefixBounds = { ipv4: 16, ipv6: 48 };

/** One finding of one rule on one construct. */
export interface Finding {
  readonly rule: string;
  readonly level: 'error' | 'warning';
  readonly construct: string;
  readonly violation: Violation;
  /** Set when a suppression accepted it. */
  readonly suppressedBecause?: string;
}

/** Per stack, the findings of each applied guardrail pack (a stack may apply more than one). */
const FINDINGS = new WeakMap<TerraformStack, Finding[][]>();

/** The findings of every guardrail run on a stack (empty before synth). */
export function guardrailFindings(stack: TerraformStack): readonly Finding[] {
  return (FINDINGS.get(stack) ?? []).flat();
}

/** The unsuppressed error findings, one line each: what stops the synth. */
export function blockingFindings(stack: TerraformStack): string[] {
  return guardrailFindings(stack)
    .filter((f) => f.level === 'error' && f.suppressedBecause === undefined)
    .map((f) => formatFinding(f.rule, f.construct, f.violation));
}

/**
 * Runs one rule on one node. A rule that throws is a finding naming the rule, not a crash, and an
 * error whatever the rule's level: a check that could not run has not passed.
 */
function runRule(rule: Guardrail, node: IConstruct, ctx: GuardrailContext): Array<{ violation: Violation; level: Finding['level'] }> {
  try {
    return rule.check(node, ctx).map((violation) => ({ violation, level: rule.level }));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return [{ violation: { field: '(rule)', value: reason, message: `the rule ${rule.id} failed on this construct; fix the construct or the rule (nothing was written)` }, level: 'error' }];
  }
}

export function applyGuardrails(stack: TerraformStack, rules: readonly Guardrail[], options: GuardrailOptions): void {
  const ctx: GuardrailContext = { stack, production: options.production, cidrPrefixBounds: options.cidrPrefixBounds ?? DEFAULT_CIDR_PREFIX_BOUNDS };
  const runs = FINDINGS.get(stack) ?? [];
  FINDINGS.set(stack, runs);
  const run = runs.length;
  const firstPack = run === 0;
  runs.push([]);
  Aspects.of(stack).add({
    visit(node: IConstruct) {
      if (node !== stack) return;
      const findings: Finding[] = [];
      for (const construct of stack.node.findAll()) {
        for (const rule of rules) {
          for (const { violation, level } of runRule(rule, construct, ctx)) {
            const suppression = findSuppression(construct, rule.id);
            findings.push({ rule: rule.id, level, construct: construct.node.path, violation, suppressedBecause: suppression?.reason });
            if (level === 'warning' && !suppression) Annotations.of(construct).addWarning(formatFinding(rule.id, construct.node.path, violation));
          }
        }
      }
      runs[run] = findings;
      // Every pack's accepted risks and warnings, so a second pack does not hide the first's.
      const all = runs.flat();
      const accepted = all.filter((f) => f.suppressedBecause !== undefined).map((f) => ({ rule: f.rule, construct: f.construct, field: f.violation.field, reason: f.suppressedBecause }));
      const warnings = all.filter((f) => f.level === 'warning' && f.suppressedBecause === undefined).map((f) => formatFinding(f.rule, f.construct, f.violation));
      if (accepted.length > 0) stack.addOverride('//.guardrail_suppressions', accepted);
      if (warnings.length > 0) stack.addOverride('//.guardrail_warnings', warnings);
    },
  });
  // One validation per stack reads every pack's findings.
  if (firstPack) stack.node.addValidation({ validate: () => blockingFindings(stack) });
}
