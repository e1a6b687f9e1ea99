// The review's work on a stack is a pure function of its parsed resources, and the stack loader
// hands equal stack texts the same parsed resources. So a stack that is the same in base and head,
// or is reviewed again in one process (the tests review one base against many heads), is diffed
// once. Results are kept as long as the parsed stacks they came from (WeakMaps) and are shared:
// callers read them and never change them.
import { ResourceInstance, SynthStack } from './stack-loader';

/** The key of a missing stack (a stack only in base or only in head). */
const NO_STACK: readonly ResourceInstance[] = [];

const keyOf = (stack: SynthStack | undefined): object => stack?.resources ?? NO_STACK;

export type PerStack<R> = WeakMap<object, R>;
export type PerPair<R> = WeakMap<object, WeakMap<object, R>>;

/** `compute()`'s result for this stack, computed once per parsed stack. */
export function perStack<R>(table: PerStack<R>, stack: SynthStack | undefined, compute: () => R): R {
  const key = keyOf(stack);
  if (table.has(key)) return table.get(key)!;
  const result = compute();
  table.set(key, result);
  return result;
}

/** `compute()`'s result for this base and head pair, computed once per pair of parsed stacks. */
export function perPair<R>(table: PerPair<R>, base: SynthStack | undefined, head: SynthStack | undefined, compute: () => R): R {
  const byHead = perStack(table, base, () => new WeakMap<object, R>());
  return perStack(byHead, head, compute);
}
