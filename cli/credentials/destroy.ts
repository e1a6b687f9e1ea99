// `credentials destroy`: destroys one secret ID by accessor, e.g. one `credentials status` reports as
// held by no credentials directory. Refuses the secret ID a given directory holds (the service logs
// in with it) unless --force.
import { VaultClient } from '../../vault-api/client';
import { CliError } from '../errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { destroySecretIdByAccessor, listSecretIds, lookupSecretIdAccessor, readRoleId } from './approle-api';
import { ACCESSOR_FILE, requireCredentialsDir } from './credential-files';
import { readPendingRotation, ROTATION_STATE_FILE } from './rotation-state';

export interface DestroyOptions {
  readonly role: string;
  readonly accessor: string;
  /** Credentials directories whose secret ID must survive. */
  readonly outDirs: readonly string[];
  /** Destroy it even when a directory holds it. */
  readonly force: boolean;
}

/** Where (of the given directories) the accessor is in use: held in the files, or being written by a pending rotation. */
function usesOf(opts: DestroyOptions): string[] {
  const uses: string[] = [];
  for (const dir of opts.outDirs) {
    const held = requireCredentialsDir('--out-dir', dir);
    if (held.accessor === opts.accessor) uses.push(`held in ${dir} (its ${ACCESSOR_FILE} file)`);
    const pending = readPendingRotation('--out-dir', dir);
    if (pending?.newAccessor === opts.accessor && held.accessor !== opts.accessor) uses.push(`being written by the rotation pending in ${dir} (${ROTATION_STATE_FILE})`);
  }
  return uses;
}

export async function runDestroy(client: VaultClient, io: CliIo, opts: DestroyOptions): Promise<void> {
  const progress = new Progress(io, 2);
  progress.next(`Checking accessor ${opts.accessor} of ${opts.role}`);
  const uses = usesOf(opts);
  await readRoleId(client, opts.role);
  if (!(await lookupSecretIdAccessor(client, opts.role, opts.accessor))) {
    const live = (await listSecretIds(client, opts.role)).map((i) => i.accessor);
    throw new CliError(`--accessor: ${opts.role} has no live secret ID with accessor ${opts.accessor}; expected one of its live accessors: ${live.join(', ') || '(none)'}`, 2);
  }
  if (uses.length > 0 && !opts.force) {
    throw new CliError(`--accessor: ${opts.accessor} is ${uses.join('; ')}: the service logs in with it; expected an accessor no directory uses (pass --force to destroy it anyway)`, 2);
  }
  if (uses.length > 0) progress.detail(`--force: destroying it although it is ${uses.join('; ')}`);
  progress.next(`Destroying the secret ID with accessor ${opts.accessor}`);
  if (!(await destroySecretIdByAccessor(client, opts.role, opts.accessor))) progress.detail('it expired meanwhile');
}
