// A directory for secrets must be one that only this user (or root) can change: otherwise its owner,
// or anyone who may write to a directory above it, could read the files or swap the directory for
// their own between the check and the write. Checked with lstat, component by component, so a
// symbolic link is seen as a link (a dangling one too) and never silently followed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors';
import { fsReason } from './errno-reasons';

/** Whose directory it must be (injected by tests; the process's own uid otherwise). */
export interface Identity {
  readonly uid: number;
}

/** This process's user; -1 where there are no uids (the ownership checks then refuse nothing). */
export function currentIdentity(): Identity {
  return { uid: typeof process.getuid === 'function' ? process.getuid() : -1 };
}

/** What a private-directory check found. */
export interface PrivateDirState {
  /** The directory as it will be used: absolute, through the trusted system links only. */
  readonly dir: string;
  readonly exists: boolean;
  /** The directories to create, outermost first (empty when `dir` exists). */
  readonly missing: readonly string[];
}

const ROOT_UID = 0;
const GROUP_OR_OTHER_WRITE = 0o022;
const GROUP_OR_OTHER_ANY = 0o077;
const STICKY = 0o1000;
const MAX_LINKS = 8;

const octal = (mode: number) => `0${(mode & 0o7777).toString(8)}`;

function lstatOrUndefined(flag: string, p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`${flag}: cannot look at "${p}" (${fsReason(e)})`, 2);
  }
}

function readlinkText(p: string): string {
  try {
    return fs.readlinkSync(p);
  } catch {
    return '?';
  }
}

/** Throws unless this user may create entries in `dir` (W_OK and X_OK; root too fails on a read-only mount). */
export function requireWritableDir(flag: string, dir: string, what: string): void {
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (e) {
    throw new CliError(`${flag}: ${what} "${dir}" is not writable by this user (${fsReason(e)}); choose a directory you can write to`, 2);
  }
}

/** A directory above the target: owned by root or this user, and changeable by nobody else (unless sticky, as /tmp). */
function checkAncestor(flag: string, original: string, dir: string, st: fs.Stats, who: Identity): void {
  if (who.uid >= 0 && st.uid !== ROOT_UID && st.uid !== who.uid) {
    throw new CliError(`${flag}: "${dir}", above "${original}", is owned by uid ${st.uid} (neither root nor this user, uid ${who.uid}): its owner could swap the directory for their own; choose a path whose directories only you or root own`, 2);
  }
  if ((st.mode & GROUP_OR_OTHER_WRITE) !== 0 && (st.mode & STICKY) === 0) {
    throw new CliError(`${flag}: "${dir}", above "${original}", has mode ${octal(st.mode)}: writable by group or others without the sticky bit, so they could swap the directory; choose a path whose directories only you or root can change`, 2);
  }
}

/** The target itself: a real directory of this user, mode 0700 (nothing for group or others), writable. */
function checkOwnDir(flag: string, dir: string, st: fs.Stats, who: Identity): void {
  if (who.uid >= 0 && st.uid !== who.uid) {
    throw new CliError(`${flag}: "${dir}" is owned by uid ${st.uid}, not by this user (uid ${who.uid}): its owner could read or replace the secrets; choose a directory of your own (or a new path: it is created with mode 0700)`, 2);
  }
  if ((st.mode & GROUP_OR_OTHER_WRITE) !== 0) {
    throw new CliError(`${flag}: "${dir}" has mode ${octal(st.mode)}: writable by group or others, who could replace the secrets; expected a private directory (mode 0700): chmod 700 "${dir}"`, 2);
  }
  if ((st.mode & GROUP_OR_OTHER_ANY) !== 0) {
    throw new CliError(`${flag}: "${dir}" has mode ${octal(st.mode)}: group or others may list it; expected a private directory (mode 0700): chmod 700 "${dir}"`, 2);
  }
  requireWritableDir(flag, dir, 'the directory');
}

/**
 * Checks that `dir` is, or can be created as, a private directory of `who`, before anything is
 * written: each existing component is a directory owned by root or `who` that nobody else may
 * change (group/other-writable only with the sticky bit, as /tmp); a symbolic link in the path is
 * followed only when root owns it inside a directory only root can change (system links such as
 * /var -> /private/var), any other link is refused; `dir` itself is never a link, and if it exists
 * it is owned by `who`, mode 0700 and writable. For a missing `dir`, the deepest existing
 * directory must be writable. `flag` names the option in errors.
 */
export function checkPrivateDir(flag: string, dir: string, who: Identity = currentIdentity()): PrivateDirState {
  return walk(flag, dir, path.resolve(dir), who, 0);
}

function walk(flag: string, original: string, abs: string, who: Identity, links: number): PrivateDirState {
  const root = path.parse(abs).root;
  const parts = abs.slice(root.length).split(path.sep).filter(Boolean);
  if (parts.length === 0) {
    checkOwnDir(flag, root, fs.statSync(root), who);
    return { dir: root, exists: true, missing: [] };
  }
  let current = root;
  let currentStat = fs.statSync(root);
  for (let i = 0; i < parts.length; i++) {
    const next = path.join(current, parts[i]);
    const last = i === parts.length - 1;
    const st = lstatOrUndefined(flag, next);
    if (!st) {
      requireWritableDir(flag, current, `"${original}" would be created in`);
      const missing: string[] = [];
      let p = current;
      for (const part of parts.slice(i)) missing.push((p = path.join(p, part)));
      return { dir: missing[missing.length - 1], exists: false, missing };
    }
    if (st.isSymbolicLink()) {
      const target = readlinkText(next);
      if (last) throw new CliError(`${flag}: "${original}" is a symbolic link (to ${target}); pass the directory itself, not a link to it`, 2);
      const systemLink = st.uid === ROOT_UID && currentStat.uid === ROOT_UID && (currentStat.mode & GROUP_OR_OTHER_WRITE) === 0;
      if (!systemLink) {
        throw new CliError(`${flag}: "${next}", part of "${original}", is a symbolic link (to ${target}) owned by uid ${st.uid}: a link in the path is followed only when root owns it in a directory only root can change (system links such as /var -> /private/var); pass the real path instead`, 2);
      }
      if (links >= MAX_LINKS) throw new CliError(`${flag}: "${original}": too many symbolic links in the path`, 2);
      let real: string;
      try {
        real = fs.realpathSync(next);
      } catch (e) {
        throw new CliError(`${flag}: "${next}", part of "${original}", is a symbolic link (to ${target}) that leads nowhere (${fsReason(e)})`, 2);
      }
      return walk(flag, original, path.join(real, ...parts.slice(i + 1)), who, links + 1);
    }
    if (!st.isDirectory()) {
      throw new CliError(last ? `${flag}: "${original}" exists and is not a directory` : `${flag}: "${next}", part of "${original}", exists and is not a directory`, 2);
    }
    if (last) {
      checkOwnDir(flag, next, st, who);
      return { dir: next, exists: true, missing: [] };
    }
    checkAncestor(flag, original, next, st, who);
    current = next;
    currentStat = st;
  }
  throw new Error('unreachable');
}

/** Creates the missing directories one by one with mode 0700 (mkdir fails if one appeared meanwhile); returns those it made. */
export function createPrivateDirs(flag: string, state: PrivateDirState): string[] {
  const made: string[] = [];
  for (const dir of state.missing) {
    try {
      fs.mkdirSync(dir, { mode: 0o700 });
      fs.chmodSync(dir, 0o700);
    } catch (e) {
      removeEmptyDirs(made);
      throw new CliError(`${flag}: cannot create "${dir}" (${fsReason(e)})`, 2);
    }
    made.push(dir);
  }
  return made;
}

/** Removes directories this run created, innermost first, if they are still empty. */
export function removeEmptyDirs(dirs: readonly string[]): void {
  for (const dir of [...dirs].reverse()) {
    try {
      fs.rmdirSync(dir);
    } catch {
      // not empty or gone: leave it
    }
  }
}
