import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkDirectory, replaceTogether, tlsPaths, writeNewFiles } from '../../../cli/tls/tls-files';

describe('the TLS file layout and how it is written', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-tls-files-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const mode = (f: string) => fs.statSync(f).mode & 0o777;

  test('GIVEN two directories WHEN laid out THEN the server gets tls.crt, tls.key, ca.crt and the CA dir ca.crt, ca.key', () => {
    const p = tlsPaths(path.join(dir, 'server'), path.join(dir, 'ca'));
    expect(path.relative(dir, p.serverCert)).toBe('server/tls.crt');
    expect(path.relative(dir, p.serverKey)).toBe('server/tls.key');
    expect(path.relative(dir, p.serverCa)).toBe('server/ca.crt');
    expect(path.relative(dir, p.caCert)).toBe('ca/ca.crt');
    expect(path.relative(dir, p.caKey)).toBe('ca/ca.key');
  });

  test('GIVEN --ca-dir equal to or inside --out-dir (also through a symlink) WHEN laid out THEN it refuses, naming both', () => {
    const out = path.join(dir, 'server');
    fs.mkdirSync(out);
    fs.symlinkSync(out, path.join(dir, 'link'));
    expect(() => tlsPaths(out, out)).toThrow(`--ca-dir: "${out}" is the same directory as --out-dir "${out}"; the CA key must not be where the server mounts its files`);
    expect(() => tlsPaths(out, path.join(dir, 'link', 'ca'))).toThrow(`--ca-dir: "${path.join(dir, 'link', 'ca')}" is inside --out-dir "${out}"`);
    expect(() => tlsPaths(path.join(dir, 'server-2'), out)).not.toThrow();
  });

  test('GIVEN a file where a directory is expected WHEN checked THEN the flag and path are named', () => {
    const file = path.join(dir, 'file');
    fs.writeFileSync(file, '');
    expect(() => checkDirectory('--out-dir', file)).toThrow(`--out-dir: "${file}" exists and is not a directory`);
    expect(() => checkDirectory('--out-dir', path.join(file, 'sub'))).toThrow(`--out-dir: "${file}" exists and is not a directory`);
    expect(() => checkDirectory('--out-dir', path.join(dir, 'missing'), { mustExist: true })).toThrow(`--out-dir: "${path.join(dir, 'missing')}" does not exist; expected the directory \`tls init\` wrote`);
  });

  test('GIVEN new files WHEN written THEN keys are 0600, certificates 0644, new directories get their modes', () => {
    const ca = path.join(dir, 'new', 'ca');
    const out = path.join(dir, 'new', 'server');
    writeNewFiles([{ dir: ca, mode: 0o700 }, { dir: out, mode: 0o755 }], [
      { file: path.join(ca, 'ca.key'), content: 'k\n', kind: 'key' },
      { file: path.join(out, 'tls.crt'), content: 'c\n', kind: 'certificate' },
    ]);
    expect(mode(ca)).toBe(0o700);
    expect(mode(out)).toBe(0o755);
    expect(mode(path.join(ca, 'ca.key'))).toBe(0o600);
    expect(mode(path.join(out, 'tls.crt'))).toBe(0o644);
  });

  test('GIVEN an existing file WHEN writing THEN it refuses before writing anything', () => {
    fs.writeFileSync(path.join(dir, 'tls.crt'), 'old');
    expect(() => writeNewFiles([], [
      { file: path.join(dir, 'tls.key'), content: 'k', kind: 'key' },
      { file: path.join(dir, 'tls.crt'), content: 'new', kind: 'certificate' },
    ])).toThrow(`refusing to overwrite: ${path.join(dir, 'tls.crt')} already exist(s)`);
    expect(fs.readdirSync(dir)).toEqual(['tls.crt']);
    expect(fs.readFileSync(path.join(dir, 'tls.crt'), 'utf8')).toBe('old');
  });

  test('GIVEN a write that fails half-way WHEN writing THEN the files and directories made so far are removed', () => {
    const out = path.join(dir, 'made', 'server');
    expect(() => writeNewFiles([{ dir: out, mode: 0o755 }], [
      { file: path.join(out, 'tls.key'), content: 'k', kind: 'key' },
      { file: path.join(dir, 'nowhere', 'tls.crt'), content: 'c', kind: 'certificate' },
    ])).toThrow(/ENOENT/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('GIVEN a key and certificate WHEN replaced together THEN both are new, modes are set and no temp file is left', () => {
    fs.writeFileSync(path.join(dir, 'tls.key'), 'old key', { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'tls.crt'), 'old cert', { mode: 0o644 });
    const before = fs.statSync(path.join(dir, 'tls.key'));
    replaceTogether([
      { file: path.join(dir, 'tls.key'), content: 'new key', kind: 'key', owner: { uid: before.uid, gid: before.gid } },
      { file: path.join(dir, 'tls.crt'), content: 'new cert', kind: 'certificate' },
    ]);
    expect(fs.readFileSync(path.join(dir, 'tls.key'), 'utf8')).toBe('new key');
    expect(fs.readFileSync(path.join(dir, 'tls.crt'), 'utf8')).toBe('new cert');
    expect(mode(path.join(dir, 'tls.key'))).toBe(0o600);
    expect(mode(path.join(dir, 'tls.crt'))).toBe(0o644);
    // A new inode: a server that still has the old file open (or a bind mount of it) keeps the old content.
    expect(fs.statSync(path.join(dir, 'tls.key')).ino).not.toBe(before.ino);
    expect(fs.readdirSync(dir).sort()).toEqual(['tls.crt', 'tls.key']);
  });

  test('GIVEN one file that cannot be staged WHEN replaced together THEN no file is replaced and no temp file is left', () => {
    fs.writeFileSync(path.join(dir, 'tls.key'), 'old key');
    expect(() => replaceTogether([
      { file: path.join(dir, 'tls.key'), content: 'new key', kind: 'key' },
      { file: path.join(dir, 'missing-dir', 'tls.crt'), content: 'new cert', kind: 'certificate' },
    ])).toThrow(/ENOENT/);
    expect(fs.readFileSync(path.join(dir, 'tls.key'), 'utf8')).toBe('old key');
    expect(fs.readdirSync(dir)).toEqual(['tls.key']);
  });
});
