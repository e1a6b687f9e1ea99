// RSA-2048 keypairs for unit tests: made once per run by the unit project's global setup
// (test/support/rsa-test-pairs.global.ts) and shared by every test file, so no test waits for RSA.
import { inject } from 'vitest';
import { RSA_TEST_PAIRS, type TestKeyPair } from '../../../support/rsa-test-pairs.global';

export type { TestKeyPair };

/** The n-th test keypair (0 to RSA_TEST_PAIRS - 1); the same n gives the same pair in every test. */
export function rsaTestPair(n: number): TestKeyPair {
  const pairs = inject('rsaTestPairs');
  if (n >= pairs.length) throw new Error(`rsaTestPair(${n}): the global setup makes ${pairs.length} pairs (0 to ${pairs.length - 1})`);
  return pairs[n];
}

/**
 * A keypair source for planSeed / fillEntry / planRotation that hands out the shared test pairs in
 * turn (pairs first, first + 1, … up to `distinct` of them, then again; by default every pair from
 * `first` on).
 */
export function rsaTestSource(first = 0, distinct = RSA_TEST_PAIRS - first): (bits: number) => Promise<TestKeyPair> {
  let next = 0;
  return async () => rsaTestPair(first + (next++ % distinct));
}
