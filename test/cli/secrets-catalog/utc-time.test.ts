import { formatUtcTime, parseUtcTime } from '../../../secrets-catalog/utc-time';

describe('RFC 3339 UTC times', () => {
  test('GIVEN UTC times with and without fractions WHEN parsed THEN their instants are returned', () => {
    expect(parseUtcTime('2026-12-02T13:00:00Z').toISOString()).toBe('2026-12-02T13:00:00.000Z');
    expect(parseUtcTime('2026-12-02T13:00:00.25Z').toISOString()).toBe('2026-12-02T13:00:00.250Z');
  });

  test.each(['2026-12-02T13:00:00+01:00', '2026-12-02 13:00:00Z', '2026-12-02', 'tomorrow', '2026-02-30T00:00:00Z', '2026-12-02T24:00:00Z'])('GIVEN %j WHEN parsed THEN it is refused', (text) => {
    expect(() => parseUtcTime(text)).toThrow(/not an RFC 3339 UTC time|not a calendar date and time/);
  });

  test('GIVEN an instant WHEN formatted THEN it is to the second with a Z', () => {
    expect(formatUtcTime(new Date('2026-12-02T13:00:00.999Z'))).toBe('2026-12-02T13:00:00Z');
  });
});
