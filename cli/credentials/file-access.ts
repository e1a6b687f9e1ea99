// Who may read the credential files (runbook step 11: the service's container runs as a non-root
// user and mounts the directory read-only). The files are only ever replaced, never edited, so they
// are read-only: owner read (0400), optionally group read (0440); --owner gives them to the
// container's numeric uid:gid.
import { CliError } from '../errors';
import { FileOwner } from '../secret-files';

/** The modes a credential file may have. */
export const CREDENTIAL_FILE_MODES: readonly number[] = [0o400, 0o440];

/** The largest uid/gid chown takes: 2^32-2 (2^32-1 is (uid_t)-1, "leave unchanged"). */
export const MAX_ID = 2 ** 32 - 2;

const octal = (mode: number) => `0${mode.toString(8).padStart(3, '0')}`;

/** The --file-mode value as a number; refuses anything but 0400 and 0440, saying what is wrong with it. */
export function parseFileMode(text: string): number {
  const expected = 'expected 0400 (owner read) or 0440 (owner and group read)';
  if (!/^0?[0-7]{3}$/.test(text)) throw new CliError(`--file-mode: "${text}" is not an octal file mode; ${expected}`, 2);
  const mode = parseInt(text, 8);
  if (CREDENTIAL_FILE_MODES.includes(mode)) return mode;
  const shown = octal(mode);
  let why: string;
  if (!(mode & 0o400)) why = 'does not let the owner read the files, so the service could not read its credentials';
  else if (mode & 0o007) why = 'lets others read or write the secret';
  else if (mode & 0o222) why = 'makes the files writable; credentials are replaced by issue and rotate, never edited in place';
  else if (mode & 0o111) why = 'makes the files executable';
  else why = 'is not one of the allowed modes';
  throw new CliError(`--file-mode: ${shown} ${why}; ${expected}`, 2);
}

/** The --owner value `uid:gid`, numeric and in range; the container's ids are what count, so names are not resolved. */
export function parseOwner(text: string): FileOwner {
  const m = /^(\d{1,10}):(\d{1,10})$/.exec(text.trim());
  if (!m) throw new CliError(`--owner: "${text}" is not uid:gid; expected two numbers, e.g. 10001:10001 (the uid and gid the service's container runs as)`, 2);
  const [uid, gid] = [Number(m[1]), Number(m[2])];
  for (const [name, id] of [['uid', uid], ['gid', gid]] as const) {
    if (id > MAX_ID) throw new CliError(`--owner: ${name} ${id} is out of range; expected 1 to ${MAX_ID}`, 2);
  }
  if (uid === 0) throw new CliError(`--owner: uid 0 is root; expected the non-root uid the service's container runs as (without --owner the files belong to the user running the CLI)`, 2);
  return { uid, gid };
}

/** Refuses --owner before anything happens when the CLI may not give files away (only root may chown). */
export function checkMayChown(owner: FileOwner | undefined, currentUid: number | undefined = process.getuid?.()): void {
  if (!owner || currentUid === undefined || currentUid === 0) return;
  throw new CliError(
    `--owner ${owner.uid}:${owner.gid}: only root may give files to another user and the CLI runs as uid ${currentUid}; run it as root, or drop --owner and chown the files yourself`,
    2,
  );
}

/**
 * The mode of a credentials directory given to the container's user: it may list and read (0500, 0550
 * with group-readable files); with a wrapped secret ID also write, because the agent deletes the spent token.
 */
export function directoryModeFor(fileMode: number, wrapped: boolean): number {
  const owner = wrapped ? 0o700 : 0o500;
  return fileMode & 0o040 ? owner | 0o050 : owner;
}

/** `0400` for messages and docs. */
export function formatMode(mode: number): string {
  return octal(mode);
}
