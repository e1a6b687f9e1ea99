// Unit-project setup. cdktf records the full creation stack of every token (Intrinsic), and under
// vitest each frame of it goes through vite's source-map mapping: a fifth of the unit suite's time
// (measured with a CPU profile). Those stacks are only ever shown in cdktf's own token errors, so
// the plain objects cdktf captures them on get unmapped frames; real Errors keep vite's mapping.
const mapped = Error.prepareStackTrace;
if (mapped && !(mapped as { cheapTokenStacks?: boolean }).cheapTokenStacks) {
  const cheap = (error: unknown, frames: NodeJS.CallSite[]) => (error instanceof Error ? mapped(error, frames) : `\n    at ${frames.join('\n    at ')}`);
  Error.prepareStackTrace = Object.assign(cheap, { cheapTokenStacks: true });
}
