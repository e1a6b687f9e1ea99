import { IConstruct } from 'constructs';
import { DefaultTokenResolver, StringConcat, TerraformStack, Tokenization } from 'cdktf';

/** What a rule knows about the stack it checks. */
export interface GuardrailContext {
  readonly stack: TerraformStack;
  /** Production stacks get the strictest rules. */
  readonly production: boolean;
}

/** One finding: where, which field, what value, and what to do instead. */
export interface Violation {
  readonly construct: IConstruct;
  readonly field: string;
  readonly value: unknown;
  /** What is wrong and the fix, e.g. "open CIDR admits every address; bind the role to its servers' CIDRs". */
  readonly message: string;
}

/** A guardrail rule, cdk-nag style: an id, what it protects, and a check over the whole stack. */
export interface Guardrail {
  /** Stable id used in messages and suppressions, e.g. `HC-CIDR-2`. */
  readonly id: string;
  readonly description: string;
  check(ctx: GuardrailContext): Violation[];
}

/** All constructs of a stack (including itself). */
export function allNodes(stack: TerraformStack): IConstruct[] {
  return stack.node.findAll();
}

/** Renders a violation as one line naming rule, construct, field, value and fix. */
export function formatViolation(rule: Guardrail, v: Violation): string {
  return `[${rule.id}] ${v.construct.node.path}: ${v.field} = ${JSON.stringify(v.value)}: ${v.message}`;
}

const TOKEN_RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * A token (reference) resolved for comparison: `vault_audit.audit_device_X`. References appear
 * both bare and wrapped in `${...}`, depending on how they were made; both compare equal here.
 */
export function resolvedText(stack: TerraformStack, value: unknown): string {
  const text = String(Tokenization.resolve(value, { scope: stack, preparing: false, resolver: TOKEN_RESOLVER }));
  return text.replace(/^\$\{(.*)\}$/, '$1');
}
