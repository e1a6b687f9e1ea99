import { Command, Option } from 'commander';
import { workloadServices } from '../../services/catalog';
import { LAYOUT } from '../../stacks/layout';
import { SEED_ENVIRONMENTS, SeedEnvironment } from '../../secrets-catalog/field-generators';
import { DEFAULT_RSA_BITS, MIN_RSA_BITS } from '../../secrets-catalog/rsa-keypair';
import { authenticatedClient, resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { checkSecrets, printCheck } from '../secrets/check';
import { printSeed, runSeed } from '../secrets/seed';
import { CliContext } from './context';

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

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerSecrets(program: Command, ctx: CliContext): void {
  const secrets = program.command('secrets').summary('seed and check the secrets of the catalog (declared per service in services/registry.ts)');

  const seed = secrets
    .command('seed')
    .summary('generate what can be generated and create the catalog secrets (never overwrites without --force)')
    .description(
      'Generates the JWT RS256 keypair (PKCS#8/SPKI PEM), the X25519 sealed-box keypair and the NATS account seed; ' +
        'in dev/e2e also plausible values for every other field. In prod nothing else is invented: pass the values production ' +
        'must be given with --values, or seed prints what is still to be supplied. Everything is validated before anything is ' +
        'written; each secret is created with check-and-set cas=0 (create only), so existing secrets are kept unless --force.',
    )
    .addOption(new Option('--env <env>', 'environment').choices([...SEED_ENVIRONMENTS]).makeOptionMandatory())
    .addOption(new Option('--mount <path>', 'KV v2 mount').default(LAYOUT.kvMount))
    .option('--force', 'replace existing secrets (check-and-set on the version read)')
    .addOption(new Option('--rsa-bits <n>', `RSA key size of the JWT keypair (at least ${MIN_RSA_BITS})`).default(String(DEFAULT_RSA_BITS)))
    .option('--values <file>', 'JSON file {"<path>": {"<field>": value}} with values to store as given (mode 0600; delete it afterwards)');
  withConnectionOptions(seed);
  seed.action(async (flags: SeedFlags) => {
    const rsaBits = Number(flags.rsaBits);
    if (!Number.isInteger(rsaBits) || rsaBits < MIN_RSA_BITS) ctx.usage(`--rsa-bits: "${flags.rsaBits}" is not a key size; expected an integer of at least ${MIN_RSA_BITS}`);
    const client = await authenticatedClient(resolveConnection(flags, ctx.io));
    const result = await runSeed(client, ctx.io, { env: flags.env, mount: flags.mount, force: Boolean(flags.force), rsaBits, valuesFile: flags.values });
    printSeed(ctx.io, result);
  });

  const check = secrets
    .command('check')
    .summary('report every missing or malformed secret field per service; exits 1 on any problem')
    .description(
      'Reads every catalog secret from the server and checks each field against its kind: JSON objects of strings (not JSON ' +
        'strings), PEMs that parse, public keys that match their private keys, valid NATS account seeds. Prints one table per ' +
        'service; values never appear in the output.',
    )
    .addOption(new Option('--mount <path>', 'KV v2 mount').default(LAYOUT.kvMount))
    .option('--service <name>', `only this service (repeatable; one of ${workloadServices().map((s) => s.id).join(', ')})`, collect, []);
  withConnectionOptions(check);
  check.action(async (flags: CheckFlags) => {
    const known = workloadServices().map((s) => s.id);
    const unknown = flags.service.filter((s) => !known.includes(s));
    if (unknown.length > 0) ctx.usage(`--service: ${unknown.map((s) => `"${s}"`).join(', ')} unknown; expected one of ${known.join(', ')}`);
    const services = flags.service.length > 0 ? flags.service : known;
    const client = await authenticatedClient(resolveConnection(flags, ctx.io));
    const result = await checkSecrets(client, { mount: flags.mount, services });
    printCheck(ctx.io, result, services);
    if (result.problems > 0) ctx.setExitCode(1);
  });
}
