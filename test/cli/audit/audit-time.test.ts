import { compareTimes, formatMillis, parseRfc3339, parseTimeBound } from '../../../cli/audit/audit-time';

const NOW = new Date('2026-12-01T12:00:00.000Z');

describe('audit log times and --since / --until bounds', () => {
  test('GIVEN the nanosecond times the audit log writes WHEN parsed THEN they order by their full precision', () => {
    const a = parseRfc3339('2026-12-01T11:12:08.92803892Z');
    const b = parseRfc3339('2026-12-01T11:12:08.928767246Z');
    expect(a).toEqual({ epochMs: Date.parse('2026-12-01T11:12:08.928Z'), subMsNanos: 38920 });
    expect(compareTimes(a!, b!)).toBeLessThan(0);
    expect(formatMillis(b!)).toBe('2026-12-01T11:12:08.928Z');
  });

  test('GIVEN an RFC 3339 time with an offset or without a fraction WHEN parsed THEN it is the same instant in UTC', () => {
    expect(parseRfc3339('2026-12-01T13:00:00+02:00')).toEqual({ epochMs: Date.parse('2026-12-01T11:00:00Z'), subMsNanos: 0 });
    expect(parseTimeBound('--since', '2026-12-01T11:00:00Z', NOW)).toEqual({ epochMs: Date.parse('2026-12-01T11:00:00Z'), subMsNanos: 0 });
  });

  test('GIVEN a duration WHEN used as a bound THEN it means that long before now (cli/duration.ts units)', () => {
    expect(formatMillis(parseTimeBound('--since', '2h', NOW))).toBe('2026-12-01T10:00:00.000Z');
    expect(formatMillis(parseTimeBound('--until', '30m', NOW))).toBe('2026-12-01T11:30:00.000Z');
    expect(formatMillis(parseTimeBound('--since', '7d', NOW))).toBe('2026-11-24T12:00:00.000Z');
  });

  test.each(['yesterday', '2026-12-01', '2026-12-01T11:00:00', '2026-13-01T11:00:00Z', '2 hours'])(
    'GIVEN --since %s WHEN parsed THEN a usage error names the flag, the value and both accepted forms',
    (text) => {
      expect(() => parseTimeBound('--since', text, NOW)).toThrow(
        expect.objectContaining({ exitCode: 2, message: expect.stringContaining(`--since: "${text}" is neither a time nor a duration; expected an RFC 3339 time such as 2026-12-01T11:00:00Z`) }),
      );
    },
  );
});
