import { Command, Option } from 'commander';
import { authenticatedClient, resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { DEFAULT_CONFIG_JSON } from '../bootstrap/declared-objects';
import { compareConfig, comparedCounts } from '../drift/compare';
import { readDeclaredConfig } from '../drift/declared-config';
import { renderDriftReport } from '../drift/drift-report';
import { readLiveConfig } from '../drift/live-config';
import { Progress } from '../progress';
import { CliContext } from './context';

interface DriftFlags extends ConnectionFlags {
  readonly configJson: string;
}

export function registerDrift(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('drift')
    .summary('compare the live server with the synthesized configuration: every undeclared or changed policy, role, mount, tune setting, transit key and audit device (exit 1 on any)')
    .description(
      'Reads the synthesized config stack (--config-json) and the live server, and reports in one table (KIND, NAME, WHAT, ' +
        'DECLARED, LIVE) every difference: policies compared rule by rule as the server parses them (not as text), ' +
        'undeclared policies by name; every field of each AppRole role (token_policies, CIDR bindings compared as blocks, ' +
        'TTLs, bind_secret_id...) and undeclared roles; auth methods and secrets engines (type, options) and their tune ' +
        'settings (TTLs, audit_non_hmac_request_keys and _response_keys, listing visibility, headers); the KV v2 settings; ' +
        'transit keys (exportable, allow_plaintext_backup, deletion_allowed, minimum versions, rotation) and undeclared ' +
        'keys; audit devices and their options. A field the configuration leaves out is compared with the server\'s ' +
        'default, so a setting Terraform would not show in a plan (a computed field) is still reported. ' +
        'This catches what the hoodcloud-admin ACL cannot refuse (a declared policy widened, a role\'s bindings opened, ' +
        'an audit device\'s options) and anything done with a root token. Run it as hoodcloud-admin (--approle-dir). ' +
        'Exit 0: no drift; 1: drift found (or the server could not be read); 2: bad usage. Never prints a secret: ' +
        'option values outside a known list are shown as set or not.',
    )
    .addOption(new Option('--config-json <file>', 'the synthesized config stack to compare with').default(DEFAULT_CONFIG_JSON));
  withConnectionOptions(cmd);
  cmd.action(async (flags: DriftFlags) => {
    const progress = new Progress(ctx.io, 3);
    progress.next(`Reading the declared configuration from ${flags.configJson}`);
    const declared = readDeclaredConfig(flags.configJson);
    for (const type of declared.notCompared) progress.detail(`not compared: ${type} (drift does not know this resource type)`);
    const conn = resolveConnection(flags, ctx.io);
    progress.next(`Reading the live configuration from ${conn.address}`);
    const live = await readLiveConfig(await authenticatedClient(conn, ctx.minted), declared);
    progress.next('Comparing');
    const findings = compareConfig(declared, live);
    progress.detail(findings.length === 0 ? 'no differences' : `${findings.length} difference(s)`);
    ctx.io.out(renderDriftReport(findings, comparedCounts(declared), conn.address, flags.configJson));
    if (findings.length > 0) ctx.setExitCode(1);
  });
}
