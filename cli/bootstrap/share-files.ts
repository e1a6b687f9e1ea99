// The unseal shares on disk. The moment sys/init answers, all shares go into one staged file (one
// write, fsynced), then each into its own file; the staged file is removed once every share file
// holds its share. A run killed in between leaves the staged file, from which --resume finishes the
// share files. A share that cannot be written at all is shown once on stderr instead of being lost.
import * as fs from 'node:fs';
import { CliError } from '../errors';
import { CliIo } from '../io';
import { fsReason } from '../errno-reasons';
import { writeOnce } from '../secret-files';
import { CeremonyLayout, shareFilesOf } from './ceremony-files';

const STAGED_FORMAT = 'hoodcloud-bootstrap-staged-shares/1';

/** The shares as sys/init returned them; `pgp`: each is base64 of a message encrypted to its custodian. */
export interface InitShares {
  readonly pgp: boolean;
  readonly shares: readonly string[];
}

/** One share that is not in its file, and why. */
export interface UnsavedShare {
  /** 1-based share number. */
  readonly number: number;
  readonly value: string;
}

/** Makes a new directory entry durable (best effort: not every file system fsyncs directories). */
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // EINVAL/EISDIR on some file systems: the file's own fsync already ran
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Writes every share into the staged file (mode 0600, written once, fsynced). Throws the file system error. */
export function stageShares(layout: CeremonyLayout, init: InitShares): void {
  writeOnce(layout.stagedShares, JSON.stringify({ format: STAGED_FORMAT, pgp: init.pgp, shares: init.shares }));
  fsyncDir(layout.outDir);
}

/** The staged shares, if a run left them; an error names the file when it is not ours. */
export function readStagedShares(layout: CeremonyLayout): InitShares | undefined {
  if (!fs.existsSync(layout.stagedShares)) return undefined;
  const text = fs.readFileSync(layout.stagedShares, 'utf8').trim();
  let json: { format?: unknown; pgp?: unknown; shares?: unknown } | undefined;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const shares = json?.shares;
  if (!json || json.format !== STAGED_FORMAT || !Array.isArray(shares) || !shares.every((s) => typeof s === 'string' && s !== '')) {
    const why = text === '' ? 'it is empty: the run was killed while writing it, before any share was saved' : 'it is not the staged shares file bootstrap writes';
    throw new CliError(`--out-dir: "${layout.stagedShares}" cannot be read back (${why}); move it away and run --resume again`);
  }
  return { pgp: json.pgp === true, shares: shares as string[] };
}

/**
 * Gives every share its own file (mode 0600): writes the missing ones, replaces an empty one (a run
 * killed between creating and writing it), accepts one that already holds its share and never
 * touches one that holds something else. Never throws: returns the shares that are not in their
 * file, with the first reason.
 */
export function writeShareFiles(layout: CeremonyLayout, init: InitShares, onWritten: (n: number, file: string) => void): { unsaved: UnsavedShare[]; reason?: string } {
  const files = shareFilesOf(layout, init.pgp);
  const unsaved: UnsavedShare[] = [];
  let reason: string | undefined;
  init.shares.forEach((share, i) => {
    const file = files[i];
    try {
      if (fs.existsSync(file)) {
        const held = fs.readFileSync(file, 'utf8').trim();
        if (held === share) return;
        if (held !== '') throw new OtherContent(file);
        fs.rmSync(file);
      }
      writeOnce(file, share);
      onWritten(i + 1, file);
    } catch (e) {
      unsaved.push({ number: i + 1, value: share });
      reason ??= e instanceof OtherContent ? e.message : fsReason(e);
    }
  });
  return { unsaved, reason };
}

class OtherContent extends Error {
  constructor(file: string) {
    super(`"${file}" holds something else, left untouched: move it away`);
  }
}

/** Removes the staged file once every share file holds its share; returns why it could not, if so. */
export function removeStagedShares(layout: CeremonyLayout): string | undefined {
  try {
    fs.rmSync(layout.stagedShares, { force: true });
  } catch (e) {
    return `could not remove the staged copy ${layout.stagedShares} (${fsReason(e)}): it holds every share, delete it by hand`;
  }
  fsyncDir(layout.outDir);
  return undefined;
}

const BAR = '!'.repeat(78);

/**
 * Shows shares that exist nowhere else, once, on stderr, framed by a warning that cannot be missed.
 * The only place the CLI ever prints a secret: the alternative is losing it.
 */
export function showUnsavedShares(io: CliIo, shares: readonly UnsavedShare[], total: number, why: string, pgp: boolean): void {
  io.err([
    BAR,
    `!!! ${shares.length} OF ${total} UNSEAL SHARES COULD NOT BE SAVED: COPY THEM NOW, THIS IS THEIR ONLY COPY !!!`,
    BAR,
    `They could not be written to --out-dir (${why}). The server is initialized and does not keep them;`,
    'this text is not shown again. Copy each line below now (onto paper or another disk), then clear the',
    'terminal and its scrollback.',
    ...(pgp ? ['Each is base64 of a message encrypted to its custodian (still only they can read it).'] : []),
    ...shares.map((s) => `  unseal share ${s.number} of ${total}: ${s.value}`),
    BAR,
  ].join('\n'));
}
