import { Command, Option } from 'commander';
import { workloadServices } from '../../services/catalog';
import { LAYOUT } from '../../stacks/layout';
import { SEED_ENVIRONMENTS, SeedEnvironment } from '../../secrets-catalog/field-generators';
import { DEFAULT_RSA_BITS, MAX_RSA_BITS, MIN_RSA_BITS } from '../../secrets-catalog/rsa-keypair';
import { DEFAULT_PREVIOUS_KEY_GRACE_SECONDS, MAX_PREVIOUS_KEY_GRACE_SECONDS } from '../../secrets-catalog/previous-key';
import { MAX_FIELD_BYTES, MAX_SECRET_BYTES, formatLimit } from '../../secrets-catalog/value-limits';
import { authenticatedClient, resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { VaultClient } from '../../vault-api/client';
import { checkSecrets, printCheck } from '../secrets/check';
import { runRollback } from '../secrets/rollback';
import { runRotate, valuesFor } from '../secrets/rotate';
import { printChange } from '../secrets/secret-change';
import { graceFlag, rsaBitsFlag, versionFlag } from '../secrets/secret-flags';
import { printSeed, runSeed } from '../secrets/seed';
import { readValuesFile } from '../secrets/values-file';
import { catalogEntry, runVersions } from '../secrets/versions';
import { requireValidToken } from '../token-check';
import { CliContext } from './context';
import { collectRepeated } from '../repeatable-option';

interface SeedFlags extends ConnectionFlags {
  env: SeedEnvironment;
  mount: string;
  force?: boolean;
  rsaBits: string;
  values?: string;
}

interface CheckFlags extends ConnectionFlags {
  mount: string;
  service: string[];
}

interface RotateFlags extends ConnectionFlags {
  mount: string;
  values?: string;
  grace: string;
  rsaBits?: string;
}

interface RollbackFlags extends ConnectionFlags {
  mount: string;
  to: string;
  grace: string;
}

interface VersionsFlags extends ConnectionFlags {
  mount: string;
}

const GRACE_DEFAULT = `${DEFAULT_PREVIOUS_KEY_GRACE_SECONDS / 3600}h`;
const GRACE_HELP = `how long the replaced JWT public key keeps verifying tokens (0 to ${MAX_PREVIOUS_KEY_GRACE_SECONDS / 3600}h; 0 = at once, after a key compromise)`;

/** A client with a token the server knows: an invalid or expired token is reported as such, before any read. */
async function secretsClient(flags: ConnectionFlags, ctx: CliContext): Promise<VaultClient> {
  const conn = resolveConnection(flags, ctx.io);
  const client = await authenticatedClient(conn, ctx.minted);
  await requireValidToken(client, conn);
  return client;
}

export function registerSecrets(program: Command, ctx: CliContext): void {
  const secrets = program.command('secrets').summary('seed, check, rotate and roll back the secrets of the catalog (declared per service in services/registry.ts)');

  const seed = secrets
    .command('seed')
    .summary('generate what can be generated and create the missing catalog secrets (never touches existing ones without --force)')
    .description(
      'Generates the JWT RS256 keypair (PKCS#8/SPKI PEM), the X25519 sealed-box keypair and the NATS account seed; ' +
        'in dev/e2e also plausible values for every other field. In prod nothing else is invented: pass the values production ' +
        'must be given with --values, or seed prints what is still to be supplied. Everything is validated before anything is ' +
        `written (field values at most ${formatLimit(MAX_FIELD_BYTES)}, secrets at most ${formatLimit(MAX_SECRET_BYTES)}); each missing secret is created with check-and-set cas=0 (create only). ` +
        'Existing secrets are kept as they are, so re-running the same command after an interruption writes only what is still missing; ' +
        '--force replaces them all (check-and-set on the version read; to change one, use `secrets rotate`).',
    )
    .addOption(new Option('--env <env>', 'environment').choices([...SEED_ENVIRONMENTS]).makeOptionMandatory())
    .addOption(new Option('--mount <path>', 'KV v2 mount').default(LAYOUT.kvMount))
    .option('--force', 'replace existing secrets (check-and-set on the version read)')
    .addOption(new Option('--rsa-bits <n>', `RSA key size of the JWT keypair (an integer from ${MIN_RSA_BITS} to ${MAX_RSA_BITS})`).default(String(DEFAULT_RSA_BITS)))
    .option('--values <file>', 'JSON file {"<path>": {"<field>": value}} with values to store as given (mode 0600; delete it afterwards; a pipe works)');
  withConnectionOptions(seed);
  seed.action(async (flags: SeedFlags) => {
    const rsaBits = rsaBitsFlag(flags.rsaBits);
    // The file before the server: a usage error in it stops the seed before anything is asked.
    const supplied = flags.values ? readValuesFile(ctx.io, flags.values) : undefined;
    const client = await secretsClient(flags, ctx);
    const result = await runSeed(client, ctx.io, { env: flags.env, mount: flags.mount, force: Boolean(flags.force), rsaBits, supplied });
    printSeed(ctx.io, result);
  });

  const check = secrets
    .command('check')
    .summary('report every missing or malformed secret field per service; exits 1 on any problem')
    .description(
      'Reads every catalog secret from the server and checks each field against its kind: JSON objects of strings (not JSON ' +
        'strings), PEMs that parse, public keys that match their private keys, valid NATS account seeds, a previous JWT public ' +
        'key only with its expiry time. Prints one table per service; values never appear in the output.',
    )
    .addOption(new Option('--mount <path>', 'KV v2 mount').default(LAYOUT.kvMount))
    .option('--service <name>', `only this service (repeatable; one of ${workloadServices().map((s) => s.id).join(', ')})`, collectRepeated, []);
  withConnectionOptions(check);
  check.action(async (flags: CheckFlags) => {
    const known = workloadServices().map((s) => s.id);
    const unknown = flags.service.filter((s) => !known.includes(s));
    if (unknown.length > 0) ctx.usage(`--service: ${unknown.map((s) => `"${s}"`).join(', ')} unknown; expected one of ${known.join(', ')}`);
    const services = flags.service.length > 0 ? flags.service : known;
    const client = await secretsClient(flags, ctx);
    const result = await checkSecrets(client, { mount: flags.mount, services });
    printCheck(ctx.io, result, services);
    if (result.problems > 0) ctx.setExitCode(1);
  });

  const rotate = secrets
    .command('rotate')
    .summary('write a new version of one secret: generated fields anew, others from --values or kept (check-and-set)')
    .description(
      'Reads the current version of <path>, generates anew what seed generates in production too (keypairs, the NATS account ' +
        'seed, the internal API key), takes the fields --values gives and keeps the others, validates the result and writes it ' +
        'with check-and-set on the version read: if someone wrote meanwhile, nothing is written. Rotating the JWT keypair ' +
        'writes the replaced public key into previous_public_key_pem with previous_public_key_expires_at = now + --grace, in ' +
        'the same version: the auth server verifies tokens with both until then. Prints where each field came from (names only) ' +
        'and the versions kept.',
    )
    .argument('<path>', 'catalog path, e.g. hoodcloud/auth-server/jwt')
    .addOption(new Option('--mount <path>', 'KV v2 mount').default(LAYOUT.kvMount))
    .option('--values <file>', 'JSON file {"<path>": {"<field>": value}} naming this secret only: its new values (mode 0600; delete it afterwards; a pipe works)')
    .addOption(new Option('--grace <duration>', GRACE_HELP).default(GRACE_DEFAULT))
    .option('--rsa-bits <n>', `RSA key size of a new keypair (an integer from ${MIN_RSA_BITS} to ${MAX_RSA_BITS}; default: the current key's size)`);
  withConnectionOptions(rotate);
  rotate.action(async (logicalPath: string, flags: RotateFlags) => {
    catalogEntry(logicalPath);
    const graceSeconds = graceFlag(flags.grace);
    const rsaBits = flags.rsaBits === undefined ? undefined : rsaBitsFlag(flags.rsaBits);
    const supplied = flags.values ? readValuesFile(ctx.io, flags.values) : undefined;
    valuesFor(supplied, logicalPath);
    const client = await secretsClient(flags, ctx);
    const result = await runRotate(client, ctx.io, { mount: flags.mount, path: logicalPath, supplied, graceSeconds, rsaBits });
    printChange(ctx.io, result, `rotated ${logicalPath}`);
  });

  const rollback = secrets
    .command('rollback')
    .summary('write the data of an earlier version as the next version (KV v2 rollback, check-and-set)')
    .description(
      'Reads version --to of <path> and writes its data as a new version with check-and-set on the current one (nothing is ' +
        'written if someone wrote meanwhile); the versions in between stay. A deleted or destroyed version cannot be rolled back ' +
        'to. For the JWT keypair the current public key becomes the previous one for --grace, as in a rotation.',
    )
    .argument('<path>', 'catalog path, e.g. hoodcloud/auth-server/jwt')
    .requiredOption('--to <version>', 'the version whose data to restore (see `secrets versions <path>`)')
    .addOption(new Option('--mount <path>', 'KV v2 mount').default(LAYOUT.kvMount))
    .addOption(new Option('--grace <duration>', GRACE_HELP).default(GRACE_DEFAULT));
  withConnectionOptions(rollback);
  rollback.action(async (logicalPath: string, flags: RollbackFlags) => {
    catalogEntry(logicalPath);
    const to = versionFlag(flags.to);
    const graceSeconds = graceFlag(flags.grace);
    const client = await secretsClient(flags, ctx);
    const result = await runRollback(client, ctx.io, { mount: flags.mount, path: logicalPath, to, graceSeconds });
    printChange(ctx.io, result, `rolled ${logicalPath} back to the data of version ${to}`);
  });

  const versions = secrets
    .command('versions')
    .summary('list the versions KV v2 keeps of one secret (metadata only, never values)')
    .description('Prints each kept version of <path>, newest first: number, creation time, and whether it is readable, deleted or destroyed.')
    .argument('<path>', 'catalog path, e.g. hoodcloud/auth-server/jwt')
    .addOption(new Option('--mount <path>', 'KV v2 mount').default(LAYOUT.kvMount));
  withConnectionOptions(versions);
  versions.action(async (logicalPath: string, flags: VersionsFlags) => {
    catalogEntry(logicalPath);
    const client = await secretsClient(flags, ctx);
    await runVersions(client, ctx.io, { mount: flags.mount, path: logicalPath });
  });
}
