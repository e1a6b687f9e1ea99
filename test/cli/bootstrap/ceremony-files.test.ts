import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ceremonyLayout, checkFreshLayout, checkResumeLayout, prepareDirs } from '../../../cli/bootstrap/ceremony-files';
import { foreignTo } from '../support/foreign-owner';

describe('the ceremony files, checked before sys/init', () => {
  let base: string;
  let outDir: string;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-ceremony-files-'));
    outDir = path.join(base, 'ceremony');
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  test('GIVEN a new --out-dir WHEN checked and prepared THEN it and admin/ are created 0700 and nothing else is left in them', () => {
    const layout = ceremonyLayout(outDir);
    prepareDirs(checkFreshLayout(layout));
    expect(fs.statSync(outDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(layout.adminDir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(outDir)).toEqual(['admin']);
    expect(fs.readdirSync(layout.adminDir)).toEqual([]);
  });

  test('GIVEN a dangling symbolic link named like share 4 WHEN checked THEN it counts as taken and nothing is created', () => {
    fs.mkdirSync(outDir, { mode: 0o700 });
    const layout = ceremonyLayout(outDir);
    fs.symlinkSync(path.join(base, 'nowhere'), layout.clearShares[3]);
    expect(() => checkFreshLayout(layout)).toThrow(`--out-dir: refusing to overwrite: ${layout.clearShares[3]} already exist(s) (a symbolic link counts, a dangling one too)`);
    expect(fs.existsSync(layout.adminDir)).toBe(false);
  });

  test('GIVEN a file named admin WHEN checked THEN it is found before anything happens, not at step 8', () => {
    fs.mkdirSync(outDir, { mode: 0o700 });
    const layout = ceremonyLayout(outDir);
    fs.writeFileSync(layout.adminDir, 'not a directory');
    expect(() => checkFreshLayout(layout)).toThrow(`--out-dir: "${layout.adminDir}" exists and is a file, not a directory: the admin credentials go into that directory; move it away or choose another --out-dir`);
  });

  test('GIVEN admin as a symbolic link to a directory WHEN checked THEN it is refused', () => {
    fs.mkdirSync(outDir, { mode: 0o700 });
    fs.mkdirSync(path.join(base, 'elsewhere'), { mode: 0o700 });
    const layout = ceremonyLayout(outDir);
    fs.symlinkSync(path.join(base, 'elsewhere'), layout.adminDir);
    expect(() => checkFreshLayout(layout)).toThrow(`"${layout.adminDir}" exists and is a symbolic link (to ${path.join(base, 'elsewhere')})`);
  });

  test('GIVEN an admin directory others may read WHEN checked THEN it is refused like --out-dir', () => {
    fs.mkdirSync(outDir, { mode: 0o700 });
    const layout = ceremonyLayout(outDir);
    fs.mkdirSync(layout.adminDir);
    fs.chmodSync(layout.adminDir, 0o755);
    expect(() => checkFreshLayout(layout)).toThrow(`"${layout.adminDir}" has mode 0755`);
  });

  test('GIVEN shares and credentials of an earlier ceremony WHEN checked for a fresh one THEN all are listed and --resume is suggested', () => {
    fs.mkdirSync(path.join(outDir, 'admin'), { recursive: true, mode: 0o700 });
    const layout = ceremonyLayout(outDir);
    fs.writeFileSync(layout.pgpShares[0], 'x');
    fs.writeFileSync(layout.secretId, 'x');
    expect(() => checkFreshLayout(layout)).toThrow(`refusing to overwrite: ${layout.pgpShares[0]}, ${layout.secretId} already exist(s)`);
    expect(() => checkFreshLayout(layout)).toThrow('or finish the ceremony these files belong to with `bootstrap --resume`');
  });

  test('GIVEN a group-writable or foreign --out-dir WHEN checked THEN it is refused before anything is created', () => {
    fs.mkdirSync(outDir);
    fs.chmodSync(outDir, 0o770);
    expect(() => checkFreshLayout(ceremonyLayout(outDir))).toThrow('has mode 0770: writable by group or others');
    fs.chmodSync(outDir, 0o700);
    const who = foreignTo(outDir);
    expect(() => checkFreshLayout(ceremonyLayout(outDir), who)).toThrow(`"${outDir}" is owned by uid`);
    expect(fs.readdirSync(outDir)).toEqual([]);
  });

  test('GIVEN --resume WHEN the out-dir is missing or a share file is a link THEN it is refused', () => {
    expect(() => checkResumeLayout(ceremonyLayout(outDir))).toThrow(`--out-dir: "${outDir}" does not exist; --resume continues the ceremony in the --out-dir it wrote its shares to`);
    fs.mkdirSync(outDir, { mode: 0o700 });
    const layout = ceremonyLayout(outDir);
    fs.writeFileSync(path.join(base, 'share'), 'x');
    fs.symlinkSync(path.join(base, 'share'), layout.clearShares[0]);
    expect(() => checkResumeLayout(layout)).toThrow(`--out-dir: "${layout.clearShares[0]}" is a symbolic link; the ceremony only writes regular files: move it away`);
  });

  test('GIVEN --resume on the directory of a stopped run WHEN checked THEN its files are accepted and a missing admin/ is to be created', () => {
    fs.mkdirSync(outDir, { mode: 0o700 });
    const layout = ceremonyLayout(outDir);
    fs.writeFileSync(layout.clearShares[0], 'x', { mode: 0o600 });
    fs.writeFileSync(layout.stagedShares, 'x', { mode: 0o600 });
    const dirs = checkResumeLayout(layout);
    expect(dirs.adminDir).toMatchObject({ exists: false, missing: [layout.adminDir] });
  });
});
