// The files of the bootstrap ceremony in --out-dir, and the checks that they can all be written
// before sys/init runs: once the server is initialized, a share that cannot be written is a share
// lost. A path that exists in any form (a file, a directory, a symbolic link, a dangling one too)
// counts as taken.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../errors';
import { checkPrivateDir, createPrivateDirs, currentIdentity, Identity, PrivateDirState, removeEmptyDirs } from '../private-path';
import { fsReason } from '../errno-reasons';

export const KEY_SHARES = 5;
export const KEY_THRESHOLD = 3;

/** Where each file of the ceremony goes. */
export interface CeremonyLayout {
  readonly outDir: string;
  /** All shares, written in one go the moment sys/init answers, removed once each has its own file. */
  readonly stagedShares: string;
  /** Share N (1-based) at index N-1, in clear. */
  readonly clearShares: readonly string[];
  /** Share N encrypted to custodian N (base64 of the OpenPGP message). */
  readonly pgpShares: readonly string[];
  readonly adminDir: string;
  readonly roleId: string;
  readonly secretId: string;
  readonly secretIdAccessor: string;
}

export function ceremonyLayout(outDir: string): CeremonyLayout {
  const dir = path.resolve(outDir);
  const adminDir = path.join(dir, 'admin');
  const n = Array.from({ length: KEY_SHARES }, (_, i) => i + 1);
  return {
    outDir: dir,
    stagedShares: path.join(dir, 'unseal-shares.staged'),
    clearShares: n.map((i) => path.join(dir, `unseal-share-${i}`)),
    pgpShares: n.map((i) => path.join(dir, `unseal-share-${i}.pgp.b64`)),
    adminDir,
    roleId: path.join(adminDir, 'role_id'),
    secretId: path.join(adminDir, 'secret_id'),
    secretIdAccessor: path.join(adminDir, 'secret_id_accessor'),
  };
}

/** The share files of one form (PGP or clear). */
export const shareFilesOf = (layout: CeremonyLayout, pgp: boolean): readonly string[] => (pgp ? layout.pgpShares : layout.clearShares);

const ceremonyFiles = (l: CeremonyLayout) => [l.stagedShares, ...l.clearShares, ...l.pgpShares, l.roleId, l.secretId, l.secretIdAccessor];

/** The directories the ceremony needs, checked, and which of them to create. */
export interface CheckedDirs {
  readonly outDir: PrivateDirState;
  readonly adminDir: PrivateDirState;
}

/** The admin directory: absent, or a private directory of ours (never a file or a link). */
function checkAdminDir(layout: CeremonyLayout, outDir: PrivateDirState, who: Identity): PrivateDirState {
  if (!outDir.exists) return { dir: layout.adminDir, exists: false, missing: [...outDir.missing, path.join(outDir.dir, 'admin')] };
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(layout.adminDir);
  } catch {
    st = undefined;
  }
  if (st && !st.isDirectory()) {
    const what = st.isSymbolicLink() ? `a symbolic link (to ${fs.readlinkSync(layout.adminDir)})` : 'a file, not a directory';
    throw new CliError(`--out-dir: "${layout.adminDir}" exists and is ${what}: the admin credentials go into that directory; move it away or choose another --out-dir`, 2);
  }
  return checkPrivateDir('--out-dir', layout.adminDir, who);
}

const exists = (p: string): boolean => {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

/**
 * Before a fresh ceremony: --out-dir and <out-dir>/admin are (or can be made) private directories
 * of this user, and none of the files the ceremony writes exists in any form.
 */
export function checkFreshLayout(layout: CeremonyLayout, who: Identity = currentIdentity()): CheckedDirs {
  const outDir = checkPrivateDir('--out-dir', layout.outDir, who);
  const adminDir = checkAdminDir(layout, outDir, who);
  const taken = ceremonyFiles(layout).filter(exists);
  if (taken.length > 0) {
    const resumable = taken.some((f) => f === layout.stagedShares || layout.clearShares.includes(f) || layout.pgpShares.includes(f));
    throw new CliError(
      `--out-dir: refusing to overwrite: ${taken.join(', ')} already exist(s) (a symbolic link counts, a dangling one too); ` +
        `bootstrap writes each file once: choose an empty --out-dir${resumable ? ', or finish the ceremony these files belong to with `bootstrap --resume`' : ''}`,
      2,
    );
  }
  return { outDir, adminDir };
}

/**
 * Before --resume: --out-dir exists as a private directory of this user, <out-dir>/admin is one
 * or can be made, and every ceremony file that exists is a regular file (never a link) of this user.
 */
export function checkResumeLayout(layout: CeremonyLayout, who: Identity = currentIdentity()): CheckedDirs {
  const outDir = checkPrivateDir('--out-dir', layout.outDir, who);
  if (!outDir.exists) throw new CliError(`--out-dir: "${layout.outDir}" does not exist; --resume continues the ceremony in the --out-dir it wrote its shares to`, 2);
  const adminDir = checkAdminDir(layout, outDir, who);
  for (const f of ceremonyFiles(layout).filter(exists)) {
    const st = fs.lstatSync(f);
    if (!st.isFile()) throw new CliError(`--out-dir: "${f}" is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; the ceremony only writes regular files: move it away`, 2);
    if (who.uid >= 0 && st.uid !== who.uid) throw new CliError(`--out-dir: "${f}" is owned by uid ${st.uid}, not by this user (uid ${who.uid}); move it away`, 2);
  }
  return { outDir, adminDir };
}

/** Enough for the staged shares, five share files and the credentials (PGP-encrypted shares are the largest). */
const PROBE_BYTES = 64 * 1024;

const PROBE_PREFIX = '.bootstrap-write-check-';

/** Writes, fsyncs and removes a scratch file: proves the directory takes new files now (space, read-only mounts). */
function probe(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    // left by a run killed while probing: zeros, never a secret
    if (name.startsWith(PROBE_PREFIX) && fs.lstatSync(path.join(dir, name)).isFile()) fs.rmSync(path.join(dir, name), { force: true });
  }
  const file = path.join(dir, `${PROBE_PREFIX}${crypto.randomBytes(4).toString('hex')}`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    fs.writeSync(fd, Buffer.alloc(PROBE_BYTES));
    fs.fsyncSync(fd);
  } catch (e) {
    throw new CliError(`--out-dir: cannot write a new file in "${dir}" (${fsReason(e)}); every share and credential is written there after the server is initialized, so nothing is initialized until it can`, 2);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
}

/** Creates the missing directories (0700) and proves that both take new files; undoes the directories it made on failure. */
export function prepareDirs(dirs: CheckedDirs): void {
  const made = createPrivateDirs('--out-dir', dirs.outDir);
  try {
    made.push(...createPrivateDirs('--out-dir', { ...dirs.adminDir, missing: dirs.adminDir.missing.filter((d) => !made.includes(d)) }));
    probe(dirs.outDir.dir);
    probe(dirs.adminDir.dir);
  } catch (e) {
    removeEmptyDirs(made);
    throw e;
  }
}
