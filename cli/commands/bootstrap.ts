import { Command, Option } from 'commander';
import { runBootstrap } from '../bootstrap/ceremony';
import { readPgpPublicKey } from '../bootstrap/pgp-keys';
import { parseCidr } from '../cidr';
import { anonymousClient, resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { parseDurationSeconds } from '../duration';
import { CliContext } from './context';

interface BootstrapFlags extends ConnectionFlags {
  outDir: string;
  pgpKey: string[];
  adminCidr: string[];
  auditPath: string;
  auditFilePath: string;
  adminTokenTtl: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerBootstrap(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('bootstrap')
    .summary('initialize, unseal and hand over a fresh production server, then revoke the root token')
    .description(
      'Runs once against a freshly started, uninitialized server: initializes it with 5 key shares and threshold 3, ' +
        'writes each share once to --out-dir (mode 0600; PGP-encrypted per custodian with --pgp-key), unseals with 3 shares, ' +
        'enables the file audit device before anything else, enables AppRole auth, writes the hoodcloud-admin policy and role, ' +
        'writes the admin role_id/secret_id to <out-dir>/admin (mode 0600), checks they log in, and revokes the root token. ' +
        'Refuses an initialized server and an --out-dir that already holds shares.',
    )
    .requiredOption('--out-dir <dir>', 'directory for the unseal shares and admin credentials (created 0700; files are never overwritten)')
    .option('--pgp-key <file>', 'a custodian\'s OpenPGP public key (binary or armored); give it 5 times, in share order; each share is then encrypted by the server to its custodian and the 3 custodians type their decrypted shares to unseal', collect, [])
    .option('--admin-cidr <cidr>', 'CIDR block the hoodcloud-admin AppRole is bound to (repeatable; required: no open default)', collect, [])
    .addOption(new Option('--audit-path <path>', 'mount path of the file audit device').default('file'))
    .addOption(new Option('--audit-file-path <path>', 'where the server writes the audit log').default('/vault/logs/audit.log'))
    .addOption(new Option('--admin-token-ttl <duration>', 'TTL of hoodcloud-admin tokens (max TTL is 4x)').default('1h'));
  withConnectionOptions(cmd, { auth: false });
  cmd.action(async (flags: BootstrapFlags) => {
    if (flags.adminCidr.length === 0) ctx.usage('--admin-cidr is required: the hoodcloud-admin AppRole must be bound to the admin host(s), e.g. --admin-cidr 127.0.0.1/32');
    const adminCidrs = flags.adminCidr.map((c) => parseCidr('--admin-cidr', c));
    const pgpKeys = flags.pgpKey.map(readPgpPublicKey);
    const conn = resolveConnection(flags, ctx.io);
    const result = await runBootstrap(anonymousClient(conn), ctx.io, {
      outDir: flags.outDir,
      pgpKeys,
      adminCidrs,
      auditPath: flags.auditPath,
      auditFilePath: flags.auditFilePath,
      adminTokenTtlSeconds: parseDurationSeconds('--admin-token-ttl', flags.adminTokenTtl),
    });
    ctx.io.out([
      'Bootstrap complete. Hand-over:',
      `  unseal shares (threshold 3 of 5): ${result.shareFiles.join(', ')}`,
      '    give share N to custodian N, then delete it from this machine',
      `  admin AppRole credentials: ${result.adminDir}/role_id, ${result.adminDir}/secret_id`,
      `    next: apply the prod-config stack authenticated as hoodcloud-admin, then \`secrets seed --env prod --approle-dir ${result.adminDir}\``,
      `  audit devices: ${result.auditDevices.join(', ')}`,
      '  root token: revoked',
    ].join('\n'));
  });
}
