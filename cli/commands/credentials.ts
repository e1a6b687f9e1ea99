import { Command, Option } from 'commander';
import { serviceNamed } from '../../services/catalog';
import { ServiceDefinition } from '../../services/service-definition';
import { cidrFlag } from '../cidr';
import { authenticatedClient, resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { readMountLeaseTtls, readRoleId, readRoleSettings } from '../credentials/approle-api';
import { inspectCredentialsDir } from '../credentials/credential-files';
import { runDestroy } from '../credentials/destroy';
import { checkDirIsRoles } from '../credentials/directory-role';
import { checkMayChown, parseFileMode, parseOwner } from '../credentials/file-access';
import { IssueOptions, runIssue } from '../credentials/issue';
import { runRotate } from '../credentials/rotate';
import { effectiveTokenLifetime, renderServiceEnv } from '../credentials/service-env';
import { printStatus, readStatus } from '../credentials/status';
import { durationFlag } from '../duration-flag';
import { CliError } from '../errors';
import { CliContext } from './context';
import { collectRepeated } from '../repeatable-option';

interface IssueFlags extends ConnectionFlags {
  role: string;
  outDir: string;
  wrapTtl?: string;
  cidr: string[];
  fileMode: string;
  owner?: string;
}

interface RotateFlags extends IssueFlags {
  grace: string;
}

interface StatusFlags extends ConnectionFlags {
  role: string[];
  outDir: string[];
  warnBefore: string;
}

interface DestroyFlags extends ConnectionFlags {
  role: string;
  accessor: string;
  outDir: string[];
  force?: boolean;
}

interface EnvFlags extends ConnectionFlags {
  role: string;
  outDir: string;
}

function issueOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--role <name>', 'AppRole name, e.g. hoodcloud-control-plane')
    .requiredOption('--out-dir <dir>', 'directory the service mounts read-only; receives role_id, secret_id, secret_id_accessor')
    .option('--wrap-ttl <duration>', 'response-wrap the secret ID (the secret_id file then holds a wrapping token to unwrap once), e.g. 60s')
    .option('--cidr <cidr>', 'restrict the secret ID to this CIDR block, within the role\'s own (repeatable)', collectRepeated, [])
    .addOption(new Option('--file-mode <octal>', 'mode of the written files: 0400 (owner read) or 0440 (owner and group read)').default('0400'))
    .option('--owner <uid:gid>', 'give the files and the directory to the numeric uid:gid the service\'s container runs as (needs root)');
}

/** Every check of the issue/rotate flags that needs no server, before anything happens. */
function issueFlags(flags: IssueFlags): IssueOptions {
  const cidrs = flags.cidr.map((c) => cidrFlag('--cidr', c));
  if (flags.wrapTtl) durationFlag('--wrap-ttl', flags.wrapTtl);
  const fileMode = parseFileMode(flags.fileMode);
  const owner = flags.owner !== undefined ? parseOwner(flags.owner) : undefined;
  checkMayChown(owner);
  return { role: flags.role, outDir: flags.outDir, wrapTtl: flags.wrapTtl, cidrs, fileMode, owner };
}

function registryEntry(role: string): ServiceDefinition {
  try {
    return serviceNamed(role);
  } catch (e) {
    throw new CliError(`--role: ${(e as Error).message}`, 2);
  }
}

export function registerCredentials(program: Command, ctx: CliContext): void {
  const credentials = program.command('credentials').summary('issue, rotate, destroy and watch AppRole secret IDs; print a service\'s Vault settings');

  const issue = issueOptions(
    credentials
      .command('issue')
      .summary('issue a secret ID for a role and write role_id/secret_id atomically')
      .description(
        'Issues a secret ID for the role (optionally response-wrapped and CIDR-restricted) and writes role_id, secret_id and secret_id_accessor into --out-dir atomically (temp file + rename), mode 0400 (or 0440), owned by --owner when given. ' +
          'Refuses a directory holding another role\'s credentials or a pending rotation. If writing fails, the new secret ID is destroyed again.',
      ),
  );
  withConnectionOptions(issue);
  issue.action(async (flags: IssueFlags) => {
    const opts = issueFlags(flags);
    const client = await authenticatedClient(resolveConnection(flags, ctx.io), ctx.minted);
    const r = await runIssue(client, ctx.io, opts);
    ctx.io.out(`issued ${flags.role} secret ID (accessor ${r.accessor}${r.wrapped ? ', wrapped' : ''}) -> ${flags.outDir}`);
  });

  const rotate = issueOptions(
    credentials
      .command('rotate')
      .summary('issue a new secret ID, write it, then destroy the old one after a grace period; finishes an interrupted rotation')
      .description(
        'Reads the old accessor from --out-dir, records the rotation in <out-dir>/.rotation-pending, issues and writes a new secret ID, waits --grace so the service can pick it up, then destroys the old secret ID by accessor and removes the record. ' +
          'After an interruption (killed, a failed write or destroy) the same command finishes the recorded rotation: it retires the old secret ID and any it created but did not finish writing. ' +
          '--grace is at most 24h and shorter than the role\'s secret_id_ttl.',
      ),
  ).addOption(new Option('--grace <duration>', 'time between writing the new secret ID and destroying the old one (at most 24h, less than the role\'s secret_id_ttl)').default('30s'));
  withConnectionOptions(rotate);
  rotate.action(async (flags: RotateFlags) => {
    const opts = issueFlags(flags);
    const graceSeconds = durationFlag('--grace', flags.grace);
    const client = await authenticatedClient(resolveConnection(flags, ctx.io), ctx.minted);
    const r = await runRotate(client, ctx.io, { ...opts, graceSeconds });
    const destroyed = r.destroyed.length > 0 ? `, destroyed ${r.destroyed.join(', ')}` : '';
    ctx.io.out(`rotated ${flags.role}: new accessor ${r.accessor}${destroyed}${r.resumedFrom ? ` (finished the rotation started ${r.resumedFrom})` : ''}`);
  });

  const status = credentials
    .command('status')
    .summary('list live secret IDs per role with creation and expiry; warn (exit 3) before expiry and about secret IDs no directory holds')
    .description(
      'Lists, per role, the live secret ID accessors with creation and expiry times. Warns (and exits 3) for each that expires within --warn-before or never expires. ' +
        'With --out-dir (the services\' credentials directories) it shows which directory holds which secret ID and warns about live secret IDs no given directory holds, directories whose secret ID is gone, and pending rotations; ' +
        'without it, a role with more than one live secret ID is a warning.',
    )
    .option('--role <name>', 'only this role (repeatable; default: every role)', collectRepeated, [])
    .option('--out-dir <dir>', 'a credentials directory in use, as given to `credentials issue` (repeatable)', collectRepeated, [])
    .addOption(new Option('--warn-before <duration>', 'warn when a secret ID expires within this window').default('48h'));
  withConnectionOptions(status);
  status.action(async (flags: StatusFlags) => {
    const warnBeforeSeconds = durationFlag('--warn-before', flags.warnBefore);
    const client = await authenticatedClient(resolveConnection(flags, ctx.io), ctx.minted);
    const result = await readStatus(client, { roles: flags.role, warnBeforeSeconds, outDirs: flags.outDir });
    printStatus(ctx.io, result);
    if (result.warnings > 0) ctx.setExitCode(3);
  });

  const destroy = credentials
    .command('destroy')
    .summary('destroy one secret ID by accessor (refuses the one a given --out-dir holds unless --force)')
    .description(
      'Destroys the secret ID with --accessor of --role, e.g. one `credentials status --out-dir …` reports as held by no directory. ' +
        'Refuses an accessor that is not live, and one held (or being written by a pending rotation) in a given --out-dir unless --force.',
    )
    .requiredOption('--role <name>', 'AppRole name, e.g. hoodcloud-control-plane')
    .requiredOption('--accessor <accessor>', 'the secret ID accessor (see `credentials status`)')
    .option('--out-dir <dir>', 'a credentials directory whose secret ID must not be destroyed (repeatable)', collectRepeated, [])
    .option('--force', 'destroy it even when a given --out-dir holds it');
  withConnectionOptions(destroy);
  destroy.action(async (flags: DestroyFlags) => {
    if (!/^[A-Za-z0-9-]+$/.test(flags.accessor)) ctx.usage(`--accessor: "${flags.accessor}" is not a secret ID accessor; expected letters, digits and "-" as \`credentials status\` lists them`);
    const client = await authenticatedClient(resolveConnection(flags, ctx.io), ctx.minted);
    await runDestroy(client, ctx.io, { role: flags.role, accessor: flags.accessor, outDirs: flags.outDir, force: flags.force ?? false });
    ctx.io.out(`destroyed ${flags.role} secret ID with accessor ${flags.accessor}`);
  });

  const env = credentials
    .command('env')
    .summary('print a service\'s Vault settings as a .env fragment (address, CA file, credential file paths, token cache TTL; never a secret)')
    .description(
      'Prints the Vault settings of the role\'s service (runbook step 12) under the environment names its registry entry declares (services/registry.ts vaultEnv): the address (--address / VAULT_ADDR), the CA file (--ca-cert / VAULT_CACERT), ' +
        'the role_id and secret_id file paths in --out-dir, and a token cache TTL of 75 % of the role\'s token lifetime (read from the server). Paths are absolute, as the service sees them when the directory is mounted at the same path.',
    )
    .requiredOption('--role <name>', 'the service\'s AppRole name or registry id, e.g. hoodcloud-payment-service or payment-service')
    .requiredOption('--out-dir <dir>', 'the service\'s credentials directory (as given to `credentials issue`)');
  withConnectionOptions(env);
  env.action(async (flags: EnvFlags) => {
    const service = registryEntry(flags.role);
    const held = inspectCredentialsDir('--out-dir', flags.outDir);
    const conn = resolveConnection(flags, ctx.io);
    const client = await authenticatedClient(conn, ctx.minted);
    await checkDirIsRoles(client, '--out-dir', held, service.roleName, await readRoleId(client, service.roleName));
    if (!held?.roleId) ctx.io.err(`note: ${flags.outDir} holds no credentials yet: run \`credentials issue --role ${service.roleName} --out-dir ${flags.outDir}\``);
    const tokenLifetime = effectiveTokenLifetime(await readRoleSettings(client, service.roleName), (await readMountLeaseTtls(client)).defaultLeaseTtl);
    const lines = renderServiceEnv({ service, address: conn.address, caFile: conn.caFile, credentialsDir: flags.outDir, tokenLifetime });
    ctx.io.out(lines.join('\n'));
  });
}
