// `credentials rotate`: a new secret ID replaces the old one in the credentials directory; after a
// grace period the old one is destroyed by accessor. The rotation is recorded in the directory
// (rotation-state.ts) before anything is created, so an interrupted run (killed, a failed write, a
// failed destroy) is finished by the next run: it retires exactly the secret IDs this rotation meant
// to retire, never the one the files hold.
import { VaultClient } from '../../vault-api/client';
import { formatSeconds } from '../../model/duration';
import { CliError, describeError } from '../errors';
import { fsReason } from '../fs-errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { readSecretFile } from '../secret-files';
import * as path from 'node:path';
import {
  accessorOfSecretId,
  createSecretId,
  destroySecretIdByAccessor,
  listSecretIds,
  lookupSecretIdAccessor,
  readRoleId,
  readRoleSettings,
} from './approle-api';
import { inspectCredentialsDir, prepareCredentialsDir, SECRET_ID_FILE, writeCredentialFiles } from './credential-files';
import { checkDirIsRoles } from './directory-role';
import { checkGrace } from './grace';
import { describeIssued, describeWritten, fileAccessOf, IssueOptions } from './issue';
import {
  clearPendingRotation,
  newPendingRotation,
  PendingRotation,
  readPendingRotation,
  ROTATION_METADATA_KEY,
  ROTATION_STATE_FILE,
  writePendingRotation,
} from './rotation-state';

export interface RotateOptions extends IssueOptions {
  readonly graceSeconds: number;
}

export interface RotateResult {
  /** The accessor the files hold now. */
  readonly accessor: string;
  /** Every accessor destroyed by this run. */
  readonly destroyed: string[];
  /** The start time of the interrupted rotation this run finished, if it finished one. */
  readonly resumedFrom?: string;
}

const FLAG = '--out-dir';

export async function runRotate(client: VaultClient, io: CliIo, opts: RotateOptions): Promise<RotateResult> {
  const progress = new Progress(io, 5);
  const stateFile = path.join(opts.outDir, ROTATION_STATE_FILE);

  progress.next(`Checking --out-dir ${opts.outDir}, the role ${opts.role} and --grace`);
  const held = inspectCredentialsDir(FLAG, opts.outDir);
  const roleId = await readRoleId(client, opts.role);
  await checkDirIsRoles(client, FLAG, held, opts.role, roleId);
  checkGrace(opts.graceSeconds, opts.role, (await readRoleSettings(client, opts.role)).secretIdTtlSeconds);
  const pending = held ? readPendingRotation(FLAG, opts.outDir) : undefined;
  if (pending && pending.role !== opts.role) {
    throw new CliError(`--role: the rotation pending in "${stateFile}" is of ${pending.role}, not ${opts.role}; expected --role ${pending.role} to finish it`, 2);
  }
  let oldAccessor: string | undefined;
  if (pending) {
    progress.detail(`a rotation started ${pending.startedAt} was interrupted: finishing it (it retires ${pending.retire.join(', ') || 'no recorded secret ID'} and any secret ID it created but did not finish writing)`);
  } else {
    oldAccessor = held?.accessor;
    if (!oldAccessor && held?.hasSecretId) {
      oldAccessor = await accessorOfSecretId(client, opts.role, readSecretFile(FLAG, path.join(opts.outDir, SECRET_ID_FILE)));
    }
    progress.detail(oldAccessor ? `old accessor ${oldAccessor}` : 'no current secret ID recorded: nothing to destroy');
  }

  progress.next(`Recording the pending rotation in ${stateFile}`);
  const access = fileAccessOf(opts);
  prepareCredentialsDir(FLAG, opts.outDir, access);
  let state: PendingRotation;
  if (pending) {
    state = pending;
    progress.detail('recorded by the interrupted run');
  } else {
    state = newPendingRotation(opts.role, oldAccessor ? [oldAccessor] : []);
    writePendingRotation(FLAG, opts.outDir, state);
  }

  progress.next('Issuing and writing the new secret ID');
  // The accessor file is written last: when it names a secret ID of this rotation, all three files are new.
  const inPlace = inspectCredentialsDir(FLAG, opts.outDir)?.accessor;
  const inPlaceInfo = inPlace ? await lookupSecretIdAccessor(client, opts.role, inPlace) : undefined;
  let newAccessor: string;
  if (inPlace && inPlaceInfo?.metadata[ROTATION_METADATA_KEY] === state.rotationId) {
    newAccessor = inPlace;
    progress.detail(`the new secret ID (accessor ${newAccessor}) is already in place`);
  } else {
    const issued = await createSecretId(client, opts.role, { wrapTtl: opts.wrapTtl, cidrList: opts.cidrs, metadata: { [ROTATION_METADATA_KEY]: state.rotationId } });
    state = { ...state, newAccessor: issued.accessor };
    writePendingRotation(FLAG, opts.outDir, state);
    try {
      const files = writeCredentialFiles(opts.outDir, { roleId, secretId: issued.secret, accessor: issued.accessor }, access);
      progress.detail(describeIssued(issued));
      progress.detail(describeWritten(files, access));
    } catch (e) {
      throw new CliError(
        `--out-dir: cannot write the new credentials into "${opts.outDir}": ${fsReason(e)}; the rotation stays pending in ${stateFile}: fix the directory and run the same \`credentials rotate\` again, it retires the old secret ID and this unfinished one (accessor ${issued.accessor})`,
        1,
      );
    }
    newAccessor = issued.accessor;
  }

  // What to retire: the secret IDs recorded at the start and every one this rotation created, but the one in place.
  const live = await listSecretIds(client, opts.role);
  const retire = live
    .filter((i) => i.accessor !== newAccessor && (state.retire.includes(i.accessor) || i.metadata[ROTATION_METADATA_KEY] === state.rotationId))
    .map((i) => i.accessor);

  progress.next(retire.length > 0 ? `Waiting the grace period of ${formatSeconds(opts.graceSeconds)} so the service picks up the new secret ID` : 'No old secret ID is live: no grace period needed');
  if (retire.length > 0 && opts.graceSeconds > 0) await io.sleep(opts.graceSeconds * 1000);

  progress.next(retire.length > 0 ? `Destroying the old secret ID${retire.length > 1 ? 's' : ''} by accessor` : 'Nothing to destroy');
  const destroyed: string[] = [];
  for (const accessor of retire) {
    let gone: boolean;
    try {
      gone = await destroySecretIdByAccessor(client, opts.role, accessor);
    } catch (e) {
      throw new CliError(
        `the new secret ID (accessor ${newAccessor}) is written, but destroying accessor ${accessor} failed: ${describeError(e)}; the rotation stays pending in ${stateFile}: run the same \`credentials rotate\` again to finish it`,
      );
    }
    if (gone) destroyed.push(accessor);
    progress.detail(gone ? `destroyed accessor ${accessor}` : `accessor ${accessor} expired meanwhile`);
  }
  clearPendingRotation(opts.outDir);
  progress.detail(`rotation complete: ${ROTATION_STATE_FILE} removed`);
  return { accessor: newAccessor, destroyed, ...(pending ? { resumedFrom: pending.startedAt } : {}) };
}
