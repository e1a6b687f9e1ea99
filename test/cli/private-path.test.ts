import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkPrivateDir, createPrivateDirs } from '../../cli/private-path';
import { foreignTo } from './support/foreign-owner';

describe('private directories for secrets', () => {
  let base: string;
  beforeEach(() => { base = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-private-')); });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  test('GIVEN a missing directory in a private one WHEN checked THEN it is to be created, outermost first, and is created 0700', () => {
    const dir = path.join(base, 'a', 'b');
    const state = checkPrivateDir('--out-dir', dir);
    expect(state).toEqual({ dir, exists: false, missing: [path.join(base, 'a'), dir] });
    expect(createPrivateDirs('--out-dir', state)).toEqual([path.join(base, 'a'), dir]);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(checkPrivateDir('--out-dir', dir)).toEqual({ dir, exists: true, missing: [] });
  });

  test('GIVEN an existing directory that group or others may write WHEN checked THEN it is refused with the chmod fix', () => {
    const dir = path.join(base, 'out');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o770);
    expect(() => checkPrivateDir('--out-dir', dir)).toThrow(`--out-dir: "${dir}" has mode 0770: writable by group or others, who could replace the secrets; expected a private directory (mode 0700): chmod 700 "${dir}"`);
    fs.chmodSync(dir, 0o777);
    expect(() => checkPrivateDir('--out-dir', dir)).toThrow('has mode 0777: writable by group or others');
  });

  test('GIVEN an existing directory others may list WHEN checked THEN it is refused: the shares\' directory is 0700', () => {
    const dir = path.join(base, 'out');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o755);
    expect(() => checkPrivateDir('--out-dir', dir)).toThrow(`"${dir}" has mode 0755: group or others may list it; expected a private directory (mode 0700)`);
  });

  test('GIVEN a directory owned by another user WHEN checked THEN it is refused', () => {
    const dir = path.join(base, 'out');
    fs.mkdirSync(dir, { mode: 0o700 });
    const who = foreignTo(dir);
    expect(() => checkPrivateDir('--out-dir', dir, who)).toThrow(new RegExp(`"${dir}" is owned by uid \\d+, not by this user \\(uid ${who.uid}\\)`));
  });

  test('GIVEN a directory above the target owned by another user WHEN checked THEN it is refused: its owner could swap the target', () => {
    const above = path.join(base, 'above');
    fs.mkdirSync(above, { mode: 0o755 });
    const who = foreignTo(above);
    expect(() => checkPrivateDir('--out-dir', path.join(above, 'out'), who)).toThrow(`"${above}", above "${path.join(above, 'out')}", is owned by uid`);
  });

  test('GIVEN a world-writable directory above WHEN checked THEN it is refused without the sticky bit and accepted with it (as /tmp)', () => {
    const shared = path.join(base, 'shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o777);
    const dir = path.join(shared, 'out');
    expect(() => checkPrivateDir('--out-dir', dir)).toThrow(`"${shared}", above "${dir}", has mode 0777: writable by group or others without the sticky bit`);
    fs.chmodSync(shared, 0o1777);
    expect(checkPrivateDir('--out-dir', dir).exists).toBe(false);
  });

  test('GIVEN the target is a symbolic link to a private directory WHEN checked THEN it is refused: never a link', () => {
    const real = path.join(base, 'real');
    fs.mkdirSync(real, { mode: 0o700 });
    const link = path.join(base, 'link');
    fs.symlinkSync(real, link);
    expect(() => checkPrivateDir('--out-dir', link)).toThrow(`--out-dir: "${link}" is a symbolic link (to ${real}); pass the directory itself, not a link to it`);
  });

  test('GIVEN a symbolic link in the path inside a directory others may write WHEN checked THEN it is refused with the real path to use', () => {
    const shared = path.join(base, 'shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o1777);
    const real = path.join(base, 'real');
    fs.mkdirSync(real, { mode: 0o700 });
    fs.symlinkSync(real, path.join(shared, 'planted'));
    const dir = path.join(shared, 'planted', 'out');
    expect(() => checkPrivateDir('--out-dir', dir)).toThrow(`"${path.join(shared, 'planted')}", part of "${dir}", is a symbolic link (to ${real}) owned by uid`);
    expect(() => checkPrivateDir('--out-dir', dir)).toThrow('pass the real path instead');
  });

  test('GIVEN a file where a directory of the path should be WHEN checked THEN it says which part is not a directory', () => {
    fs.writeFileSync(path.join(base, 'file'), '');
    expect(() => checkPrivateDir('--out-dir', path.join(base, 'file'))).toThrow(`--out-dir: "${path.join(base, 'file')}" exists and is not a directory`);
    expect(() => checkPrivateDir('--out-dir', path.join(base, 'file', 'out'))).toThrow(`"${path.join(base, 'file')}", part of "${path.join(base, 'file', 'out')}", exists and is not a directory`);
  });
});
