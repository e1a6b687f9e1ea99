// `credentials issue`: a secret ID for a role, written into the service's credentials directory.
// Everything that can be checked is checked before the secret ID exists; when writing the files
// fails anyway, the new secret ID is destroyed again, so a failed issue leaves nothing live.
import { VaultClient } from '../../vault-api/client';
import { formatSeconds } from '../../model/duration';
import { CliError, describeError } from '../errors';
import { fsReason } from '../fs-errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { FileOwner } from '../secret-files';
import { createSecretId, destroySecretIdByAccessor, IssuedSecretId, readRoleId } from './approle-api';
import { CredentialFileAccess, HeldCredentials, inspectCredentialsDir, prepareCredentialsDir, writeCredentialFiles } from './credential-files';
import { checkDirIsRoles } from './directory-role';
import { directoryModeFor, formatMode } from './file-access';
import { readPendingRotation, ROTATION_STATE_FILE } from './rotation-state';

export interface IssueOptions {
  readonly role: string;
  readonly outDir: string;
  /** Response-wrap the secret ID for this long, e.g. `60s`. */
  readonly wrapTtl?: string;
  /** Restrict the secret ID to these CIDR blocks (within the role's own). */
  readonly cidrs: readonly string[];
  /** File mode of the written files: 0400 or 0440. @default 0o400 */
  readonly fileMode?: number;
  /** Give the files (and the directory) to the container's uid:gid. @default the CLI's user */
  readonly owner?: FileOwner;
}

export interface IssueResult {
  readonly accessor: string;
  readonly wrapped: boolean;
  readonly files: string[];
  readonly ttlSeconds: number;
}

/** Mode and owner of the files and the directory for these options. */
export function fileAccessOf(opts: IssueOptions): CredentialFileAccess {
  const mode = opts.fileMode ?? 0o400;
  return { mode, owner: opts.owner, dirMode: directoryModeFor(mode, opts.wrapTtl !== undefined) };
}

/** One line on what was issued: accessor, wrapping, lifetime. */
export function describeIssued(issued: IssuedSecretId): string {
  const life = issued.wrapped ? ` (wrapped: unwrap within ${formatSeconds(issued.ttlSeconds)})` : issued.ttlSeconds ? ` (expires in ${formatSeconds(issued.ttlSeconds)})` : '';
  return `new secret ID accessor ${issued.accessor}${life}`;
}

/** Where and how the files were written, for the progress output. */
export function describeWritten(files: readonly string[], access: CredentialFileAccess): string {
  const owner = access.owner ? `, owner ${access.owner.uid}:${access.owner.gid} (directory ${formatMode(access.dirMode ?? 0o500)})` : '';
  return `wrote ${files.join(', ')} (mode ${formatMode(access.mode ?? 0o400)}${owner})`;
}

/** Refuses a directory of another role, or one with a rotation in progress (issue would orphan it). */
async function checkIssueTarget(client: VaultClient, opts: IssueOptions, held: HeldCredentials | undefined): Promise<string> {
  const roleId = await readRoleId(client, opts.role);
  await checkDirIsRoles(client, '--out-dir', held, opts.role, roleId);
  const pending = held ? readPendingRotation('--out-dir', opts.outDir) : undefined;
  if (pending) {
    throw new CliError(
      `--out-dir: a rotation of ${pending.role} started ${pending.startedAt} is pending in "${opts.outDir}" (${ROTATION_STATE_FILE}); finish it first with \`credentials rotate --role ${pending.role} --out-dir ${opts.outDir}\``,
      2,
    );
  }
  return roleId;
}

export async function runIssue(client: VaultClient, io: CliIo, opts: IssueOptions): Promise<IssueResult> {
  const progress = new Progress(io, 2);
  progress.next(`Checking --out-dir ${opts.outDir} and the role ${opts.role}`);
  const held = inspectCredentialsDir('--out-dir', opts.outDir);
  const roleId = await checkIssueTarget(client, opts, held);
  const access = fileAccessOf(opts);
  prepareCredentialsDir('--out-dir', opts.outDir, access);

  progress.next(`Issuing a secret ID for ${opts.role}${opts.cidrs.length ? ` bound to ${opts.cidrs.join(', ')}` : ''}${opts.wrapTtl ? `, response-wrapped for ${opts.wrapTtl}` : ''}`);
  const issued = await createSecretId(client, opts.role, { wrapTtl: opts.wrapTtl, cidrList: opts.cidrs });
  let files: string[];
  try {
    files = writeCredentialFiles(opts.outDir, { roleId, secretId: issued.secret, accessor: issued.accessor }, access);
  } catch (e) {
    const undo = await destroySecretIdByAccessor(client, opts.role, issued.accessor).then(
      () => `the new secret ID (accessor ${issued.accessor}) was destroyed again: nothing is left live`,
      (d) => `destroying the new secret ID failed too (${describeError(d)}): destroy it with \`credentials destroy --role ${opts.role} --accessor ${issued.accessor}\``,
    );
    throw new CliError(`--out-dir: cannot write the credentials into "${opts.outDir}": ${fsReason(e)}; ${undo}`, 1);
  }
  progress.detail(describeIssued(issued));
  progress.detail(describeWritten(files, access));
  if (held?.accessor && held.accessor !== issued.accessor) {
    progress.detail(
      `the secret ID this directory held before (accessor ${held.accessor}) is still live: \`credentials rotate\` replaces and destroys one; \`credentials destroy --role ${opts.role} --accessor ${held.accessor}\` destroys it now`,
    );
  }
  return { accessor: issued.accessor, wrapped: issued.wrapped, files, ttlSeconds: issued.ttlSeconds };
}
