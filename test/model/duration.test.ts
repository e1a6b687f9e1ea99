import { DurationError, formatSeconds, goDurationString, parseDurationSeconds } from '../../model/duration';

describe('parseDurationSeconds: one parser for every notation', () => {
  test.each([
    ['30', 30],
    ['30s', 30],
    ['5m', 300],
    ['1h30m', 5400],
    ['768h0m0s', 2764800],
    ['7d', 604800],
    ['250ms', 0.25],
    ['1.5h', 5400],
    [' 48h ', 172800],
  ])('GIVEN %j WHEN parsed THEN %d seconds', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });

  test('GIVEN a number WHEN parsed THEN it is seconds as is', () => {
    expect(parseDurationSeconds(3600)).toBe(3600);
  });

  test.each(['', 'soon', '1e4', '-5s', '5 m', '10y', '5m junk', 'm'])('GIVEN %j WHEN parsed THEN the error quotes it and names the units', (text) => {
    expect(() => parseDurationSeconds(text)).toThrow(DurationError);
    expect(() => parseDurationSeconds(text)).toThrow(`"${text}" is not a duration; expected seconds or a number with a unit`);
  });

  test.each([[90, '1m30s'], [604800, '7d'], [0, '0s'], [90061, '1d1h']])('GIVEN %d seconds WHEN formatted THEN %j', (s, text) => {
    expect(formatSeconds(s)).toBe(text);
  });
});

describe('goDurationString: the form Vault returns durations in', () => {
  test.each([
    [0, '0s'],
    [10, '10s'],
    [59, '59s'],
    [60, '1m0s'],
    [90, '1m30s'],
    [3600, '1h0m0s'],
    [86400, '24h0m0s'],
    [3661, '1h1m1s'],
  ])('GIVEN %d seconds WHEN written THEN %j (and it parses back)', (seconds, text) => {
    expect(goDurationString(seconds)).toBe(text);
    expect(parseDurationSeconds(text)).toBe(seconds);
  });

  test.each([1.5, -1])('GIVEN %d WHEN written THEN it is refused (whole seconds only)', (n) => {
    expect(() => goDurationString(n)).toThrow(DurationError);
  });
});
