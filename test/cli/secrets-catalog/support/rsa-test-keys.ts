// RSA-2048 keypairs for unit tests, generated on first use and shared by every test file of a
// worker (the unit project shares its module cache): key generation is the costliest thing these
// tests do. Generated at run time: no key lives in the repository.
import { generateKeyPairSync } from 'node:crypto';

export interface TestKeyPair {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

const pairs: TestKeyPair[] = [];

/** The n-th test keypair (0, 1, 2, …); the same n gives the same pair within a worker. */
export function rsaTestPair(n: number): TestKeyPair {
  while (pairs.length <= n) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    pairs.push({ privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString() });
  }
  return pairs[n];
}

/**
 * A keypair source for planSeed / fillEntry / planRotation that hands out the shared test pairs in
 * turn (pairs first, first + 1, … up to `distinct` of them, then again), so no test waits for RSA.
 */
export function rsaTestSource(first = 0, distinct = 3): (bits: number) => Promise<TestKeyPair> {
  let next = 0;
  return async () => rsaTestPair(first + (next++ % distinct));
}
