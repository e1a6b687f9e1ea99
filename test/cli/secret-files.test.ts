import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { refuseExisting, writeAtomic, writeOnce } from '../../cli/secret-files';

describe('secret files', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-files-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const mode = (f: string) => fs.statSync(f).mode & 0o777;

  test('GIVEN a new path WHEN written once THEN it holds the secret with mode 0600', () => {
    const f = path.join(dir, 'share');
    writeOnce(f, 'abc');
    expect(fs.readFileSync(f, 'utf8')).toBe('abc\n');
    expect(mode(f)).toBe(0o600);
  });

  test('GIVEN an existing file WHEN written once THEN it refuses and keeps the old content', () => {
    const f = path.join(dir, 'share');
    fs.writeFileSync(f, 'old');
    expect(() => writeOnce(f, 'new')).toThrow(/EEXIST/);
    expect(fs.readFileSync(f, 'utf8')).toBe('old');
  });

  test('GIVEN files that exist WHEN checked before the ceremony THEN the refusal lists them', () => {
    fs.writeFileSync(path.join(dir, 'a'), '');
    expect(() => refuseExisting([path.join(dir, 'a'), path.join(dir, 'b')])).toThrow(`refusing to overwrite: ${path.join(dir, 'a')} already exist(s)`);
  });

  test('GIVEN a read-only credential file WHEN replaced atomically THEN the new content has mode 0400 and no temp file is left', () => {
    const f = path.join(dir, 'secret_id');
    writeAtomic(f, 'one');
    expect(mode(f)).toBe(0o400);
    writeAtomic(f, 'two');
    expect(fs.readFileSync(f, 'utf8')).toBe('two\n');
    expect(mode(f)).toBe(0o400);
    expect(fs.readdirSync(dir)).toEqual(['secret_id']);
  });
});
