// `snapshot restore`: puts a snapshot of another cluster onto a fresh, unsealed server.
//
// What OpenBao 2.7.2 does (checked in test/e2e/snapshot-drill.test.ts):
//   - POST sys/storage/raft/snapshot refuses a snapshot of another cluster ("could not verify hash
//     file, possibly the snapshot is using a different set of unseal keys"); snapshot-force skips
//     that check. The answer (204) comes before the restore: the server applies it afterwards.
//   - Once applied, the server cannot decrypt the restored keyring with its own keys and seals
//     itself (a few seconds later). From then on it needs the ORIGINAL cluster's unseal shares; its
//     own shares and its root token are gone with its old data.
//   - If anything asked for the seal status while the restore ran (this command does, and so does
//     any health check), the server keeps reporting and using its OWN pre-restore seal
//     configuration (shares/threshold) until the process restarts. When that differs from the
//     snapshot's, unsealing fails until the server is restarted.
import { uploadFile } from '../../vault-api/binary-transfer';
import { VaultClient } from '../../vault-api/client';
import { CliError, describeError } from '../errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { SnapshotSummary, describeSnapshot } from './snapshot-archive';
import { readSnapshotFile } from './snapshot-file';

export const FORCE_RESTORE_API_PATH = 'sys/storage/raft/snapshot-force';
const POLL_MS = 500;

/** What a freshly initialized server has: anything more means it holds data a restore would destroy. */
const FRESH = {
  mounts: ['cubbyhole/', 'identity/', 'sys/'],
  auth: ['token/'],
  policies: ['default', 'root'],
} as const;

interface ServerSealStatus {
  readonly initialized: boolean;
  readonly sealed: boolean;
  readonly t: number;
  readonly n: number;
  readonly storage_type?: string;
}

export interface RestoreOptions {
  readonly file: string;
  /** How long to wait for the server to seal itself after the restore. */
  readonly waitSeconds: number;
}

export interface RestoreResult {
  readonly snapshot: SnapshotSummary;
  /** Seal status once the server sealed itself. */
  readonly sealStatus: ServerSealStatus;
  /** The server still reports its own pre-restore seal configuration: restart it before unsealing. */
  readonly restartBeforeUnseal: boolean;
}

const sealStatus = (client: VaultClient) => client.get<ServerSealStatus>('sys/seal-status', { token: null }) as Promise<ServerSealStatus>;

/** Refuses a server that is not initialized and unsealed, not on raft, or holds anything a fresh server does not. */
async function checkFreshTarget(client: VaultClient): Promise<void> {
  const status = await sealStatus(client);
  if (!status.initialized || status.sealed) {
    throw new CliError(`the target server at ${client.options.address} is ${status.initialized ? 'sealed' : 'not initialized'}; restore needs a fresh server that is initialized and unsealed (its own throwaway shares) and its root token`);
  }
  if (status.storage_type !== undefined && status.storage_type !== 'raft') {
    throw new CliError(`the target server at ${client.options.address} uses ${status.storage_type} storage; a raft snapshot restores onto raft storage only`);
  }
  const keys = async (path: string, method: 'GET' | 'LIST') => {
    const body = method === 'LIST' ? await client.list(path) : await client.get(path);
    const data = (body.data ?? {}) as Record<string, unknown>;
    return method === 'LIST' ? ((data.keys as string[] | undefined) ?? []) : Object.keys(data);
  };
  const extra = [
    ...(await keys('sys/mounts', 'GET')).filter((m) => !(FRESH.mounts as readonly string[]).includes(m)).map((m) => `secrets engine ${m}`),
    ...(await keys('sys/auth', 'GET')).filter((m) => !(FRESH.auth as readonly string[]).includes(m)).map((m) => `auth method ${m}`),
    ...(await keys('sys/policies/acl', 'LIST')).filter((p) => !(FRESH.policies as readonly string[]).includes(p)).map((p) => `policy ${p}`),
  ];
  if (extra.length > 0) {
    throw new CliError(`the target server at ${client.options.address} is not fresh (it has ${extra.join(', ')}); a restore would replace all of its data: restore only onto a newly initialized server`);
  }
}

/** Polls seal-status until the server reports sealed; requests failing while the restore runs are retried. */
async function waitUntilSealed(client: VaultClient, io: CliIo, waitSeconds: number): Promise<ServerSealStatus> {
  const deadline = Date.now() + waitSeconds * 1000;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const status = await sealStatus(client);
      if (status.sealed) return status;
      last = 'still unsealed';
    } catch (e) {
      last = describeError(e);
    }
    await io.sleep(POLL_MS);
  }
  throw new CliError(`the server did not seal itself within ${waitSeconds}s after the restore (last: ${last}); check the server log ("restored user snapshot", "marked as sealed")`);
}

/** Checks the file, then connects (`connect`, e.g. an AppRole login) only if it is intact, and restores. */
export async function runSnapshotRestore(connect: () => Promise<VaultClient>, io: CliIo, opts: RestoreOptions): Promise<RestoreResult> {
  const progress = new Progress(io, 4);
  progress.next(`Checking ${opts.file}`);
  const snapshot = readSnapshotFile('--file', opts.file);
  describeSnapshot(snapshot).forEach((line) => progress.detail(line));
  const client = await connect();

  progress.next(`Checking that ${client.options.address} is a fresh, unsealed raft server`);
  await checkFreshTarget(client);

  progress.next(`Restoring (POST ${FORCE_RESTORE_API_PATH}): all data of this server is replaced by the snapshot`);
  await uploadFile(client, FORCE_RESTORE_API_PATH, opts.file);

  progress.next(`Waiting for the server to apply it and seal itself (up to ${opts.waitSeconds}s)`);
  const status = await waitUntilSealed(client, io, opts.waitSeconds);
  const { threshold, shares } = snapshot.sealConfig;
  const restartBeforeUnseal = status.t !== threshold || status.n !== shares;
  progress.detail(`sealed; it reports ${status.t} of ${status.n} shares, the snapshot's seal needs ${threshold} of ${shares}`);
  return { snapshot, sealStatus: status, restartBeforeUnseal };
}

/** The result and the operator's next steps, on stdout. */
export function printRestore(io: CliIo, file: string, address: string, r: RestoreResult): void {
  const { threshold, shares } = r.snapshot.sealConfig;
  io.out(`restored ${file} (sha256 ${r.snapshot.sha256}, raft index ${r.snapshot.raftIndex}) onto ${address}: the server is now sealed with the ORIGINAL cluster's keys`);
  if (r.restartBeforeUnseal) {
    io.out(`next: restart the server process: it still reports its own pre-restore seal configuration (${r.sealStatus.t} of ${r.sealStatus.n} shares) and would reject the original shares until it restarts`);
  }
  io.out(`${r.restartBeforeUnseal ? 'then' : 'next'}: unseal with ${threshold} of the original cluster's ${shares} unseal shares (each custodian: npm run ops -- unseal)`);
  io.out("this server's own unseal shares and root token no longer work: destroy them; the original cluster's tokens and AppRole secret IDs are valid again until they expire");
}
