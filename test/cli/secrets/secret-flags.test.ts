import { graceFlag, rsaBitsFlag, versionFlag } from '../../../cli/secrets/secret-flags';

describe('the number flags of the secrets commands', () => {
  test('GIVEN --rsa-bits 1e4 (which hung before) WHEN parsed THEN it is refused at once', () => {
    expect(() => rsaBitsFlag('1e4')).toThrow('--rsa-bits: "1e4" is not an integer; expected an integer from 2048 to 8192');
    expect(rsaBitsFlag('3072')).toBe(3072);
  });

  test('GIVEN --grace within 0 to 25h WHEN parsed THEN its seconds are returned', () => {
    expect(graceFlag('0')).toBe(0);
    expect(graceFlag('90m')).toBe(5400);
    expect(graceFlag('25h')).toBe(90_000);
  });

  test('GIVEN --grace beyond 25h WHEN parsed THEN the bound and its reason are named', () => {
    expect(() => graceFlag('26h')).toThrow('--grace: "26h" is longer than 25h, the longest a token signed with the replaced key lives (24h) plus a margin; expected a duration from 0 to 25h');
    expect(() => graceFlag('7d')).toThrow('is longer than 25h');
  });

  test('GIVEN a --grace that is not a duration WHEN parsed THEN the one duration parser explains the format', () => {
    expect(() => graceFlag('a day')).toThrow('--grace: "a day" is not a duration; expected seconds or a number with a unit');
  });

  test('GIVEN --to 0, -1 or 2.0 WHEN parsed THEN each is refused naming --to; 3 is version 3', () => {
    expect(() => versionFlag('0')).toThrow('--to: 0 is out of range; expected an integer from 1 to');
    expect(() => versionFlag('-1')).toThrow('--to: "-1" is not an integer');
    expect(() => versionFlag('2.0')).toThrow('--to: "2.0" is not an integer');
    expect(versionFlag('3')).toBe(3);
  });
});
