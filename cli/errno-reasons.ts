// Why a file system call failed, in words: the operator reads "it is a directory", never Node's
// "EISDIR: illegal operation on a directory".

export const ERRNO_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EACCES: 'permission denied (for this user, or a directory on the path is not searchable)',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EEXIST: 'it exists already',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'input/output error (a failing disk?)',
  EBUSY: 'it is busy (mounted or in use)',
};

/** Why a file operation failed, in words (the errno name only when it has no description here). */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code && ERRNO_REASONS[code]) return ERRNO_REASONS[code];
  if (code) return `the system refused (${code})`;
  return e instanceof Error ? e.message : String(e);
}

