// The record of a rotation in progress, `.rotation-pending` in the credentials directory. It is
// written (atomically) before the new secret ID is created and removed once the old one is destroyed,
// so a re-run after an interruption finishes that rotation: it retires exactly the secret IDs the
// rotation meant to retire (the old one, and any the interrupted run created but never finished
// writing), found by accessor and by the rotation id each new secret ID carries in its metadata.
// Accessors only: nothing here is secret.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../errors';
import { fsError } from '../fs-errors';
import { writeAtomic } from '../secret-files';

export const ROTATION_STATE_FILE = '.rotation-pending';
/** The secret ID metadata key that carries the rotation id. */
export const ROTATION_METADATA_KEY = 'hoodcloud_rotation';

export interface PendingRotation {
  readonly version: 1;
  readonly role: string;
  /** Tags every secret ID this rotation creates (secret ID metadata {@link ROTATION_METADATA_KEY}). */
  readonly rotationId: string;
  /** ISO time the rotation started. */
  readonly startedAt: string;
  /** Accessors to destroy once the new secret ID is in place (the one the directory held). */
  readonly retire: readonly string[];
  /** The accessor of the secret ID being written, once created (for operators; the metadata decides). */
  readonly newAccessor?: string;
}

/** A new record for a rotation of `role` retiring `retire`. */
export function newPendingRotation(role: string, retire: readonly string[], now = new Date()): PendingRotation {
  return { version: 1, role, rotationId: crypto.randomUUID(), startedAt: now.toISOString(), retire: [...retire] };
}

function isPendingRotation(v: unknown): v is PendingRotation {
  const r = v as PendingRotation;
  return (
    typeof r === 'object' && r !== null && r.version === 1 && typeof r.role === 'string' && typeof r.rotationId === 'string' &&
    typeof r.startedAt === 'string' && Array.isArray(r.retire) && r.retire.every((a) => typeof a === 'string') &&
    (r.newAccessor === undefined || typeof r.newAccessor === 'string')
  );
}

/** The pending rotation recorded in `dir`, if any; a clear error for a file that is not one. */
export function readPendingRotation(flag: string, dir: string): PendingRotation | undefined {
  const file = path.join(dir, ROTATION_STATE_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fsError(flag, 'read', file, e, 'a readable pending-rotation record or none');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isPendingRotation(parsed)) {
    throw new CliError(`${flag}: "${file}" is not a pending-rotation record written by \`credentials rotate\`; inspect it, then delete it to start a new rotation`, 2);
  }
  return parsed;
}

/** Records (or updates) the pending rotation; owner-only, replaced atomically. */
export function writePendingRotation(flag: string, dir: string, state: PendingRotation): void {
  const file = path.join(dir, ROTATION_STATE_FILE);
  try {
    writeAtomic(file, `${JSON.stringify(state)}\n`, 0o600);
  } catch (e) {
    throw fsError(flag, 'write', file, e, 'a directory the CLI can write', 1);
  }
}

/** Removes the record: the rotation is complete. */
export function clearPendingRotation(dir: string): void {
  fs.rmSync(path.join(dir, ROTATION_STATE_FILE), { force: true });
}
