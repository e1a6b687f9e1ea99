// Three projects, all run by `npm test`:
//   unit         fast in-process tests (synth, guardrails, policies, review, CLI logic). Files share
//                their worker's module cache (isolate: false), so cdktf and the provider bindings
//                load once per worker instead of once per file: the suite's largest fixed cost. Two
//                worker threads, one per core (vitest's default leaves one core idle; threads pass
//                modules and results without the forks' pipe: 0.4 s less wall than forks in each
//                of three paired runs of this project).
//                Projects with their own worker count need their own sequence group: unit runs
//                first, then the rest. The RSA test keypairs come from a global setup.
//   integration  tests that run a real external tool (terraform validate, actionlint, the CLI as a
//                process, RSA-4096 generation)
//   e2e          real-server tests (each file starts its own OpenBao server on OS-assigned ports)
// Every project keeps run-long scratch files in one directory per run (scratch-dir.global.ts).
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/** The global setup every project has: the run's scratch directory. */
const SCRATCH_DIR_SETUP = 'test/support/scratch-dir.global.ts';

/** The unit project. bench/unit-floor/vitest.config.ts runs its floor files with these same settings. */
export const UNIT_PROJECT = {
  name: 'unit',
  include: ['test/**/*.test.ts'],
  exclude: ['test/e2e/**', 'test/**/*.integration.test.ts'],
  pool: 'threads',
  isolate: false,
  maxWorkers: 2,
  sequence: { groupOrder: 0 },
  setupFiles: ['test/support/cheap-token-stacks.ts'],
  globalSetup: [SCRATCH_DIR_SETUP, 'test/support/rsa-test-pairs.global.ts'],
} satisfies TestProjectInlineConfiguration['test'];

/** What every project shares (each extends it). */
export const SHARED_TEST_OPTIONS = {
  globals: true,
  environment: 'node',
  // Transformed modules are kept on disk (node_modules/.experimental-vitest-cache, keyed by each
  // file's content) between runs: a run after the first skips most of vite's transform work.
  experimental: { fsModuleCache: true },
} satisfies TestProjectInlineConfiguration['test'];

export default defineConfig({
  test: {
    ...SHARED_TEST_OPTIONS,
    projects: [
      { extends: true, test: UNIT_PROJECT },
      { extends: true, test: { name: 'integration', include: ['test/**/*.integration.test.ts'], sequence: { groupOrder: 1 }, globalSetup: [SCRATCH_DIR_SETUP], testTimeout: 60_000, hookTimeout: 60_000 } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], sequence: { groupOrder: 1 }, globalSetup: [SCRATCH_DIR_SETUP], testTimeout: 180_000, hookTimeout: 180_000 } },
    ],
  },
});
