import { createPublicKey, sign, verify } from 'node:crypto';
import { base32Decode, base32Encode } from '../../../secrets-catalog/base32';
import { crc16Xmodem } from '../../../secrets-catalog/crc16';
import {
  accountSeedProblem, decodeSeed, ed25519PrivateKeyFromSeed, encodeSeed, generateAccountSeed, publicKeyOfSeed,
} from '../../../secrets-catalog/nkeys';

// Known vectors: CRC16 values as published in nats-io/nats.java NKeyTests.testCRC16; the user seed,
// its public key and a signature from mmmries/nkeys test/nkeys_test.exs; the raw seed bytes of a second
// seed from basis-company/nats.php tests/Unit/NKeys/SecretKeyTest.php.
const USER_SEED = 'SUAMLK2ZNL35WSMW37E7UD4VZ7ELPKW7DHC3BWBSD2GCZ7IUQQXZIORRBU';
const USER_PUBLIC = 'UCK5N7N66OBOINFXAYC2ACJQYFSOD4VYNU6APEJTAVFZB2SVHLKGEW7L';

describe('CRC16-XMODEM', () => {
  test.each([
    ['', 0x0],
    ['abc', 0x9dd6],
    ['ABC', 0x3994],
    ['This is a string', 0x21e3],
    ['123456789', 0x31c3],
    ['abcdefghijklmnopqrstuvwxyz0123456789', 0xcbde],
  ])('GIVEN %j WHEN summed THEN the published checksum', (text, expected) => {
    expect(crc16Xmodem(Buffer.from(text, 'ascii'))).toBe(expected);
  });

  test.each([
    [[0x7f], 0x8f78],
    [[0x80], 0x9188],
    [[0xff], 0x1ef0],
    [[0x0, 0x1, 0x7d, 0x7e, 0x7f, 0x80, 0xfe, 0xff], 0xe26f],
  ])('GIVEN bytes %j WHEN summed THEN the published checksum', (bytes, expected) => {
    expect(crc16Xmodem(Uint8Array.from(bytes))).toBe(expected);
  });
});

describe('base32', () => {
  test('GIVEN RFC 4648 vectors WHEN encoded without padding THEN they match', () => {
    expect(base32Encode(Buffer.from('f'))).toBe('MY');
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
  });
  test('GIVEN any bytes WHEN encoded and decoded THEN they come back', () => {
    const bytes = Buffer.from('Τη γλώσσα μου έδωσαν ελληνική', 'utf8');
    expect(Buffer.from(base32Decode(base32Encode(bytes))).toString('utf8')).toBe('Τη γλώσσα μου έδωσαν ελληνική');
  });
  test('GIVEN a character outside the alphabet WHEN decoded THEN it names the position', () => {
    expect(() => base32Decode('MZ1W')).toThrow('invalid character at position 2');
  });
});

describe('NKEYS seeds', () => {
  test('GIVEN a published user seed WHEN its public key is derived THEN it is the published one', () => {
    expect(publicKeyOfSeed(USER_SEED)).toBe(USER_PUBLIC);
  });

  test('GIVEN a published user seed WHEN it signs the published nonce THEN the signature is the published one', () => {
    const key = ed25519PrivateKeyFromSeed(decodeSeed(USER_SEED).rawSeed);
    expect(sign(null, Buffer.from('PXoWU7zWAMt75FY'), key).toString('base64')).toBe(
      'ZaAiVDgB5CeYoXoQ7cBCmq+ZllzUnGUoDVb8C7PilWvCs8XKfUchAUhz2P4BYAF++Dg3w05CqyQFRDiGL6LrDw==',
    );
  });

  test('GIVEN a published seed WHEN decoded THEN its raw bytes are the published ones and re-encode to the same text', () => {
    const seed = 'SUAALXURZGZFICARCJRNP5FKO2NW2DED46LNDDGJ4HWNC3G26VZ5BBZAME';
    const { type, rawSeed } = decodeSeed(seed);
    expect(type).toBe('user');
    expect(Buffer.from(rawSeed).toString('hex')).toBe('05de91c9b25408111262d7f4aa769b6d0c83e796d18cc9e1ecd16cdaf573d087');
    expect(encodeSeed('user', rawSeed)).toBe(seed);
  });

  test('GIVEN a generated account seed WHEN checked THEN it starts with SA, is valid and its public key starts with A', () => {
    const seed = generateAccountSeed();
    expect(seed).toMatch(/^SA[A-Z2-7]{56}$/);
    expect(accountSeedProblem(seed)).toBeNull();
    expect(publicKeyOfSeed(seed)).toMatch(/^A[A-Z2-7]{55}$/);
  });

  test('GIVEN a generated account seed WHEN its key signs THEN the derived public key verifies', () => {
    const seed = generateAccountSeed();
    const priv = ed25519PrivateKeyFromSeed(decodeSeed(seed).rawSeed);
    const sig = sign(null, Buffer.from('hoodcloud'), priv);
    expect(verify(null, Buffer.from('hoodcloud'), createPublicKey(priv), sig)).toBe(true);
  });

  test('GIVEN a user seed WHEN checked as an account seed THEN the problem names the type', () => {
    expect(accountSeedProblem(USER_SEED)).toBe('an account seed (SA…) is required, this is a user seed');
  });

  test('GIVEN one character changed WHEN checked THEN the checksum fails', () => {
    const seed = generateAccountSeed();
    const tampered = seed.slice(0, 10) + (seed[10] === 'B' ? 'C' : 'B') + seed.slice(11);
    expect(accountSeedProblem(tampered)).toMatch(/checksum/);
  });

  test('GIVEN a truncated seed WHEN checked THEN the length is reported', () => {
    expect(accountSeedProblem(generateAccountSeed().slice(0, 40))).toMatch(/wrong length/);
  });

  test('GIVEN a public key instead of a seed WHEN checked THEN it is not a seed', () => {
    const pub = publicKeyOfSeed(generateAccountSeed());
    expect(accountSeedProblem(pub)).toMatch(/wrong length|not a seed/);
  });

  test('GIVEN lower-case text WHEN checked THEN it is not base32 and the text is not echoed', () => {
    const problem = accountSeedProblem('saabcdef');
    expect(problem).toMatch(/not base32/);
    expect(problem).not.toContain('saabcdef');
  });
});
