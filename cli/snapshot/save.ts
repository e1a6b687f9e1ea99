// `snapshot save`: streams a raft snapshot into a private temp file beside --out, checks the
// archive completely, then publishes it under --out with link(2), which fails instead of
// replacing an existing file: the snapshot appears whole, once, or not at all.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { downloadToFile } from '../../vault-api/binary-transfer';
import { VaultClient } from '../../vault-api/client';
import { CliError } from '../errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { inspectSnapshot, SnapshotFileError, SnapshotSummary } from './snapshot-archive';
import { checkNewSnapshotPath } from './snapshot-file';

export const SNAPSHOT_API_PATH = 'sys/storage/raft/snapshot';

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Takes, checks and writes the snapshot; returns what the check found. Nothing is left behind on failure. */
export async function runSnapshotSave(client: VaultClient, io: CliIo, out: string): Promise<SnapshotSummary> {
  checkNewSnapshotPath('--out', out);
  const dir = path.dirname(path.resolve(out));
  const tmp = path.join(dir, `.${path.basename(out)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  const progress = new Progress(io, 3);
  try {
    progress.next(`Taking a raft snapshot (GET ${SNAPSHOT_API_PATH}) into a private temp file in ${dir}`);
    const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    try {
      const bytes = await downloadToFile(client, SNAPSHOT_API_PATH, fd);
      fs.fsyncSync(fd);
      progress.detail(`${bytes} bytes received`);
    } finally {
      fs.closeSync(fd);
    }

    progress.next('Checking the archive: gzip, tar members, SHA256SUMS, meta.json, storage entries');
    let summary: SnapshotSummary;
    try {
      summary = inspectSnapshot(fs.readFileSync(tmp));
    } catch (e) {
      if (!(e instanceof SnapshotFileError)) throw e;
      throw new CliError(`the server's snapshot is not an intact raft snapshot (${e.message}); nothing was written to --out ${out}`);
    }

    progress.next(`Writing ${out} (mode 0600, never overwriting)`);
    fs.chmodSync(tmp, 0o600);
    try {
      fs.linkSync(tmp, out);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`--out: "${out}" appeared while the snapshot was taken; it was not overwritten`, 2);
      throw new CliError(`--out: cannot create "${out}" (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    fsyncDir(dir);
    return summary;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
