import { Command, Option } from 'commander';
import { cidrFlag } from '../cidr';
import { authenticatedClient, resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { printStatus, readStatus } from '../credentials/status';
import { runIssue, runRotate } from '../credentials/issue';
import { durationFlag } from '../duration-flag';
import { CliContext } from './context';

interface IssueFlags extends ConnectionFlags {
  role: string;
  outDir: string;
  wrapTtl?: string;
  cidr: string[];
  fileMode: string;
}

interface RotateFlags extends IssueFlags {
  grace: string;
}

interface StatusFlags extends ConnectionFlags {
  role: string[];
  warnBefore: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function issueOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--role <name>', 'AppRole name, e.g. hoodcloud-control-plane')
    .requiredOption('--out-dir <dir>', 'directory the service mounts read-only; receives role_id, secret_id, secret_id_accessor')
    .option('--wrap-ttl <duration>', 'response-wrap the secret ID (the secret_id file then holds a wrapping token to unwrap once), e.g. 60s')
    .option('--cidr <cidr>', 'restrict the secret ID to this CIDR block, within the role\'s own (repeatable)', collect, [])
    .addOption(new Option('--file-mode <octal>', 'mode of the written files').default('0400'));
}

function parseMode(ctx: CliContext, text: string): number {
  if (!/^0?[0-7]{3}$/.test(text)) ctx.usage(`--file-mode: "${text}" is not an octal file mode; expected e.g. 0400 or 0440`);
  const mode = parseInt(text, 8);
  if (mode & 0o077 & ~0o040) ctx.usage(`--file-mode: ${text} lets others read or write the secret; expected owner read-only (0400), optionally group-readable (0440)`);
  return mode;
}

export function registerCredentials(program: Command, ctx: CliContext): void {
  const credentials = program.command('credentials').summary('issue, rotate and watch AppRole secret IDs');

  const issue = issueOptions(
    credentials
      .command('issue')
      .summary('issue a secret ID for a role and write role_id/secret_id atomically')
      .description('Issues a secret ID for the role (optionally response-wrapped and CIDR-restricted) and writes role_id, secret_id and secret_id_accessor into --out-dir atomically (temp file + rename), mode 0400.'),
  );
  withConnectionOptions(issue);
  issue.action(async (flags: IssueFlags) => {
    const cidrs = flags.cidr.map((c) => cidrFlag('--cidr', c));
    if (flags.wrapTtl) durationFlag('--wrap-ttl', flags.wrapTtl);
    const fileMode = parseMode(ctx, flags.fileMode);
    const client = await authenticatedClient(resolveConnection(flags, ctx.io));
    const r = await runIssue(client, ctx.io, { role: flags.role, outDir: flags.outDir, wrapTtl: flags.wrapTtl, cidrs, fileMode });
    ctx.io.out(`issued ${flags.role} secret ID (accessor ${r.accessor}${r.wrapped ? ', wrapped' : ''}) -> ${flags.outDir}`);
  });

  const rotate = issueOptions(
    credentials
      .command('rotate')
      .summary('issue a new secret ID, write it, then destroy the old one after a grace period')
      .description('Reads the old accessor from --out-dir, issues and writes a new secret ID, waits --grace so the service can pick it up, then destroys the old secret ID by accessor.'),
  ).addOption(new Option('--grace <duration>', 'time between writing the new secret ID and destroying the old one').default('30s'));
  withConnectionOptions(rotate);
  rotate.action(async (flags: RotateFlags) => {
    const cidrs = flags.cidr.map((c) => cidrFlag('--cidr', c));
    if (flags.wrapTtl) durationFlag('--wrap-ttl', flags.wrapTtl);
    const graceSeconds = durationFlag('--grace', flags.grace);
    const fileMode = parseMode(ctx, flags.fileMode);
    const client = await authenticatedClient(resolveConnection(flags, ctx.io));
    const r = await runRotate(client, ctx.io, { role: flags.role, outDir: flags.outDir, wrapTtl: flags.wrapTtl, cidrs, fileMode, graceSeconds });
    ctx.io.out(`rotated ${flags.role}: new accessor ${r.accessor}${r.destroyedAccessor ? `, destroyed ${r.destroyedAccessor}` : ''}`);
  });

  const status = credentials
    .command('status')
    .summary('list live secret IDs per role with creation and expiry; warn before expiry (exit 3)')
    .description('Lists, per role, the live secret ID accessors with creation and expiry times. Warns (and exits 3) for each that expires within --warn-before or never expires.')
    .option('--role <name>', 'only this role (repeatable; default: every role)', collect, [])
    .addOption(new Option('--warn-before <duration>', 'warn when a secret ID expires within this window').default('48h'));
  withConnectionOptions(status);
  status.action(async (flags: StatusFlags) => {
    const warnBeforeSeconds = durationFlag('--warn-before', flags.warnBefore);
    const client = await authenticatedClient(resolveConnection(flags, ctx.io));
    const result = await readStatus(client, { roles: flags.role, warnBeforeSeconds });
    printStatus(ctx.io, result);
    if (result.warnings > 0) ctx.setExitCode(3);
  });
}
