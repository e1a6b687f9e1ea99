import { accountSeedProblem, generateAccountSeed, publicKeyOfSeed } from '../../../secrets-catalog/nkeys';

// Known vector: a user seed and its public key from mmmries/nkeys test/nkeys_test.exs.
const USER_SEED = 'SUAMLK2ZNL35WSMW37E7UD4VZ7ELPKW7DHC3BWBSD2GCZ7IUQQXZIORRBU';
const USER_PUBLIC = 'UCK5N7N66OBOINFXAYC2ACJQYFSOD4VYNU6APEJTAVFZB2SVHLKGEW7L';

describe('NKEYS account seeds (@nats-io/nkeys)', () => {
  test('GIVEN a published user seed WHEN its public key is derived THEN it is the published one', () => {
    expect(publicKeyOfSeed(USER_SEED)).toBe(USER_PUBLIC);
  });

  test('GIVEN a generated account seed WHEN checked THEN it starts SA, has an A… public key and no problem', () => {
    const seed = generateAccountSeed();
    expect(seed).toMatch(/^SA[A-Z2-7]{56}$/);
    expect(publicKeyOfSeed(seed)).toMatch(/^A/);
    expect(accountSeedProblem(seed)).toBeNull();
  });

  test('GIVEN a user seed WHEN checked as an account seed THEN it is refused as a user seed', () => {
    expect(accountSeedProblem(USER_SEED)).toBe('an account seed (SA…) is required, this one is for a user');
  });

  test('GIVEN a seed with one character changed WHEN checked THEN the checksum is named and the seed is not echoed', () => {
    const seed = generateAccountSeed();
    // A middle character: the last one also carries base32's two unused bits.
    const broken = `${seed.slice(0, 10)}${seed[10] === 'Z' ? 'Y' : 'Z'}${seed.slice(11)}`;
    const problem = accountSeedProblem(broken);
    expect(problem).toMatch(/checksum|invalid/);
    expect(problem).not.toContain(broken);
  });

  test.each(['', 'not a seed', 'SA', '12345678'])('GIVEN %j WHEN checked THEN it is refused without echoing it', (text) => {
    const problem = accountSeedProblem(text);
    expect(problem).not.toBeNull();
    if (text.length > 3) expect(problem).not.toContain(text);
  });
});
