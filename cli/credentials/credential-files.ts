// The files a service mounts read-only: role_id, secret_id (the secret ID, or a wrapping token to
// unwrap with sys/wrapping/unwrap when issued with --wrap-ttl) and secret_id_accessor (not secret:
// it lets `credentials rotate` destroy the old secret ID later). Every failure names the flag.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsError } from '../fs-errors';
import { CliError } from '../errors';
import { FileOwner, writeAtomic } from '../secret-files';

export const ROLE_ID_FILE = 'role_id';
export const SECRET_ID_FILE = 'secret_id';
export const ACCESSOR_FILE = 'secret_id_accessor';

/** The three file names, in the order they are written (the accessor last). */
export const CREDENTIAL_FILE_NAMES = [ROLE_ID_FILE, SECRET_ID_FILE, ACCESSOR_FILE] as const;

export interface CredentialFiles {
  readonly roleId: string;
  readonly secretId: string;
  readonly accessor: string;
}

/** Who may read the files: mode (0400 by default) and, optionally, the container's owner. */
export interface CredentialFileAccess {
  readonly mode?: number;
  readonly owner?: FileOwner;
  /** Mode of the directory when it is given to `owner` (see file-access.ts directoryModeFor). */
  readonly dirMode?: number;
}

/** What a credentials directory holds now; values that are not secret only (never the secret ID). */
export interface HeldCredentials {
  readonly dir: string;
  readonly roleId?: string;
  readonly accessor?: string;
  /** The secret_id file exists. */
  readonly hasSecretId: boolean;
}

function readOptional(flag: string, file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fsError(flag, 'read', file, e, `a readable ${path.basename(file)} file or none`);
  }
  if (!stat.isFile()) throw new CliError(`${flag}: "${file}" is not a file; expected the ${path.basename(file)} file or nothing at that path`, 2);
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch (e) {
    throw fsError(flag, 'read', file, e, `a readable ${path.basename(file)} file`);
  }
}

/**
 * What `dir` holds, or undefined when it does not exist. Refuses a path that is a file, and a
 * credential name that is not a file, before anything irreversible happens.
 */
export function inspectCredentialsDir(flag: string, dir: string): HeldCredentials | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fsError(flag, 'open', dir, e, 'a directory (it is created when missing)');
  }
  if (!stat.isDirectory()) throw new CliError(`${flag}: "${dir}" is a file; expected a directory for ${CREDENTIAL_FILE_NAMES.join(', ')} (it is created when missing)`, 2);
  const roleId = readOptional(flag, path.join(dir, ROLE_ID_FILE));
  const accessor = readOptional(flag, path.join(dir, ACCESSOR_FILE));
  const secretFile = path.join(dir, SECRET_ID_FILE);
  if (fs.existsSync(secretFile) && !fs.statSync(secretFile).isFile()) {
    throw new CliError(`${flag}: "${secretFile}" is not a file; expected the ${SECRET_ID_FILE} file or nothing at that path`, 2);
  }
  return { dir, roleId, accessor, hasSecretId: fs.existsSync(secretFile) };
}

/** Like {@link inspectCredentialsDir}, for a directory that must exist. */
export function requireCredentialsDir(flag: string, dir: string): HeldCredentials {
  const held = inspectCredentialsDir(flag, dir);
  if (!held) throw new CliError(`${flag}: "${dir}" does not exist; expected a directory written by \`credentials issue\``, 2);
  return held;
}

/** Creates the directory (0700) when missing and, with an owner, gives it to the owner with `dirMode`. */
export function prepareCredentialsDir(flag: string, dir: string, access: CredentialFileAccess = {}): void {
  try {
    if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (access.owner) {
      fs.chownSync(dir, access.owner.uid, access.owner.gid);
      fs.chmodSync(dir, access.dirMode ?? 0o500);
    }
  } catch (e) {
    throw fsError(flag, 'prepare the directory', dir, e, 'a directory the CLI can create and write');
  }
}

/**
 * Writes the three files atomically (temp + rename), each with the mode (0400 by default) and owner
 * given. role_id, then secret_id, then the accessor: a reader never sees a new accessor with the old secret.
 * Throws the file system error as is: the caller knows what to undo.
 */
export function writeCredentialFiles(dir: string, creds: CredentialFiles, access: CredentialFileAccess = {}): string[] {
  const files = CREDENTIAL_FILE_NAMES.map((name) => path.join(dir, name));
  writeAtomic(files[0], creds.roleId, access.mode ?? 0o400, access.owner);
  writeAtomic(files[1], creds.secretId, access.mode ?? 0o400, access.owner);
  writeAtomic(files[2], creds.accessor, access.mode ?? 0o400, access.owner);
  return files;
}
