import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import {
  generateRsaKeyPair, parseRsaPrivateKeyPem, parseRsaPublicKeyPem, rsaKeysMatch,
} from '../../../secrets-catalog/rsa-keypair';
import { rsaTestPair } from './support/rsa-test-keys';

describe('RSA keypairs for RS256', () => {
  test('GIVEN public and private keys of two pairs WHEN matched THEN they do not match', () => {
    const a = rsaTestPair(0);
    const b = rsaTestPair(1);
    expect(rsaKeysMatch(parseRsaPrivateKeyPem(a.privateKeyPem), parseRsaPublicKeyPem(b.publicKeyPem))).toBe(false);
  });

  test('GIVEN a size below 2048, above 8192 or not an integer WHEN generating THEN it refuses before generating anything', async () => {
    for (const bits of [1024, 10000, 4096.5, Number.NaN]) {
      await expect(generateRsaKeyPair(bits)).rejects.toThrow(`RSA key size ${bits}: expected an integer from 2048 to 8192 bits`);
    }
  });

  test('GIVEN a PKCS#1 PEM WHEN parsed as the private key THEN PKCS#8 is asked for', () => {
    const pkcs1 = createPrivateKey(rsaTestPair(0).privateKeyPem).export({ format: 'pem', type: 'pkcs1' }).toString();
    expect(() => parseRsaPrivateKeyPem(pkcs1)).toThrow('not a PKCS#8 PEM private key');
  });

  test('GIVEN a truncated PEM WHEN parsed THEN it does not parse and the key is not echoed', () => {
    const pair = rsaTestPair(0);
    const broken = pair.privateKeyPem.slice(0, 200) + '\n-----END PRIVATE KEY-----\n';
    let message = '';
    try {
      parseRsaPrivateKeyPem(broken);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('PEM does not parse as a private key');
  });

  test('GIVEN an ed25519 public key WHEN parsed as the RSA public key THEN the key type is named', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(() => parseRsaPublicKeyPem(pem)).toThrow('not an RSA key (ed25519)');
  });
});
