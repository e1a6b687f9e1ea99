import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from '../../../cli/errors';
import { checkNewSnapshotPath, readSnapshotFile } from '../../../cli/snapshot/snapshot-file';
import { fakeSnapshot } from './support/fake-snapshot';
import { PROJECT_ROOT } from '../../support/project';


function thrown(f: () => unknown): CliError {
  try {
    f();
  } catch (e) {
    return e as CliError;
  }
  throw new Error('expected an error');
}

describe('snapshot files', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-snapfile-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN a new name in an existing directory outside the project WHEN checked THEN it is accepted', () => {
    expect(() => checkNewSnapshotPath('--out', path.join(dir, 'vault.raft.tgz'))).not.toThrow();
  });

  test('GIVEN an existing file WHEN checked as --out THEN it is refused with exit 2 (never overwritten)', () => {
    const f = path.join(dir, 'old.raft.tgz');
    fs.writeFileSync(f, 'old');
    const e = thrown(() => checkNewSnapshotPath('--out', f));
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(`--out: "${f}" exists; a snapshot is never overwritten: choose a new file name (e.g. with the date and time)`);
  });

  test('GIVEN a missing directory WHEN checked as --out THEN the directory is named', () => {
    const e = thrown(() => checkNewSnapshotPath('--out', path.join(dir, 'nope', 'x.raft.tgz')));
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(`--out: directory "${path.join(dir, 'nope')}" does not exist; expected an existing directory (mode 0700) for snapshots`);
  });

  test('GIVEN a path inside the project checkout WHEN checked as --out THEN it is refused: no snapshot lands in the repository', () => {
    const e = thrown(() => checkNewSnapshotPath('--out', path.join(PROJECT_ROOT, 'cdktf.out', '..', 'vault.raft.tgz')));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('is inside the project checkout');
    expect(e.message).toContain('must not land in the repository');
  });

  test('GIVEN an intact snapshot file WHEN read THEN its summary comes back', () => {
    const f = path.join(dir, 's.raft.tgz');
    fs.writeFileSync(f, fakeSnapshot());
    expect(readSnapshotFile('--file', f).sealConfig).toEqual({ type: 'shamir', shares: 5, threshold: 3 });
  });

  test('GIVEN a missing file or a directory WHEN read THEN exit 2 names the flag, no raw ENOENT or EISDIR', () => {
    const missing = thrown(() => readSnapshotFile('--file', path.join(dir, 'missing')));
    expect([missing.exitCode, missing.message]).toEqual([2, `--file: "${path.join(dir, 'missing')}" does not exist; expected a snapshot file written by \`snapshot save\``]);
    const isDir = thrown(() => readSnapshotFile('--file', dir));
    expect([isDir.exitCode, isDir.message]).toEqual([2, `--file: "${dir}" is not a regular file; expected a snapshot file written by \`snapshot save\``]);
  });

  test('GIVEN a corrupted file WHEN read THEN exit 1 says what is wrong', () => {
    const f = path.join(dir, 'bad.raft.tgz');
    fs.writeFileSync(f, 'junk');
    const e = thrown(() => readSnapshotFile('--file', f));
    expect([e.exitCode, e.message]).toEqual([1, `--file: "${f}" is not an intact raft snapshot: not a gzip stream (Z_DATA_ERROR)`]);
  });
});
