import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readTarMembers, TarFormatError } from '../../../cli/snapshot/tar-members';

describe('tar members', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-tar-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** An uncompressed archive made by GNU tar from files in `dir`/in. */
  function tar(format: 'ustar' | 'pax', files: Record<string, string | Buffer>, extraArgs: string[] = []): Buffer {
    const src = path.join(dir, 'in');
    fs.mkdirSync(src, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(src, name)), { recursive: true });
      fs.writeFileSync(path.join(src, name), content);
    }
    const out = path.join(dir, 'a.tar');
    execFileSync('tar', [`--format=${format}`, '-cf', out, '-C', src, ...extraArgs, ...Object.keys(files)]);
    return fs.readFileSync(out);
  }

  test('GIVEN a ustar archive of three files WHEN read THEN every member comes back in order with its exact bytes', () => {
    const big = Buffer.alloc(1500, 7);
    const members = readTarMembers(tar('ustar', { 'meta.json': '{"a":1}', 'state.bin': big, empty: '' }));
    expect(members.map((m) => m.name)).toEqual(['meta.json', 'state.bin', 'empty']);
    expect(members[0].data.toString()).toBe('{"a":1}');
    expect(members[1].data.equals(big)).toBe(true);
    expect(members[2].data).toHaveLength(0);
  });

  test('GIVEN a PAX archive with a name longer than 100 characters WHEN read THEN the PAX path names the member', () => {
    const long = `${'d'.repeat(60)}/${'f'.repeat(120)}`;
    const members = readTarMembers(tar('pax', { [long]: 'x' }, ['--no-recursion']));
    expect(members.map((m) => m.name)).toEqual([long]);
  });

  test('GIVEN an archive with a directory WHEN read THEN it is refused: a snapshot holds regular files only', () => {
    fs.mkdirSync(path.join(dir, 'in', 'sub'), { recursive: true });
    const withDir = path.join(dir, 'dir.tar');
    execFileSync('tar', ['--format=ustar', '-cf', withDir, '-C', path.join(dir, 'in'), 'sub']);
    expect(() => readTarMembers(fs.readFileSync(withDir))).toThrow('member "sub/" has tar type "5"; a snapshot holds regular files only');
  });

  test('GIVEN a header byte flipped WHEN read THEN the checksum mismatch is reported', () => {
    const archive = tar('ustar', { a: 'hello' });
    archive[10] ^= 0x01;
    expect(() => readTarMembers(archive)).toThrow(new TarFormatError('header at byte 0: checksum mismatch'));
  });

  test('GIVEN an archive cut in the middle of a member WHEN read THEN it is reported as truncated', () => {
    const archive = tar('ustar', { a: Buffer.alloc(2000, 1) });
    expect(() => readTarMembers(archive.subarray(0, 1024))).toThrow('member "a" is truncated (2000 bytes declared, 512 present)');
  });

  test('GIVEN an archive without its end-of-archive marker WHEN read THEN it is reported as truncated', () => {
    const archive = tar('ustar', { a: 'x' });
    expect(() => readTarMembers(archive.subarray(0, 1024))).toThrow('the archive ends without the end-of-archive marker (truncated?)');
  });

  test('GIVEN bytes that are not tar WHEN read THEN the missing ustar magic is reported', () => {
    expect(() => readTarMembers(Buffer.alloc(1024, 0x41))).toThrow('header at byte 0 has no ustar magic');
  });
});
