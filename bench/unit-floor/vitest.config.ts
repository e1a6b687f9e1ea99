// The unit suite's floor: the unit project's own settings (worker threads, shared module cache,
// setup files, global setups) running two files, one per worker, that load the product and do
// nothing else. `npm run bench` times it next to the unit suite: what any unit suite of this project
// pays on this machine before its first test does any work.
import * as path from 'node:path';
import { defineConfig } from 'vitest/config';
import { SHARED_TEST_OPTIONS, UNIT_PROJECT } from '../../vitest.config';

export default defineConfig({
  root: path.resolve(__dirname, '..', '..'),
  test: { ...SHARED_TEST_OPTIONS, ...UNIT_PROJECT, name: 'unit-floor', include: ['bench/unit-floor/*.floor.ts'], exclude: [] },
});
