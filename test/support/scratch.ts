// The run's scratch directory (made and removed by scratch-dir.global.ts) for files a worker keeps
// for the whole run.
import { inject } from 'vitest';

export function runScratchDir(): string {
  const dir = inject('scratchDir');
  if (!dir) throw new Error('scratchDir is not provided: the project needs test/support/scratch-dir.global.ts in its globalSetup');
  return dir;
}
