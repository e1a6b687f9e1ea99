import { Command, Option } from 'commander';
import { BootstrapResult, KEY_SHARES, runBootstrap } from '../bootstrap/ceremony';
import { ceremonyClusterOf } from '../bootstrap/ceremony-cluster';
import { DEFAULT_CONFIG_JSON, readBootstrapObjects } from '../bootstrap/declared-objects';
import { readPgpPublicKey } from '../bootstrap/pgp-keys';
import { runResume } from '../bootstrap/resume';
import { DEFAULT_SERVER_JSON } from '../cluster/declared-nodes';
import { anonymousClient, resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { durationFlag } from '../duration-flag';
import { CliContext } from './context';
import { collectRepeated } from '../repeatable-option';

interface BootstrapFlags extends ConnectionFlags {
  outDir: string;
  pgpKey: string[];
  configJson: string;
  serverJson: string;
  clusterTimeout: string;
  resume?: boolean;
  shareFile: string[];
}

function handOver(result: BootstrapResult): string {
  return [
    'Bootstrap complete. Hand-over:',
    `  unseal shares (threshold 3 of 5): ${result.shareFiles.join(', ')}`,
    '    give share N to custodian N, then delete it from this machine',
    `  admin AppRole credentials: ${result.adminDir}/role_id, ${result.adminDir}/secret_id`,
    `    next: apply the prod-config stack authenticated as hoodcloud-admin, then \`secrets seed --env prod --approle-dir ${result.adminDir}\``,
    `  audit devices: ${result.auditDevices.join(', ')}`,
    result.cluster.nodeIds.length === 1
      ? `  cluster: ${result.cluster.leader} alone (a single-node stack)`
      : `  cluster: ${result.cluster.voters.length} voters (${[...result.cluster.voters].sort().join(', ')}), leader ${result.cluster.leader}, failure tolerance ${result.cluster.failureTolerance}`,
    '  root token: revoked',
  ].join('\n');
}

export function registerBootstrap(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('bootstrap')
    .summary('initialize, unseal and hand over a fresh production server, have the other cluster nodes join it, then revoke the root token (--resume finishes a stopped ceremony)')
    .description(
      'Runs once against a freshly started, uninitialized server. Before anything irreversible it checks everything the ceremony needs: ' +
        'the config JSON and PGP keys, that --out-dir and <out-dir>/admin are (or can be made) private directories of this user ' +
        '(mode 0700, no symbolic link, nothing in the path others can change) where every file is free and can be written, ' +
        'that the admin role\'s CIDRs admit the address this host connects from, and that the server answers, uninitialized, with a key-share seal. ' +
        'Then it initializes the server with 5 key shares and threshold 3, saves the shares at once (staged, then one file each, mode 0600; ' +
        'PGP-encrypted per custodian with --pgp-key; a share that cannot be written is shown once on stderr instead of being lost), unseals with 3 shares, ' +
        'enables the file audit device before anything else, enables AppRole auth, writes the hoodcloud-admin policy and role ' +
        '(all four exactly as the synthesized prod-config stack declares them, so Terraform adopts them), ' +
        'writes the admin role_id/secret_id to <out-dir>/admin (mode 0600), checks they log in, ' +
        'has every other node the synthesized prod-server stack declares join and unseal with the shares held in memory (never written) and waits until each is a voter, ' +
        'and revokes the root token. The server stack must declare the server being bootstrapped (by its address) and every other node must answer, over TLS, before the server is initialized. ' +
        'With --resume it finishes a ceremony that stopped after initializing: it regenerates a root token from 3 shares ' +
        '(--share-file, the clear share files in --out-dir, or typed by custodians), completes every remaining step and revokes every root token; ' +
        'the root token is never written or printed.',
    )
    .requiredOption('--out-dir <dir>', 'directory for the unseal shares and admin credentials (created 0700; files are never overwritten)')
    .option('--pgp-key <file>', 'a custodian\'s OpenPGP public key (binary or armored); give it 5 times, in share order; each share is then encrypted by the server to its custodian and the 3 custodians type their decrypted shares to unseal', collectRepeated, [])
    .addOption(new Option('--config-json <file>', 'the synthesized prod-config stack (audit device, AppRole mount, admin policy and role are taken from it)').default(DEFAULT_CONFIG_JSON))
    .addOption(new Option('--server-json <file>', 'the synthesized prod-server stack: the cluster\'s nodes (the one at --address is bootstrapped, the others join it; a single node skips the join)').default(DEFAULT_SERVER_JSON))
    .addOption(new Option('--cluster-timeout <duration>', 'how long each other node may take to join, and then every node to become a voter').default('90s'))
    .option('--resume', 'finish a ceremony that stopped after initializing the server (needs 3 unseal shares; the server must accept sys/generate-root)')
    .option('--share-file <file>', 'with --resume: a file holding one unseal share in clear; give it 3 times (default: the clear share files in --out-dir; with PGP-encrypted share files, custodians type theirs, not echoed)', collectRepeated, []);
  withConnectionOptions(cmd, { auth: false });
  cmd.action(async (flags: BootstrapFlags) => {
    if (flags.pgpKey.length > 0 && flags.pgpKey.length !== KEY_SHARES) {
      ctx.usage(`--pgp-key: ${flags.pgpKey.length} keys given, expected ${KEY_SHARES} (one per custodian, in share order)`);
    }
    if (flags.shareFile.length > 0 && !flags.resume) ctx.usage('--share-file: only with --resume (a fresh ceremony takes the shares from the server)');
    const clusterTimeoutMs = durationFlag('--cluster-timeout', flags.clusterTimeout) * 1000;
    if (clusterTimeoutMs <= 0) ctx.usage(`--cluster-timeout: "${flags.clusterTimeout}" is no time at all; expected a positive duration such as 90s or 5m`);
    const objects = readBootstrapObjects(flags.configJson);
    const pgpKeys = flags.pgpKey.map(readPgpPublicKey);
    const conn = resolveConnection(flags, ctx.io);
    const cluster = ceremonyClusterOf(flags.serverJson, conn.address);
    const opts = { outDir: flags.outDir, pgpKeys, objects, cluster, clusterTimeoutMs };
    const result = flags.resume
      ? await runResume(anonymousClient(conn), ctx.io, { ...opts, shareFiles: flags.shareFile })
      : await runBootstrap(anonymousClient(conn), ctx.io, opts);
    ctx.io.out(handOver(result));
  });
}
