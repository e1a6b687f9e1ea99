// RSA-4096 generation takes seconds on these machines, so the default-size check runs with the
// slow tests, not in the unit suite.
import { createSign, createVerify } from 'node:crypto';
import { generateRsaKeyPair, parseRsaPrivateKeyPem } from '../../../secrets-catalog/rsa-keypair';

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

});
