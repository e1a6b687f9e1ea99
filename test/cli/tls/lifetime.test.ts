import { DEFAULT_CA_LIFETIME, DEFAULT_SERVER_LIFETIME, parseLifetimeDays } from '../../../cli/tls/lifetime';

describe('certificate lifetimes', () => {
  test('GIVEN the defaults WHEN parsed THEN the CA lives about 5 years and the server certificate 397 days', () => {
    expect(parseLifetimeDays('--ca-lifetime', DEFAULT_CA_LIFETIME)).toBe(1826);
    expect(parseLifetimeDays('--server-lifetime', DEFAULT_SERVER_LIFETIME)).toBe(397);
  });

  test('GIVEN whole days in another unit WHEN parsed THEN they count in days', () => {
    expect(parseLifetimeDays('--server-lifetime', '8760h')).toBe(365);
    expect(parseLifetimeDays('--server-lifetime', '86400')).toBe(1);
  });

  test('GIVEN a part of a day or zero WHEN parsed THEN the error names the flag, the value and the rule', () => {
    expect(() => parseLifetimeDays('--server-lifetime', '36h')).toThrow('--server-lifetime: "36h" (1d12h) is not a whole number of days; certificates are issued for whole days, at least 1d (e.g. 397d, 8760h)');
    expect(() => parseLifetimeDays('--ca-lifetime', '0d')).toThrow('--ca-lifetime: "0d" (0s) is not a whole number of days');
  });

  test('GIVEN something that is not a duration WHEN parsed THEN the duration parser names the flag', () => {
    expect(() => parseLifetimeDays('--ca-lifetime', '5y')).toThrow('--ca-lifetime: "5y" is not a duration; expected seconds or a number with a unit');
  });
});
