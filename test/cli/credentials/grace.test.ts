import { checkGrace, MAX_GRACE_SECONDS } from '../../../cli/credentials/grace';

describe('--grace bounds', () => {
  test('GIVEN a grace under the TTL and the bound WHEN checked THEN it passes', () => {
    expect(() => checkGrace(30, 'r', 604800)).not.toThrow();
    expect(() => checkGrace(0, 'r', 60)).not.toThrow();
    expect(() => checkGrace(MAX_GRACE_SECONDS, 'r', 0)).not.toThrow();
  });

  test('GIVEN 25d (the value that overflowed the timer) WHEN checked THEN the bound refuses it', () => {
    expect(() => checkGrace(25 * 86400, 'r', 0)).toThrow('--grace: 25d is longer than the bound of 24h; expected at most 24h');
    expect(() => checkGrace(MAX_GRACE_SECONDS + 1, 'r', 0)).toThrow('longer than the bound of 24h');
  });

  test('GIVEN a grace equal to or above the secret_id_ttl WHEN checked THEN it is refused naming the role and the TTL', () => {
    expect(() => checkGrace(3600, 'hoodcloud-auth-server', 3600)).toThrow('--grace: 1h is not shorter than the secret_id_ttl of hoodcloud-auth-server (1h)');
    expect(() => checkGrace(7200, 'r', 3600)).toThrow('expected less than 1h');
    expect(() => checkGrace(3599, 'r', 3600)).not.toThrow();
  });

  test('GIVEN a refusal WHEN thrown THEN it is a usage error (exit 2)', () => {
    expect.assertions(1);
    try {
      checkGrace(25 * 86400, 'r', 0);
    } catch (e) {
      expect((e as { exitCode: number }).exitCode).toBe(2);
    }
  });
});
