// `credentials issue` and `credentials rotate`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { formatSeconds } from '../../model/duration';
import { CliError, describeError } from '../errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { accessorOfSecretId, createSecretId, destroySecretIdByAccessor, readRoleId } from './approle-api';
import { readRecordedAccessor, SECRET_ID_FILE, writeCredentialFiles } from './credential-files';

export interface IssueOptions {
  readonly role: string;
  readonly outDir: string;
  /** Response-wrap the secret ID for this long, e.g. `60s`. */
  readonly wrapTtl?: string;
  /** Restrict the secret ID to these CIDR blocks (within the role's own). */
  readonly cidrs: readonly string[];
  /** File mode of the written files. @default 0o400 */
  readonly fileMode?: number;
}

export interface IssueResult {
  readonly accessor: string;
  readonly wrapped: boolean;
  readonly files: string[];
  readonly ttlSeconds: number;
}

async function issue(client: VaultClient, opts: IssueOptions, progress: Progress): Promise<IssueResult> {
  const roleId = await readRoleId(client, opts.role);
  const issued = await createSecretId(client, opts.role, { wrapTtl: opts.wrapTtl, cidrList: opts.cidrs });
  const files = writeCredentialFiles(opts.outDir, { roleId, secretId: issued.secret, accessor: issued.accessor }, opts.fileMode);
  progress.detail(`new secret ID accessor ${issued.accessor}${issued.wrapped ? ` (wrapped: unwrap within ${formatSeconds(issued.ttlSeconds)})` : issued.ttlSeconds ? ` (expires in ${formatSeconds(issued.ttlSeconds)})` : ''}`);
  progress.detail(`wrote ${files.join(', ')}`);
  return { accessor: issued.accessor, wrapped: issued.wrapped, files, ttlSeconds: issued.ttlSeconds };
}

export async function runIssue(client: VaultClient, io: CliIo, opts: IssueOptions): Promise<IssueResult> {
  const progress = new Progress(io, 1);
  progress.next(`Issuing a secret ID for ${opts.role}${opts.cidrs.length ? ` bound to ${opts.cidrs.join(', ')}` : ''}${opts.wrapTtl ? `, response-wrapped for ${opts.wrapTtl}` : ''}`);
  return issue(client, opts, progress);
}

export interface RotateOptions extends IssueOptions {
  readonly graceSeconds: number;
}

export interface RotateResult extends IssueResult {
  readonly destroyedAccessor?: string;
}

/** Issues a new secret ID, writes it, waits the grace period, then destroys the old one by accessor. */
export async function runRotate(client: VaultClient, io: CliIo, opts: RotateOptions): Promise<RotateResult> {
  const progress = new Progress(io, 3);
  progress.next(`Finding the current secret ID of ${opts.role} in ${opts.outDir}`);
  let oldAccessor = readRecordedAccessor(opts.outDir);
  const secretFile = path.join(opts.outDir, SECRET_ID_FILE);
  if (!oldAccessor && fs.existsSync(secretFile)) {
    oldAccessor = await accessorOfSecretId(client, opts.role, fs.readFileSync(secretFile, 'utf8').trim());
  }
  progress.detail(oldAccessor ? `old accessor ${oldAccessor}` : 'no current secret ID recorded: nothing to destroy');

  progress.next('Issuing and writing the new secret ID');
  const issued = await issue(client, opts, progress);

  progress.next(oldAccessor ? `Destroying the old secret ID after a grace period of ${formatSeconds(opts.graceSeconds)}` : 'No old secret ID to destroy');
  if (!oldAccessor) return issued;
  if (oldAccessor === issued.accessor) throw new CliError('the new secret ID has the same accessor as the old one; nothing destroyed');
  if (opts.graceSeconds > 0) await io.sleep(opts.graceSeconds * 1000);
  try {
    await destroySecretIdByAccessor(client, opts.role, oldAccessor);
  } catch (e) {
    throw new CliError(`the new secret ID is written, but destroying the old one (accessor ${oldAccessor}) failed: ${describeError(e)}`);
  }
  progress.detail(`destroyed accessor ${oldAccessor}`);
  return { ...issued, destroyedAccessor: oldAccessor };
}
