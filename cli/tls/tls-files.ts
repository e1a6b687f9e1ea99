// Where the TLS files live and how they are written.
//
// Two directories, so that the CA key never sits where the server (or a backup of its mounts) can
// read it:
//   --out-dir (what the server mounts; production /etc/hoodcloud/vault/tls, the directory of
//             VAULT_TLS_CERT_FILE / VAULT_TLS_KEY_FILE):
//       tls.crt  server certificate   (runbook: vault.crt)     0644
//       tls.key  server private key   (runbook: vault.key)     0600
//       ca.crt   the CA certificate   (runbook: vault-ca.crt)  0644  VAULT_CACERT for clients
//   --ca-dir  (the operators' host, ideally offline; never mounted):
//       ca.crt   the CA certificate   (runbook: vault-ca.crt)  0644
//       ca.key   the CA private key   (runbook: vault-ca.key)  0600
// Certificates are public and other local users (services, their Vault clients) need ca.crt, so
// they are 0644 and a new --out-dir is 0755; keys are 0600 and a new --ca-dir is 0700.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../errors';
import { writeOnce } from '../secret-files';

export const SERVER_CERT_FILE = 'tls.crt';
export const SERVER_KEY_FILE = 'tls.key';
export const CA_CERT_FILE = 'ca.crt';
export const CA_KEY_FILE = 'ca.key';

export const KEY_FILE_MODE = 0o600;
export const CERT_FILE_MODE = 0o644;
export const OUT_DIR_MODE = 0o755;
export const CA_DIR_MODE = 0o700;

/** Every file of the layout, as absolute paths. */
export interface TlsPaths {
  readonly outDir: string;
  readonly caDir: string;
  readonly serverCert: string;
  readonly serverKey: string;
  /** The copy of the CA certificate next to the server's files (VAULT_CACERT for clients). */
  readonly serverCa: string;
  readonly caCert: string;
  readonly caKey: string;
}

/** Resolves a path through the symlinks of its longest existing prefix, so two spellings of one directory compare equal. */
function realish(p: string): string {
  const abs = path.resolve(p);
  let existing = abs;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  return path.join(fs.realpathSync(existing), path.relative(existing, abs));
}

const isInside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** The layout for --out-dir and --ca-dir; refuses a --ca-dir that is, or is inside, --out-dir (the server would mount the CA key). */
export function tlsPaths(outDir: string, caDir: string): TlsPaths {
  const out = realish(outDir);
  const ca = realish(caDir);
  if (isInside(ca, out)) {
    throw new CliError(`--ca-dir: "${caDir}" is ${ca === out ? 'the same directory as' : 'inside'} --out-dir "${outDir}"; the CA key must not be where the server mounts its files: choose a separate --ca-dir`, 2);
  }
  return {
    outDir: out,
    caDir: ca,
    serverCert: path.join(out, SERVER_CERT_FILE),
    serverKey: path.join(out, SERVER_KEY_FILE),
    serverCa: path.join(out, CA_CERT_FILE),
    caCert: path.join(ca, CA_CERT_FILE),
    caKey: path.join(ca, CA_KEY_FILE),
  };
}

/**
 * Refuses a path that exists and is not a directory, and a directory this process could not write
 * into (for a missing one: its nearest existing parent, where it would be created).
 */
export function checkDirectory(flag: string, dir: string, opts: { mustExist?: boolean } = {}): void {
  let writableCheck = dir;
  if (!fs.existsSync(dir)) {
    if (opts.mustExist) throw new CliError(`${flag}: "${dir}" does not exist; expected the directory \`tls init\` wrote`, 2);
    do writableCheck = path.dirname(writableCheck);
    while (!fs.existsSync(writableCheck));
  }
  if (!fs.statSync(writableCheck).isDirectory()) throw new CliError(`${flag}: "${writableCheck}" exists and is not a directory`, 2);
  try {
    fs.accessSync(writableCheck, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    throw new CliError(`${flag}: "${writableCheck}" is not writable by this user; run as its owner (e.g. root)`, 2);
  }
}

/** A file to write: a private key (0600, through secret-files.ts) or a certificate (0644). */
export interface PlannedFile {
  readonly file: string;
  readonly content: string;
  readonly kind: 'key' | 'certificate';
}

const modeOf = (f: PlannedFile) => (f.kind === 'key' ? KEY_FILE_MODE : CERT_FILE_MODE);

/** Refuses, naming them, when any of the files exists already (`tls init` writes once). */
export function refuseExistingFiles(files: readonly string[]): void {
  const existing = files.filter((f) => fs.existsSync(f));
  if (existing.length > 0) {
    throw new CliError(`refusing to overwrite: ${existing.join(', ')} already exist(s); \`tls init\` writes a CA and a server certificate once (\`tls renew\` replaces the server certificate; or choose empty directories)`, 2);
  }
}

/** The first missing ancestor of `dir` (what mkdir -p would create first), or undefined if it exists. */
function firstMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) missing = d;
  return missing;
}

/**
 * Creates new files and never overwrites one: any existing file is refused before anything is
 * written; if a write still fails, the files and directories made so far are removed again.
 */
export function writeNewFiles(dirs: ReadonlyArray<{ dir: string; mode: number }>, files: readonly PlannedFile[]): void {
  refuseExistingFiles(files.map((f) => f.file));
  const createdDirs: string[] = [];
  const createdFiles: string[] = [];
  try {
    for (const { dir, mode } of dirs) {
      const top = firstMissing(dir);
      if (!top) continue;
      fs.mkdirSync(dir, { recursive: true, mode });
      fs.chmodSync(dir, mode); // the umask may have narrowed it
      createdDirs.unshift(top);
    }
    for (const f of files) {
      if (f.kind === 'key') {
        writeOnce(f.file, f.content);
      } else {
        fs.writeFileSync(f.file, f.content, { flag: 'wx', mode: CERT_FILE_MODE });
        fs.chmodSync(f.file, CERT_FILE_MODE);
      }
      createdFiles.push(f.file);
    }
  } catch (e) {
    for (const f of createdFiles) fs.rmSync(f, { force: true });
    for (const d of createdDirs) fs.rmSync(d, { recursive: true, force: true });
    throw e;
  }
}

/** A file that `replaceTogether` replaces, and the owner to keep. */
export interface Replacement extends PlannedFile {
  /** uid/gid of the file being replaced (kept, so e.g. the server's user can still read its key). */
  readonly owner?: { readonly uid: number; readonly gid: number };
}

/**
 * Replaces several files in their directories as nearly at once as the filesystem allows: every new
 * file is first written completely to a private temp file beside its target (mode and owner set,
 * fsynced); only then are they renamed into place, one after the other. A failure while staging
 * leaves every old file untouched. Like secret-files.ts writeAtomic, but for a set of files that
 * belong together (a certificate and its key) and keeping the old owner.
 */
export function replaceTogether(replacements: readonly Replacement[]): void {
  const staged: Array<{ tmp: string; file: string }> = [];
  try {
    for (const r of replacements) {
      const tmp = path.join(path.dirname(r.file), `.${path.basename(r.file)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
      const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
      staged.push({ tmp, file: r.file });
      try {
        fs.writeSync(fd, r.content);
        if (r.owner) fs.fchownSync(fd, r.owner.uid, r.owner.gid);
        fs.fchmodSync(fd, modeOf(r));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
  } catch (e) {
    for (const s of staged) fs.rmSync(s.tmp, { force: true });
    throw e;
  }
  for (const s of staged) fs.renameSync(s.tmp, s.file);
}
