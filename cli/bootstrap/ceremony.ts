// The bootstrap ceremony of a fresh production server: check everything it will need, initialize
// (5 shares, threshold 3), save the shares, unseal, enable the audit device before anything else,
// set up what Terraform needs to authenticate (AppRole auth, the admin policy and role, exactly as
// the prod-config stack declares them), issue the admin credentials, have every other node of the
// cluster join and unseal with the shares held in memory, hand over, revoke root.
// Nothing irreversible happens before every check passed; after sys/init no share is ever dropped
// (saved, or shown once); a run stopped after sys/init is finished by `bootstrap --resume`.
// The root token lives only in this process's memory.
import { VaultApiError, VaultClient } from '../../vault-api/client';
import { CliError, describeError } from '../errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { SecretInput } from '../prompt';
import { submitShare, waitUntilActive } from '../unseal/seal-status';
import { checkAdminBinding } from './admin-binding';
import { CeremonyLayout, ceremonyLayout, checkFreshLayout, KEY_SHARES, KEY_THRESHOLD, prepareDirs, shareFilesOf } from './ceremony-files';
import { CeremonyCluster, checkPeers, ClusterFormed, formCluster } from './ceremony-cluster';
import { BootstrapObjects } from './declared-objects';
import { completeHandover } from './handover';
import { checkFreshServer, halfInitializedError, isHalfInitialized } from './server-checks';
import { InitShares, removeStagedShares, showUnsavedShares, stageShares, writeShareFiles } from './share-files';
import { withSignalsHeld } from './signal-shield';
import { sourceAddressTowards } from './source-address';

export { KEY_SHARES, KEY_THRESHOLD } from './ceremony-files';

export interface BootstrapOptions {
  /** Directory for the shares and the admin credentials (created 0700; must not hold them already). */
  readonly outDir: string;
  /** One custodian public key (base64 binary) per share; empty = shares in clear, one file each. */
  readonly pgpKeys: readonly string[];
  /** The audit device(s), AppRole mount, admin policy and admin role as the prod-config stack declares them. */
  readonly objects: BootstrapObjects;
  /** The node being bootstrapped and the other nodes the prod-server stack declares. */
  readonly cluster: CeremonyCluster;
  /** How long each other node may take to join, and then every node to become a voter. */
  readonly clusterTimeoutMs: number;
}

/** Steps the ceremony (and --resume) prints: `[n/11]`. */
export const CEREMONY_STEPS = 11;

export interface BootstrapResult {
  readonly shareFiles: readonly string[];
  readonly adminDir: string;
  readonly auditDevices: readonly string[];
  readonly cluster: ClusterFormed;
}

/** How to continue after a stop past sys/init. */
export const resumeHint = (layout: CeremonyLayout) => `finish with \`bootstrap --resume --out-dir ${layout.outDir}\` (docs/runbook.md, section 1)`;

/** Step 1: every check the ceremony needs, then its directories (0700) and a write test; nothing irreversible. */
async function preflight(client: VaultClient, progress: Progress, opts: BootstrapOptions, layout: CeremonyLayout): Promise<void> {
  const address = client.options.address;
  const role = opts.objects.adminRole.roleName;
  const peers = opts.cluster.peers.map((p) => p.nodeId);
  progress.next(`Checking ${address} is fresh, ${peers.length > 0 ? `the other nodes (${peers.join(', ')}) answer, ` : ''}${layout.outDir} can take every file, and ${role} may log in from this host`);
  if (opts.pgpKeys.length > 0 && opts.pgpKeys.length !== KEY_SHARES) {
    throw new CliError(`--pgp-key: ${opts.pgpKeys.length} keys given, expected ${KEY_SHARES} (one per custodian, in share order)`, 2);
  }
  const dirs = checkFreshLayout(layout);
  const status = await checkFreshServer(client, layout.outDir);
  const peerLines = await checkPeers(client, opts.cluster, true);
  const source = await sourceAddressTowards(address, { localAddress: client.options.localAddress });
  const cidrs = checkAdminBinding(opts.objects.adminRole, source, address);
  prepareDirs(dirs);
  progress.detail(`server: not initialized, ${status.type ?? 'shamir'} seal${status.storage_type ? `, ${status.storage_type} storage` : ''}; ${opts.cluster.self.nodeId} of ${opts.cluster.serverJson}`);
  for (const line of peerLines) progress.detail(line);
  progress.detail(`${layout.outDir}: private (0700), every file free, writable`);
  progress.detail(`${role} bound to ${cidrs.join(', ')}: admits ${source}, this host's address towards the server`);
}

/**
 * sys/init takes seconds on raft (bootstrapping the cluster, electing itself): far more patience than
 * other requests, since a client that gives up does not stop the server, it only loses the shares.
 */
const INIT_TIMEOUT_MS = 10 * 60 * 1000;

/** sys/init; a raft cluster left half-initialized by an earlier cut-off init gets its own explanation. */
async function initialize(client: VaultClient, opts: BootstrapOptions, layout: CeremonyLayout): Promise<{ keys_base64: string[]; root_token: string }> {
  try {
    return await new VaultClient({ ...client.options, timeoutMs: INIT_TIMEOUT_MS }).put<{ keys_base64: string[]; root_token: string }>('sys/init', {
      secret_shares: KEY_SHARES,
      secret_threshold: KEY_THRESHOLD,
      ...(opts.pgpKeys.length > 0 ? { pgp_keys: opts.pgpKeys } : {}),
    }, { token: null });
  } catch (e) {
    if (isHalfInitialized(e)) throw halfInitializedError(client.options.address, layout.outDir);
    if (e instanceof VaultApiError) throw e;
    throw new CliError(
      `the connection to ${client.options.address} broke during sys/init (${describeError(e)}): the server may have initialized without its answer, the only copy of the shares, ` +
        `reaching this run. \`bootstrap --resume --out-dir ${layout.outDir}\` tells which case it is and what to do (docs/runbook.md, section 1)`,
    );
  }
}

/**
 * Steps 2 and 3, with Ctrl-C, kill and hang-up held: sys/init, all shares into the staged file the
 * moment the answer arrives, then each into its own file. Shares that end up in no file are shown.
 */
async function initializeAndSaveShares(client: VaultClient, io: CliIo, progress: Progress, opts: BootstrapOptions, layout: CeremonyLayout): Promise<{ init: InitShares; rootToken: string }> {
  const pgp = opts.pgpKeys.length > 0;
  progress.next(`Initializing: ${KEY_SHARES} key shares, threshold ${KEY_THRESHOLD}${pgp ? ', each share PGP-encrypted to its custodian' : ''}`);
  const { result, signal } = await withSignalsHeld(io, 'the server is initializing and its answer is the only copy of the unseal shares: they are saved first', async () => {
    const answer = await initialize(client, opts, layout);
    const init: InitShares = { pgp, shares: answer.keys_base64 };
    let stagedError: unknown;
    try {
      stageShares(layout, init);
    } catch (e) {
      stagedError = e;
    }
    progress.next('Writing each unseal share once (mode 0600)');
    const written = writeShareFiles(layout, init, (n, file) => progress.detail(`share ${n} of ${KEY_SHARES} -> ${file}`));
    if (written.unsaved.length === 0 && stagedError === undefined) {
      const left = removeStagedShares(layout);
      if (left) io.err(`warning: ${left}`);
    }
    return { answer, init, written, staged: stagedError === undefined };
  });
  const { answer, init, written, staged } = result;
  if (written.unsaved.length > 0) {
    showUnsavedShares(io, written.unsaved, KEY_SHARES, written.reason ?? 'unknown error', pgp);
    const numbers = written.unsaved.map((s) => s.number).join(', ');
    throw new CliError(
      `the ceremony stopped after initializing the server: share(s) ${numbers} could not be written to ${layout.outDir} (${written.reason}) and were shown above, once. ` +
        `The server is initialized and sealed. ${staged ? `The staged copy ${layout.stagedShares} still holds every share. ` : ''}` +
        `Make ${layout.outDir} writable again (space, permissions), save each shown share into its file (${shareFilesOf(layout, pgp)[written.unsaved[0].number - 1]} and so on, mode 0600), then ${resumeHint(layout)}`,
    );
  }
  if (signal) throw new CliError(`interrupted by ${signal} after the shares were saved; the server is initialized and sealed: ${resumeHint(layout)}`);
  return { init, rootToken: answer.root_token };
}

/**
 * Step 4: 3 shares, from memory, or typed by 3 custodians when the files hold only encrypted shares.
 * Returns the shares used, kept in memory only: the other nodes of the cluster are unsealed with them.
 */
async function unsealFresh(client: VaultClient, io: CliIo, progress: Progress, init: InitShares): Promise<string[]> {
  progress.next(`Unsealing with ${KEY_THRESHOLD} of ${KEY_SHARES} shares`);
  const input = init.pgp ? new SecretInput(io) : undefined;
  const used: string[] = [];
  try {
    for (let i = 0; i < KEY_THRESHOLD; i++) {
      let share: string | undefined = init.shares[i];
      if (input) {
        share = await input.read(`Custodian ${i + 1} of ${KEY_THRESHOLD}: enter your decrypted unseal share (not echoed):`);
        if (!share) throw new CliError(`input ended after ${i} of ${KEY_THRESHOLD} shares; the server stays sealed`);
      }
      const s = await submitShare(client, share);
      used.push(share);
      progress.detail(`unseal progress ${s.sealed ? s.progress : KEY_THRESHOLD} of ${KEY_THRESHOLD}${s.sealed ? '' : ': unsealed'}`);
    }
  } finally {
    input?.close();
  }
  await waitUntilActive(client);
  return used;
}

/** After a failure past sys/init: revokes the root token if the server still takes it, and says so. */
export async function revokeAfterFailure(client: VaultClient, io: CliIo, rootToken: string): Promise<void> {
  const revoked = await client
    .raw('POST', 'auth/token/revoke-self', { token: rootToken })
    .then((r) => r.status === 204 || r.status === 200)
    .catch(() => false);
  io.err(revoked
    ? 'the root token this run held was revoked.'
    : 'the root token this run held could not be revoked (server sealed?); it was never written anywhere, and --resume revokes it.');
}

export async function runBootstrap(client: VaultClient, io: CliIo, opts: BootstrapOptions): Promise<BootstrapResult> {
  const layout = ceremonyLayout(opts.outDir);
  const progress = new Progress(io, CEREMONY_STEPS);
  await preflight(client, progress, opts, layout);
  const { init, rootToken } = await initializeAndSaveShares(client, io, progress, opts, layout);
  let handedOver = false;
  try {
    const shares = await unsealFresh(client, io, progress, init);
    const result = await completeHandover(client, rootToken, progress, opts.objects, layout, 'Revoking the root token', (root) =>
      formCluster(root, opts.cluster, shares, progress, { timeoutMs: opts.clusterTimeoutMs, sleep: io.sleep, outDir: layout.outDir }),
    );
    handedOver = true;
    return { shareFiles: shareFilesOf(layout, init.pgp), adminDir: layout.adminDir, auditDevices: result.auditDevices, cluster: result.beforeRevoke };
  } catch (e) {
    if (!handedOver) {
      io.err(`bootstrap stopped after initializing the server; every share is saved in ${layout.outDir}.`);
      await revokeAfterFailure(client, io, rootToken);
    }
    throw new CliError(`${describeError(e)}; ${resumeHint(layout)}`, e instanceof CliError ? e.exitCode : 1);
  }
}
