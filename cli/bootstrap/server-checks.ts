// What the server must be before the ceremony initializes it, and what its refusals of sys/init mean.
import { VaultApiError, VaultClient } from '../../vault-api/client';
import { CliError } from '../errors';

/** sys/seal-status with the fields the ceremony looks at. */
export interface ServerSealStatus {
  readonly initialized: boolean;
  readonly sealed: boolean;
  readonly t: number;
  readonly n: number;
  readonly progress: number;
  readonly type?: string;
  readonly migration?: boolean;
  readonly storage_type?: string;
}

export async function serverSealStatus(client: VaultClient): Promise<ServerSealStatus> {
  return (await client.get('sys/seal-status', { token: null })) as unknown as ServerSealStatus;
}

/**
 * The server answers, is not initialized, and will be unsealed by key shares (a Shamir seal, no
 * seal migration under way): what sys/init with 5 shares and threshold 3 needs.
 */
export async function checkFreshServer(client: VaultClient, outDir: string): Promise<ServerSealStatus> {
  const address = client.options.address;
  const status = await serverSealStatus(client);
  if (status.initialized) {
    throw new CliError(
      `the server at ${address} is already initialized: bootstrap runs once on a fresh server. ` +
        `To finish a ceremony that stopped after initializing it: \`bootstrap --resume --out-dir ${outDir}\`; to unseal it after a restart: \`unseal\``,
    );
  }
  if (status.type && status.type !== 'shamir') {
    throw new CliError(`the server at ${address} has a "${status.type}" seal: this ceremony initializes a server unsealed by key shares (shamir), as the prod-server stack configures it`);
  }
  if (status.migration) throw new CliError(`the server at ${address} is migrating its seal: finish the migration first`);
  return status;
}

const HALF_INITIALIZED = 'cluster already has state';

/** sys/init refused because raft holds a cluster from an initialization that never finished. */
export function isHalfInitialized(e: unknown): boolean {
  return e instanceof VaultApiError && e.errors.some((m) => m.includes(HALF_INITIALIZED));
}

/** What to tell the operator when raft holds a half-initialized cluster (the server was stopped during sys/init). */
export function halfInitializedError(address: string, outDir: string): CliError {
  return new CliError(
    `the server at ${address} refuses to initialize: its raft storage says "${HALF_INITIALIZED}" although it is not initialized. ` +
      'An earlier sys/init was cut off (the server was stopped or killed while initializing): raft was bootstrapped, but the keys were never stored, ' +
      'and the server can never be initialized on this storage. Nothing was written by this run. ' +
      `Safe only when no share was ever written or shown for this server (${outDir} and any earlier --out-dir hold no unseal-share file, no staged shares): ` +
      'stop the server, wipe its raft data directory (the `storage "raft"` path: the prod-server stack\'s data volume, /vault/file in the container), ' +
      'start it and run bootstrap again. If shares of this server do exist, it was initialized before and its storage is damaged: do not wipe, restore a raft snapshot (docs/runbook.md, section 8). See docs/runbook.md, section 1.',
  );
}
