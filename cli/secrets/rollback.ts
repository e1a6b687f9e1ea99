// `secrets rollback <path> --to <version>`: what KV v2 calls a rollback, i.e. the data of an earlier
// version written as the next version, with check-and-set on the current one. A keypair's current
// public key is handed over like in a rotation (secrets-catalog/previous-key.ts).
import { VaultClient } from '../../vault-api/client';
import { planRollback } from '../../secrets-catalog/rotation-plan';
import { CliError } from '../errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { readSecret } from './kv';
import { ChangeResult, refuseProblems, writeChange } from './secret-change';
import { catalogEntry, existingMetadata } from './versions';

export interface RollbackOptions {
  readonly mount: string;
  readonly path: string;
  /** The version whose data becomes the next version. */
  readonly to: number;
  readonly graceSeconds: number;
  /** @default the clock */
  readonly now?: Date;
}

export async function runRollback(client: VaultClient, io: CliIo, opts: RollbackOptions): Promise<ChangeResult> {
  const entry = catalogEntry(opts.path);
  const progress = new Progress(io, 3);
  progress.next(`Reading the versions of ${opts.mount}/${entry.path}`);
  const metadata = await existingMetadata(client, opts.mount, entry.path);
  const flag = `--to ${opts.to}`;
  if (opts.to === metadata.currentVersion) throw new CliError(`${flag}: version ${opts.to} is the current version of ${entry.path} already; nothing written`, 2);
  const target = metadata.versions.find((v) => v.version === opts.to);
  if (!target) throw new CliError(`${flag}: ${entry.path} keeps versions ${metadata.versions.map((v) => v.version).join(', ')}; version ${opts.to} is not one of them`, 2);
  if (target.destroyed) throw new CliError(`${flag}: version ${opts.to} of ${entry.path} is destroyed; its data is gone`, 2);
  if (target.deletionTime) {
    throw new CliError(`${flag}: version ${opts.to} of ${entry.path} is deleted (${target.deletionTime}); undelete it first (\`bao kv undelete -mount=${opts.mount} -versions=${opts.to} ${entry.path}\`)`, 2);
  }

  progress.next(`Reading version ${opts.to} and validating it as the next version`);
  const data = await readSecret(client, opts.mount, entry.path, opts.to);
  if (data.kind !== 'data') throw new CliError(`reading ${entry.path} version ${opts.to} failed: ${data.kind === 'error' ? data.reason : 'it holds no data'}`);
  const current = await readSecret(client, opts.mount, entry.path, metadata.currentVersion);
  if (current.kind === 'error') throw new CliError(`reading ${entry.path} version ${metadata.currentVersion} failed: ${current.reason}`);
  const plan = planRollback({ entry, current: current.kind === 'data' ? current.data : undefined, target: data.data, now: opts.now ?? new Date(), graceSeconds: opts.graceSeconds });
  refuseProblems(plan);

  progress.next(`Writing the data of version ${opts.to} as the next version, with check-and-set on version ${metadata.currentVersion}`);
  return writeChange(client, { entry, mount: opts.mount, readVersion: metadata.currentVersion, plan }, 'rolling back');
}
