// Snapshot files on disk: where one may be written (never over another file, never inside this
// repository) and reading one back with every check of snapshot-archive.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../errors';
import { inspectSnapshot, SnapshotFileError, SnapshotSummary } from './snapshot-archive';

/** The project checkout this CLI runs from: a snapshot written there could be committed. */
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

const isInside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Refuses (exit 2) an --out that exists, whose directory is missing, or that lies inside the project checkout. */
export function checkNewSnapshotPath(flag: string, file: string): void {
  if (fs.existsSync(file)) throw new CliError(`${flag}: "${file}" exists; a snapshot is never overwritten: choose a new file name (e.g. with the date and time)`, 2);
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new CliError(`${flag}: directory "${dir}" does not exist; expected an existing directory (mode 0700) for snapshots`, 2);
  }
  if (isInside(fs.realpathSync(dir), fs.realpathSync(PROJECT_ROOT))) {
    throw new CliError(`${flag}: "${file}" is inside the project checkout ${PROJECT_ROOT}; a snapshot holds every secret (encrypted) and must not land in the repository: write it elsewhere, e.g. /var/backups/hoodcloud-vault`, 2);
  }
}

/** Reads and checks a snapshot file; exit 2 when it is missing, 1 when it is not an intact snapshot. */
export function readSnapshotFile(flag: string, file: string): SnapshotSummary {
  if (!fs.existsSync(file)) throw new CliError(`${flag}: "${file}" does not exist; expected a snapshot file written by \`snapshot save\``, 2);
  if (!fs.statSync(file).isFile()) throw new CliError(`${flag}: "${file}" is not a regular file; expected a snapshot file written by \`snapshot save\``, 2);
  try {
    return inspectSnapshot(fs.readFileSync(file));
  } catch (e) {
    if (e instanceof SnapshotFileError) throw new CliError(`${flag}: "${file}" is not an intact raft snapshot: ${e.message}`);
    throw e;
  }
}
