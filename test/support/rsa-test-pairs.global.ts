// Unit-project global setup: the RSA-2048 test keypairs, generated once per run in the main process
// (in parallel, on libuv's threads) and handed to every worker through vitest's provide/inject.
// Generating them in each worker was the costliest thing the secrets-catalog tests did. Made at run
// time: no key lives in the repository.
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

export interface TestKeyPair {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    rsaTestPairs: TestKeyPair[];
  }
}

/**
 * How many distinct pairs the tests use (a current key, the next one, an unrelated one); each pair
 * is a fifth of a second of CPU, made before any test starts.
 */
export const RSA_TEST_PAIRS = 3;

export default async function setup(project: TestProject): Promise<void> {
  const generate = promisify(generateKeyPair);
  const pairs = await Promise.all(
    Array.from({ length: RSA_TEST_PAIRS }, () =>
      generate('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }),
    ),
  );
  project.provide('rsaTestPairs', pairs.map(({ privateKey, publicKey }) => ({ privateKeyPem: privateKey, publicKeyPem: publicKey })));
}
