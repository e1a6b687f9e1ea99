// The files a service mounts read-only: role_id, secret_id (the secret ID, or a wrapping token to
// unwrap with sys/wrapping/unwrap when issued with --wrap-ttl) and secret_id_accessor (not secret:
// it lets `credentials rotate` destroy the old secret ID later).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateDir, writeAtomic } from '../secret-files';

export const ROLE_ID_FILE = 'role_id';
export const SECRET_ID_FILE = 'secret_id';
export const ACCESSOR_FILE = 'secret_id_accessor';

export interface CredentialFiles {
  readonly roleId: string;
  readonly secretId: string;
  readonly accessor: string;
}

/** Writes the three files atomically (temp + rename), each with the given mode (0400 by default). */
export function writeCredentialFiles(dir: string, creds: CredentialFiles, mode = 0o400): string[] {
  ensurePrivateDir(dir);
  const files = [path.join(dir, ROLE_ID_FILE), path.join(dir, SECRET_ID_FILE), path.join(dir, ACCESSOR_FILE)];
  // secret_id last-but-one, accessor last: a reader never sees a new accessor with the old secret.
  writeAtomic(files[0], creds.roleId, mode);
  writeAtomic(files[1], creds.secretId, mode);
  writeAtomic(files[2], creds.accessor, mode);
  return files;
}

/** The accessor recorded in the directory, if any. */
export function readRecordedAccessor(dir: string): string | undefined {
  const file = path.join(dir, ACCESSOR_FILE);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() || undefined : undefined;
}
