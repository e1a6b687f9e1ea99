// Unit-project setup. cdktf records the full creation stack of every token (Intrinsic, Lazy): it
// calls Error.captureStackTrace on a plain `{ stack: "" }` object with an unlimited frame count, and
// under vitest each frame then goes through vite's source-map mapping. Measured with a CPU profile,
// that was a tenth of the unit suite's CPU time. Those stacks are only shown in cdktf's own token
// errors, so for exactly that shape nothing is captured (cdktf then records an empty stack); every
// Error keeps its full, mapped stack.
const capture = Error.captureStackTrace as typeof Error.captureStackTrace & { skipsTokenStacks?: boolean };
if (!capture.skipsTokenStacks) {
  const skipping = (target: object, below?: (...args: never[]) => unknown) => {
    if (isTokenStackHolder(target)) return;
    capture.call(Error, target, below);
  };
  Error.captureStackTrace = Object.assign(skipping, { skipsTokenStacks: true });
}

function isTokenStackHolder(target: object): boolean {
  if (target instanceof Error || Object.getPrototypeOf(target) !== Object.prototype) return false;
  const keys = Object.keys(target);
  return keys.length === 1 && keys[0] === 'stack' && (target as { stack: unknown }).stack === '';
}
