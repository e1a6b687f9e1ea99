import { Command, Option } from 'commander';
import { KEY_SHARES, runBootstrap } from '../bootstrap/ceremony';
import { DEFAULT_CONFIG_JSON, readBootstrapObjects } from '../bootstrap/declared-objects';
import { readPgpPublicKey } from '../bootstrap/pgp-keys';
import { anonymousClient, resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { CliContext } from './context';

interface BootstrapFlags extends ConnectionFlags {
  outDir: string;
  pgpKey: string[];
  configJson: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerBootstrap(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('bootstrap')
    .summary('initialize, unseal and hand over a fresh production server, then revoke the root token')
    .description(
      'Runs once against a freshly started, uninitialized server: initializes it with 5 key shares and threshold 3, ' +
        'writes each share once to --out-dir (mode 0600; PGP-encrypted per custodian with --pgp-key), unseals with 3 shares, ' +
        'enables the file audit device before anything else, enables AppRole auth, writes the hoodcloud-admin policy and role ' +
        '(all four exactly as the synthesized prod-config stack declares them, so Terraform adopts them), ' +
        'writes the admin role_id/secret_id to <out-dir>/admin (mode 0600), checks they log in, and revokes the root token. ' +
        'Refuses an initialized server and an --out-dir that already holds shares.',
    )
    .requiredOption('--out-dir <dir>', 'directory for the unseal shares and admin credentials (created 0700; files are never overwritten)')
    .option('--pgp-key <file>', 'a custodian\'s OpenPGP public key (binary or armored); give it 5 times, in share order; each share is then encrypted by the server to its custodian and the 3 custodians type their decrypted shares to unseal', collect, [])
    .addOption(new Option('--config-json <file>', 'the synthesized prod-config stack (audit device, AppRole mount, admin policy and role are taken from it)').default(DEFAULT_CONFIG_JSON));
  withConnectionOptions(cmd, { auth: false });
  cmd.action(async (flags: BootstrapFlags) => {
    if (flags.pgpKey.length > 0 && flags.pgpKey.length !== KEY_SHARES) {
      ctx.usage(`--pgp-key: ${flags.pgpKey.length} keys given, expected ${KEY_SHARES} (one per custodian, in share order)`);
    }
    const objects = readBootstrapObjects(flags.configJson);
    const pgpKeys = flags.pgpKey.map(readPgpPublicKey);
    const conn = resolveConnection(flags, ctx.io);
    const result = await runBootstrap(anonymousClient(conn), ctx.io, {
      outDir: flags.outDir,
      pgpKeys,
      objects,
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
