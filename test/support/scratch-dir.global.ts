// Global setup of every vitest project: one scratch directory per run, under the OS temp dir, for
// what test workers keep for the whole run (the shared synth, the construct tests' app outdir).
// The run's teardown removes it. A worker cannot clean up after itself: vitest stops its threads
// and processes without an 'exit' event or a last afterAll, which left one directory per worker
// and run in the temp dir.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    scratchDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-test-run-'));
  project.provide('scratchDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
