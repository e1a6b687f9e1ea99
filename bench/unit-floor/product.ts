// The product as a unit-test worker loads it: these roots (the ops CLI, the review, the synth and
// the settings) import every other product module between them, with cdktf and the providers.
import { runCli as runOpsCli } from '../../cli/program';
import { runCli as runReviewCli } from '../../review/cli';
import { synthesizeApp } from '../../stacks/hoodcloud-app';
import { loadSettings } from '../../stacks/settings';

const PRODUCT_ROOTS: readonly unknown[] = [runOpsCli, runReviewCli, synthesizeApp, loadSettings];

/** The floor file's one test: it checks only that the product loaded. */
export function floorTest(): void {
  test('GIVEN the product WHEN loaded THEN its roots are functions', () => {
    expect(PRODUCT_ROOTS.every((root) => typeof root === 'function')).toBe(true);
  });
}
