import { decodeKey32, generateX25519KeyPair, x25519PublicKeyOf } from '../../../secrets-catalog/x25519';

// RFC 7748 section 6.1 (Alice's keypair).
const ALICE_PRIVATE = Buffer.from('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a', 'hex').toString('base64');
const ALICE_PUBLIC = Buffer.from('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a', 'hex').toString('base64');

describe('X25519 keypairs', () => {
  test('GIVEN the RFC 7748 private key WHEN its public key is derived THEN it is the RFC public key', () => {
    expect(x25519PublicKeyOf(ALICE_PRIVATE)).toBe(ALICE_PUBLIC);
  });

  test('GIVEN a generated keypair WHEN the public key is derived again THEN it matches and both are 32 bytes', () => {
    const pair = generateX25519KeyPair();
    expect(Buffer.from(pair.privateKey, 'base64')).toHaveLength(32);
    expect(Buffer.from(pair.publicKey, 'base64')).toHaveLength(32);
    expect(x25519PublicKeyOf(pair.privateKey)).toBe(pair.publicKey);
  });

  test('GIVEN two generated keypairs WHEN compared THEN they differ', () => {
    expect(generateX25519KeyPair().privateKey).not.toBe(generateX25519KeyPair().privateKey);
  });

  test('GIVEN 31 bytes WHEN decoded as a key THEN the length is reported', () => {
    expect(() => decodeKey32(Buffer.alloc(31).toString('base64'))).toThrow('decodes to 31 bytes, 32 expected');
  });

  test('GIVEN text that is not base64 WHEN decoded as a key THEN it says so', () => {
    expect(() => decodeKey32('not base64!')).toThrow('not base64');
  });
});
