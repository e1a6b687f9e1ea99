// `bootstrap --resume`: finishes a ceremony that stopped after sys/init (a failure, a kill, a share
// that could not be written). With 3 unseal shares (the clear share files in --out-dir, files given
// with --share-file, or typed by custodians) it completes the share files from the staged copy,
// unseals if needed, regenerates a root token (sys/generate-root, decoded in memory, never written
// or printed), runs every remaining step (each idempotent; the other nodes of the cluster join and
// are unsealed with the same shares, held in memory) and revokes every root token, the one the
// interrupted run held included. On a server that is not initialized yet it runs the whole
// ceremony.
import * as fs from 'node:fs';
import { VaultClient } from '../../vault-api/client';
import { CliError, describeError } from '../errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { SecretInput } from '../prompt';
import { readSecretFile } from '../secret-files';
import { resetUnseal, submitShare, waitUntilActive } from '../unseal/seal-status';
import { checkAdminBinding } from './admin-binding';
import { BootstrapOptions, BootstrapResult, CEREMONY_STEPS, resumeHint, revokeAfterFailure, runBootstrap } from './ceremony';
import { checkPeers, formCluster } from './ceremony-cluster';
import { CeremonyLayout, ceremonyLayout, checkResumeLayout, KEY_SHARES, prepareDirs, shareFilesOf } from './ceremony-files';
import { generateRootToken } from './generate-root';
import { completeHandover } from './handover';
import { serverSealStatus, ServerSealStatus } from './server-checks';
import { readStagedShares, removeStagedShares, showUnsavedShares, writeShareFiles } from './share-files';
import { sourceAddressTowards } from './source-address';

export interface ResumeOptions extends BootstrapOptions {
  /** Files holding unseal shares in clear (--share-file); empty = the clear share files in --out-dir, else typed. */
  readonly shareFiles: readonly string[];
}

const isFile = (f: string) => {
  try {
    return fs.lstatSync(f).isFile();
  } catch {
    return false;
  }
};

/** What the operator must know when no share of an initialized server is at hand. */
function sharesLostMessage(layout: CeremonyLayout): string {
  return (
    `no unseal share of this server is at hand: ${layout.outDir} holds no share file and no staged shares, and none was given with --share-file. ` +
    'If you do hold shares of it (e.g. copied from the display after a failed write), save them into their files in --out-dir or pass --share-file three times. ' +
    'If bootstrap was stopped while the server initialized (step 2, by SIGKILL or a power loss), the server\'s answer was the only copy of the shares and it is lost: ' +
    'nothing can unseal this server, and it holds nothing yet. Stop it, wipe its raft data directory (the `storage "raft"` path: the prod-server stack\'s data volume, /vault/file in the container), ' +
    'start it and run bootstrap again. Safe only when no share of this server was ever written or shown; if one was, find the others instead (docs/runbook.md, section 1)'
  );
}

/** Step 2: the share files, completed from the staged copy a stopped run left; returns whether they are PGP-encrypted. */
function completeShareFiles(io: CliIo, progress: Progress, layout: CeremonyLayout): boolean {
  progress.next('Completing the unseal share files');
  const staged = readStagedShares(layout);
  if (staged) {
    const written = writeShareFiles(layout, staged, (n, file) => progress.detail(`share ${n} of ${staged.shares.length} -> ${file} (from the staged copy)`));
    if (written.unsaved.length > 0) {
      showUnsavedShares(io, written.unsaved, staged.shares.length, written.reason ?? 'unknown error', staged.pgp);
      throw new CliError(`share(s) ${written.unsaved.map((s) => s.number).join(', ')} still cannot be written to ${layout.outDir} (${written.reason}); the staged copy ${layout.stagedShares} keeps them: make the directory writable, then ${resumeHint(layout)}`);
    }
    const left = removeStagedShares(layout);
    if (left) io.err(`warning: ${left}`);
  }
  const pgp = staged?.pgp ?? (layout.pgpShares.some(isFile) && !layout.clearShares.some(isFile));
  const present = shareFilesOf(layout, pgp).filter(isFile);
  progress.detail(`${present.length} of ${KEY_SHARES} share files present${pgp ? ' (PGP-encrypted)' : ''}${staged ? '; staged copy removed' : ''}`);
  return pgp;
}

/** The threshold's worth of shares: --share-file, else the clear share files, else typed (not echoed) when the files are encrypted. */
async function collectShares(io: CliIo, progress: Progress, layout: CeremonyLayout, opts: ResumeOptions, threshold: number, pgp: boolean): Promise<string[]> {
  if (opts.shareFiles.length > 0) {
    if (opts.shareFiles.length < threshold) throw new CliError(`--share-file: ${opts.shareFiles.length} given; the server needs ${threshold} shares (give --share-file ${threshold} times)`, 2);
    return opts.shareFiles.slice(0, threshold).map((f) => readSecretFile('--share-file', f));
  }
  const clear = layout.clearShares.filter(isFile);
  if (clear.length >= threshold) {
    progress.detail(`shares from ${clear.slice(0, threshold).join(', ')}`);
    return clear.slice(0, threshold).map((f) => readSecretFile('--out-dir share', f));
  }
  if (clear.length === 0 && !layout.pgpShares.some(isFile)) throw new CliError(sharesLostMessage(layout));
  if (pgp) io.err(`the share files are encrypted: ${threshold} custodians type their decrypted share`);
  const input = new SecretInput(io);
  const shares: string[] = [];
  try {
    while (shares.length < threshold) {
      const share = await input.read(`Unseal share ${shares.length + 1} of ${threshold} (decrypted; not echoed):`);
      if (!share) throw new CliError(`input ended after ${shares.length} of ${threshold} shares; nothing was changed on the server`);
      shares.push(share);
    }
  } finally {
    input.close();
  }
  return shares;
}

/** Step 3: unseals with the shares if the server is sealed (from a clean progress). */
async function unsealIfSealed(client: VaultClient, progress: Progress, status: ServerSealStatus, shares: readonly string[]): Promise<void> {
  if (!status.sealed) {
    progress.detail('already unsealed');
    return;
  }
  if (status.progress > 0) {
    await resetUnseal(client);
    progress.detail(`discarded ${status.progress} share(s) entered earlier`);
  }
  for (const share of shares) {
    const s = await submitShare(client, share);
    progress.detail(`unseal progress ${s.sealed ? s.progress : status.t} of ${status.t}${s.sealed ? '' : ': unsealed'}`);
    if (!s.sealed) break;
  }
  await waitUntilActive(client);
}

export async function runResume(client: VaultClient, io: CliIo, opts: ResumeOptions): Promise<BootstrapResult> {
  const layout = ceremonyLayout(opts.outDir);
  const address = client.options.address;
  const first = await serverSealStatus(client);
  if (!first.initialized) {
    io.err(`the server at ${address} is not initialized: the ceremony never got past step 1 on it; running it from the start`);
    return runBootstrap(client, io, opts);
  }
  const progress = new Progress(io, CEREMONY_STEPS);
  const role = opts.objects.adminRole.roleName;
  const peers = opts.cluster.peers.map((p) => p.nodeId);
  progress.next(`Checking ${layout.outDir}, ${address}${peers.length > 0 ? `, the other nodes (${peers.join(', ')})` : ''} and that ${role} may log in from this host`);
  const dirs = checkResumeLayout(layout);
  const peerLines = await checkPeers(client, opts.cluster, false);
  const source = await sourceAddressTowards(address, { localAddress: client.options.localAddress });
  const cidrs = checkAdminBinding(opts.objects.adminRole, source, address);
  prepareDirs(dirs);
  progress.detail(`server: initialized, ${first.sealed ? 'sealed' : 'unsealed'}; ${layout.outDir}: private, writable`);
  progress.detail(`${role} bound to ${cidrs.join(', ')}: admits ${source}`);
  for (const line of peerLines) progress.detail(line);

  const pgp = completeShareFiles(io, progress, layout);

  const status = await serverSealStatus(client);
  progress.next(status.sealed ? `Unsealing with ${status.t} shares` : `Reading ${status.t} shares (for the root token; the server is unsealed)`);
  const shares = await collectShares(io, progress, layout, opts, status.t, pgp);
  await unsealIfSealed(client, progress, status, shares);

  progress.next(`Regenerating a root token from ${status.t} shares (sys/generate-root; kept in memory only)`);
  const rootToken = await generateRootToken(client, shares, (text) => progress.detail(text));
  try {
    const result = await completeHandover(client, rootToken, progress, opts.objects, layout, 'Revoking every root token (this one and any the interrupted run left)', (root) =>
      formCluster(root, opts.cluster, shares, progress, { timeoutMs: opts.clusterTimeoutMs, sleep: io.sleep, outDir: layout.outDir }),
    );
    return { shareFiles: shareFilesOf(layout, pgp), adminDir: layout.adminDir, auditDevices: result.auditDevices, cluster: result.beforeRevoke };
  } catch (e) {
    await revokeAfterFailure(client, io, rootToken);
    throw new CliError(`${describeError(e)}; run \`bootstrap --resume --out-dir ${layout.outDir}\` again once fixed`, e instanceof CliError ? e.exitCode : 1);
  }
}
