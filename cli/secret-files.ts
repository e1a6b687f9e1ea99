// Files that hold secrets: written once with owner-only permissions (unseal shares, bootstrap
// credentials), or replaced atomically (AppRole credentials the services mount read-only).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors';

/** Creates the directory (0700) if missing; refuses a path that exists and is not a directory. */
export function ensurePrivateDir(dir: string): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new CliError(`"${dir}" exists and is not a directory`, 2);
    return;
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Refuses (before anything irreversible happens) when any of the files exists already. */
export function refuseExisting(files: readonly string[]): void {
  const existing = files.filter((f) => fs.existsSync(f));
  if (existing.length > 0) throw new CliError(`refusing to overwrite: ${existing.join(', ')} already exist(s); choose an empty --out-dir`, 2);
}

/**
 * Creates a new file with mode 0600 (fails if it exists), writes the content with a final newline
 * and fsyncs it. A write that fails (disk full) removes the file it created: a secret file holds
 * the whole secret or does not exist.
 */
function createPrivateFile(file: string, content: string): void {
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  try {
    const bytes = Buffer.from(content.endsWith('\n') ? content : `${content}\n`, 'utf8');
    for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw e;
  }
  fs.closeSync(fd);
}

/** Writes a secret to a new file with mode 0600; fails if the file exists (never overwrites). */
export function writeOnce(file: string, content: string): void {
  createPrivateFile(file, content);
  fs.chmodSync(file, 0o600);
}

/** A numeric owner for files a container reads as a non-root user. */
export interface FileOwner {
  readonly uid: number;
  readonly gid: number;
}

/**
 * Replaces a file atomically: a private temp file in the same directory, fsync, then rename; final
 * mode `mode` and, when given, owner `owner` (set on the temp file, so the file never appears with another).
 */
export function writeAtomic(file: string, content: string, mode = 0o400, owner?: FileOwner): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  createPrivateFile(tmp, content);
  try {
    if (owner) fs.chownSync(tmp, owner.uid, owner.gid);
    fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Reads a one-line secret from a file; `field` names the flag in errors. Never echoes the content. */
export function readSecretFile(field: string, file: string): string {
  if (!fs.existsSync(file)) throw new CliError(`${field}: "${file}" does not exist`, 2);
  if (!fs.statSync(file).isFile()) throw new CliError(`${field}: "${file}" is not a file; expected a file holding one line`, 2);
  const text = fs.readFileSync(file, 'utf8').trim();
  if (text === '') throw new CliError(`${field}: "${file}" is empty`, 2);
  return text;
}
