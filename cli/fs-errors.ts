// File system failures told in words, with the flag they came from: the operator reads
// `--out-dir: cannot write "/x/secret_id": it is a directory`, never Node's "EISDIR: illegal operation".
import { CliError } from './errors';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EEXIST: 'it exists already',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/** Why a file operation failed, in words (the errno name only when it has no description here). */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code && REASONS[code]) return REASONS[code];
  if (code) return `the system refused (${code})`;
  return e instanceof Error ? e.message : String(e);
}

/** A CliError naming the flag, what was attempted on which file, the reason and what is expected. */
export function fsError(flag: string, action: string, file: string, e: unknown, expected: string, exitCode = 2): CliError {
  return new CliError(`${flag}: cannot ${action} "${file}": ${fsReason(e)}; expected ${expected}`, exitCode);
}
