// The guardrail contract, cdk-nag style: a rule has an id, a level and a check of ONE node of the
// construct tree (it may look at the node's stack for context, e.g. sibling names). Rules read the
// synthesized resource (its Terraform attributes), not construct props, so a raw resource made
// without the constructs is checked the same way.
import { IConstruct } from 'constructs';
import { DefaultTokenResolver, StringConcat, TerraformStack, Tokenization } from 'cdktf';
import { CidrPrefixBounds } from '../../model/cidr';

/** `error` stops the synth; `warning` is reported and written into the stack's metadata. */
export type GuardrailLevel = 'error' | 'warning';

/** What a rule knows besides the node it checks. */
export interface GuardrailContext {
  readonly stack: TerraformStack;
  /** Production stacks get the strictest rules. */
  readonly production: boolean;
  /** In production, a binding broader than these prefix lengths needs a reasoned suppression. */
  readonly cidrPrefixBounds: CidrPrefixBounds;
}

/** One finding: which field of the node, what value, and what to do instead. */
export interface Violation {
  readonly field: string;
  readonly value: unknown;
  /** What is wrong and the fix, e.g. "admits every address; bind the role to its servers' CIDRs". */
  readonly message: string;
}

export interface Guardrail {
  /** Stable id used in messages and suppressions, e.g. `HC-CIDR-2`. */
  readonly id: string;
  readonly level: GuardrailLevel;
  readonly description: string;
  /** The findings on `node` (most rules return [] for every node type but one). */
  check(node: IConstruct, ctx: GuardrailContext): Violation[];
}

/** One finding as a line naming rule, construct, field, value and fix. */
export function formatFinding(ruleId: string, constructPath: string, v: Violation): string {
  return `[${ruleId}] ${constructPath}: ${v.field} = ${JSON.stringify(v.value)}: ${v.message}`;
}

const TOKEN_RESOLVER = new DefaultTokenResolver(new StringConcat());

/** A synthesized value with its tokens resolved (a Lazy policy text, a reference). */
export function resolved(stack: TerraformStack, value: unknown): unknown {
  return Tokenization.resolve(value, { scope: stack, preparing: false, resolver: TOKEN_RESOLVER });
}

/**
 * A reference resolved for comparison: `vault_audit.audit_device_X`. References appear both bare
 * and wrapped in `${...}`, depending on how they were made; both compare equal here.
 */
export function resolvedText(stack: TerraformStack, value: unknown): string {
  return String(resolved(stack, value)).replace(/^\$\{(.*)\}$/, '$1');
}

const RUN_CACHE = new WeakMap<GuardrailContext, Map<string, unknown>>();

/**
 * A stack-wide fact a rule needs for every node (declared mounts, the first holder of each name),
 * computed once per guardrail run instead of once per node.
 */
export function oncePerRun<T>(ctx: GuardrailContext, key: string, compute: () => T): T {
  let cache = RUN_CACHE.get(ctx);
  if (!cache) RUN_CACHE.set(ctx, (cache = new Map()));
  if (!cache.has(key)) cache.set(key, compute());
  return cache.get(key) as T;
}
