import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readAuditLog } from '../../../cli/audit/audit-log-file';
import { buildFilter } from '../../../cli/audit/audit-filter';
import { FIXTURE_LOG } from './support/fixture';

const everything = buildFilter({ role: [], path: [], operation: [], outcome: [] }, new Date());
const fixture = fs.readFileSync(FIXTURE_LOG, 'utf8');
const fixtureLines = fixture.split('\n').filter((l) => l !== '');

describe('reading the audit log file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-audit-file-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string | Buffer) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, content);
    return f;
  };

  test('GIVEN the real log WHEN read THEN every line counts as an entry', async () => {
    const content = await readAuditLog(write('audit.log', fixture), everything);
    expect({ entries: content.entries, warnings: content.warnings }).toEqual({ entries: fixtureLines.length, warnings: [] });
  });

  test('GIVEN a gzipped rotated copy WHEN read THEN it reads the same as the plain log', async () => {
    const plain = await readAuditLog(write('audit.log', fixture), everything);
    const gz = await readAuditLog(write('audit.log.1.gz', gzipSync(fixture)), everything);
    expect(gz.records).toEqual(plain.records);
  });

  test('GIVEN a path that does not exist WHEN read THEN a usage error names --file and where the server writes it', async () => {
    await expect(readAuditLog(path.join(dir, 'nope.log'), everything)).rejects.toMatchObject({
      exitCode: 2,
      message: `--file: "${path.join(dir, 'nope.log')}" does not exist; expected the audit device's log file (on the server: /vault/logs/audit.log)`,
    });
  });

  test('GIVEN a directory WHEN read THEN a usage error says so (no raw EISDIR)', async () => {
    await expect(readAuditLog(dir, everything)).rejects.toMatchObject({ exitCode: 2, message: `--file: "${dir}" is a directory; expected the log file itself (e.g. ${path.join(dir, 'audit.log')})` });
  });

  test('GIVEN a line that is not JSON in the middle WHEN read THEN the error names the line number and never its text', async () => {
    const lines = [...fixtureLines.slice(0, 4), 'password=hunter2 not json', ...fixtureLines.slice(4)];
    const err = await readAuditLog(write('audit.log', lines.join('\n')), everything).then(() => new Error('read without error'), (e: unknown) => e as Error);
    expect(err).toMatchObject({ exitCode: 2, message: expect.stringContaining('is not a JSON audit log: line 5 is not JSON; expected the JSON log of a file audit device (format=json)') });
    expect(err.message).not.toContain('hunter2');
  });

  test.each([
    ['a JSON array', '[1,2]', 'line 1 is JSON but not an object'],
    ['an object without type', '{"time":"2026-12-01T00:00:00Z"}', 'line 1 has no "type" of "request" or "response"'],
    ['an entry without request id', '{"type":"request","request":{}}', 'line 1 has no "request" object with an "id"'],
    ['a text file', 'hello\n', 'line 1 is not JSON'],
  ])('GIVEN %s WHEN read THEN it is not an audit log, at line 1', async (_what, content, problem) => {
    await expect(readAuditLog(write('x.log', content), everything)).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(`is not a JSON audit log: ${problem}`) });
  });

  test('GIVEN a last line cut short (the server is still writing) WHEN read THEN the entries before it are read and a warning names the line', async () => {
    const cut = `${fixtureLines.join('\n')}\n${fixtureLines[0].slice(0, 40)}`;
    const content = await readAuditLog(write('audit.log', cut), everything);
    expect(content.entries).toBe(fixtureLines.length);
    expect(content.warnings).toEqual([`--file: line ${fixtureLines.length + 1} (the last) is incomplete, probably still being written; skipped`]);
  });

});
