import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ceremonyLayout, CeremonyLayout } from '../../../cli/bootstrap/ceremony-files';
import { readStagedShares, removeStagedShares, showUnsavedShares, stageShares, writeShareFiles } from '../../../cli/bootstrap/share-files';

const SHARES = ['share-one-aaaa', 'share-two-bbbb', 'share-three-cc', 'share-four-ddd', 'share-five-eee'];

describe('the unseal shares on disk', () => {
  let base: string;
  let layout: CeremonyLayout;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-shares-'));
    layout = ceremonyLayout(path.join(base, 'ceremony'));
    fs.mkdirSync(layout.outDir, { mode: 0o700 });
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));
  const read = (f: string) => fs.readFileSync(f, 'utf8').trim();

  test('GIVEN the answer of sys/init WHEN staged, written and the stage removed THEN each share has its own 0600 file and no copy is left', () => {
    stageShares(layout, { pgp: false, shares: SHARES });
    expect(fs.statSync(layout.stagedShares).mode & 0o777).toBe(0o600);
    expect(readStagedShares(layout)).toEqual({ pgp: false, shares: SHARES });
    const written: number[] = [];
    expect(writeShareFiles(layout, { pgp: false, shares: SHARES }, (n) => written.push(n))).toEqual({ unsaved: [], reason: undefined });
    removeStagedShares(layout);
    expect(written).toEqual([1, 2, 3, 4, 5]);
    expect(layout.clearShares.map(read)).toEqual(SHARES);
    expect(layout.clearShares.map((f) => fs.statSync(f).mode & 0o777)).toEqual([0o600, 0o600, 0o600, 0o600, 0o600]);
    expect(fs.readdirSync(layout.outDir).sort()).toEqual(['unseal-share-1', 'unseal-share-2', 'unseal-share-3', 'unseal-share-4', 'unseal-share-5']);
  });

  test('GIVEN a run killed after share 2 (share 3 created empty) WHEN the files are completed from the stage THEN 3 is replaced, 1 and 2 kept, 4 and 5 written', () => {
    stageShares(layout, { pgp: true, shares: SHARES });
    fs.writeFileSync(layout.pgpShares[0], `${SHARES[0]}\n`, { mode: 0o600 });
    fs.writeFileSync(layout.pgpShares[1], `${SHARES[1]}\n`, { mode: 0o600 });
    fs.writeFileSync(layout.pgpShares[2], '', { mode: 0o600 });
    const staged = readStagedShares(layout)!;
    expect(staged.pgp).toBe(true);
    const written: number[] = [];
    expect(writeShareFiles(layout, staged, (n) => written.push(n)).unsaved).toEqual([]);
    expect(written).toEqual([3, 4, 5]);
    expect(layout.pgpShares.map(read)).toEqual(SHARES);
  });

  test('GIVEN a share file holding something else WHEN written THEN it is left untouched and its share returned unsaved, the others written', () => {
    fs.writeFileSync(layout.clearShares[1], 'another ceremony\n');
    expect(writeShareFiles(layout, { pgp: false, shares: SHARES }, () => undefined)).toEqual({
      unsaved: [{ number: 2, value: SHARES[1] }],
      reason: `"${layout.clearShares[1]}" holds something else, left untouched: move it away`,
    });
    expect(read(layout.clearShares[1])).toBe('another ceremony');
    expect(read(layout.clearShares[4])).toBe(SHARES[4]);
  });

  test('GIVEN the directory replaced by a file after the checks WHEN the shares are written THEN every share is returned unsaved with the reason, none dropped', () => {
    fs.rmSync(layout.outDir, { recursive: true });
    fs.writeFileSync(layout.outDir, '');
    expect(() => stageShares(layout, { pgp: false, shares: SHARES })).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    const result = writeShareFiles(layout, { pgp: false, shares: SHARES }, () => undefined);
    expect(result.reason).toBe('a part of the path is a file, not a directory');
    expect(result.unsaved).toEqual(SHARES.map((value, i) => ({ number: i + 1, value })));
  });

  test('GIVEN unsaved shares WHEN shown THEN each appears once, numbered, under a warning that cannot be missed', () => {
    const err: string[] = [];
    showUnsavedShares({ err: (t: string) => err.push(t) } as never, [{ number: 4, value: SHARES[3] }, { number: 5, value: SHARES[4] }], 5, 'no space left on the device', false);
    const text = err.join('\n');
    expect(text).toContain('!!! 2 OF 5 UNSEAL SHARES COULD NOT BE SAVED: COPY THEM NOW, THIS IS THEIR ONLY COPY !!!');
    expect(text).toContain('They could not be written to --out-dir (no space left on the device).');
    expect(text).toContain(`  unseal share 4 of 5: ${SHARES[3]}\n  unseal share 5 of 5: ${SHARES[4]}`);
    expect(text.split(SHARES[3])).toHaveLength(2);
    expect(text).not.toContain(SHARES[0]);
  });

  test('GIVEN a staged file cut off while being written WHEN read back THEN it says so and names the file', () => {
    fs.writeFileSync(layout.stagedShares, '');
    expect(() => readStagedShares(layout)).toThrow(`--out-dir: "${layout.stagedShares}" cannot be read back (it is empty: the run was killed while writing it, before any share was saved)`);
  });
});
