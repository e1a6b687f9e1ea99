// Real RSA generation (RSA-4096 takes seconds on these machines) runs with the slow tests; the unit
// suite uses the shared test pairs of support/rsa-test-keys.ts.
import { createSign, createVerify } from 'node:crypto';
import { generateRsaKeyPair, parseRsaPrivateKeyPem, parseRsaPublicKeyPem, rsaKeysMatch, rsaPublicKeyPemOf } from '../../../secrets-catalog/rsa-keypair';

describe('RSA keypairs for RS256 at the default size', () => {
  test('GIVEN the default size WHEN a keypair is generated THEN it is 4096-bit PKCS#8/SPKI PEM that signs and verifies RS256', async () => {
    const pair = await generateRsaKeyPair();
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const priv = parseRsaPrivateKeyPem(pair.privateKeyPem);
    expect(priv.asymmetricKeyDetails?.modulusLength).toBe(4096);
    const sig = createSign('RSA-SHA256').update('jwt').sign(pair.privateKeyPem);
    expect(createVerify('RSA-SHA256').update('jwt').verify(pair.publicKeyPem, sig)).toBe(true);
  });

  test('GIVEN a generated 2048-bit pair WHEN its public key is derived from the private key THEN it is the generated one', async () => {
    const pair = await generateRsaKeyPair(2048);
    expect(rsaPublicKeyPemOf(pair.privateKeyPem)).toBe(pair.publicKeyPem);
    expect(rsaKeysMatch(parseRsaPrivateKeyPem(pair.privateKeyPem), parseRsaPublicKeyPem(pair.publicKeyPem))).toBe(true);
  });

});
