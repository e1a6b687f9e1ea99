import { buildFilter, pathMatcher } from '../../../cli/audit/audit-filter';

const none = { role: [], path: [], operation: [], outcome: [] };
const NOW = new Date('2026-12-01T12:00:00Z');

describe('audit filters', () => {
  test('GIVEN a pattern without * WHEN matched THEN it is a prefix; a leading / or /v1/ is ignored', () => {
    const m = pathMatcher('/v1/secret/data/hoodcloud/');
    expect(['secret/data/hoodcloud/a', 'secret/data/other'].map(m)).toEqual([true, false]);
  });

  test('GIVEN a glob WHEN matched THEN * stands for any characters (slashes too) and the whole path must match', () => {
    const m = pathMatcher('secret/data/*/database');
    expect(['secret/data/hoodcloud/auth-server/database', 'secret/data/x/database/old', 'secret/data/database'].map(m)).toEqual([true, false, false]);
    expect(pathMatcher('sys/audit*')('sys/audit-hash/file')).toBe(true);
    expect(pathMatcher('a.b*')('aXb')).toBe(false);
  });

  test.each([
    [{ operation: ['write'] }, '--operation: "write" is not one of read, create, update, patch, delete, list, scan (a KV write is create for a new secret, update otherwise)'],
    [{ outcome: ['refused'] }, '--outcome: "refused" is not one of denied, error, ok, no-response'],
    [{ role: ['a,'] }, '--role: empty value; expected e.g. --role hoodcloud-control-plane'],
    [{ since: '1h', until: '2h' }, /^--since 1h \(2026-12-01T11:00:00.000Z\) is after --until 2h \(2026-12-01T10:00:00.000Z\)/],
    [{ until: 'soon' }, '--until: "soon" is neither a time nor a duration'],
  ])('GIVEN %j WHEN the filter is built THEN a usage error names the flag and the value', (flags, message) => {
    expect(() => buildFilter({ ...none, ...flags }, NOW)).toThrow(expect.objectContaining({ exitCode: 2, message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message) }));
  });
});
