import * as fs from 'node:fs';
import { Command, Option } from 'commander';
import { parseCidr } from '../../model/cidr';
import { DEFAULT_CONFIG_JSON } from '../bootstrap/declared-objects';
import { DEFAULT_SERVER_JSON, readDeclaredNodes } from '../cluster/declared-nodes';
import { resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { readDeclaredAuditDevice } from '../doctor/declared-audit';
import { runDoctor } from '../doctor/run-doctor';
import { durationFlag } from '../duration-flag';
import { CliContext } from './context';
import { collectRepeated } from '../repeatable-option';

interface DoctorFlags extends ConnectionFlags {
  host?: string;
  credentialsDir: string[];
  auditLog?: string;
  configJson?: string;
  serverJson?: string;
  certWarnBefore: string;
  credentialsWarnBefore: string;
}

/** --host is one address (the one model/cidr.ts reads as a /32 or /128 block), not a block. */
function hostFlag(ctx: CliContext, text: string): string {
  const parsed = parseCidr(text);
  if (text.includes('/') || !parsed.cidr) ctx.usage(`--host: "${text}" is not an IP address; expected one address such as 10.0.1.5 or 2001:db8::5 (no prefix length)`);
  return text.trim();
}

export function registerDoctor(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('doctor')
    .summary('diagnose a live server: seal, TLS, raft cluster, role bindings, token TTLs, credentials, secrets, audit; one table with the fix for each problem')
    .description(
      'Checks the server at --address and prints one table (CHECK, SUBJECT, STATUS ok/warn/FAIL, DETAIL, FIX): seal state ' +
        '(sys/seal-status, sys/health); the TLS certificate the listener presents (verifies against --ca-cert / VAULT_CACERT, ' +
        'expiry, the address host in its SANs); every role of the service registry exists and its secret_id_bound_cidrs and ' +
        'token_bound_cidrs admit --host; token TTLs fit for renewal at 75 %; each --credentials-dir (files, modes, the secret ID ' +
        'live and not expiring); the raft cluster (a leader, every node the server stack declares a healthy voter, the failure tolerance ' +
        'its nodes allow, 1 for three; nothing to do on a single node); every service secret present and well-formed; the declared audit device enabled with the ' +
        'declared options, and --audit-log growing. Never prints a secret value. Exits 1 on any FAIL, 3 on warnings only, 0 when all is ok.',
    )
    .option('--host <ip>', 'the address the role bindings must admit (default: this machine\'s source address towards the server)')
    .option('--credentials-dir <dir>', 'a directory `credentials issue` wrote (role_id, secret_id, secret_id_accessor); repeatable, one per service', collectRepeated, [])
    .option('--audit-log <file>', 'the audit log as this machine sees it (e.g. the host side of the logs volume): checked to grow during a request')
    .option('--config-json <file>', `the synthesized prod-config stack the audit device is compared with (default: ${DEFAULT_CONFIG_JSON} when it exists)`)
    .option('--server-json <file>', `the synthesized prod-server stack whose nodes the cluster must have (default: ${DEFAULT_SERVER_JSON} when it exists; otherwise the members autopilot lists)`)
    .addOption(new Option('--cert-warn-before <duration>', 'warn when the server or CA certificate expires within this window').default('30d'))
    .addOption(new Option('--credentials-warn-before <duration>', 'warn when a secret ID of --credentials-dir expires within this window').default('48h'));
  withConnectionOptions(cmd);
  cmd.action(async (flags: DoctorFlags) => {
    const certWarnBeforeSeconds = durationFlag('--cert-warn-before', flags.certWarnBefore);
    const credentialsWarnBeforeSeconds = durationFlag('--credentials-warn-before', flags.credentialsWarnBefore);
    const host = flags.host === undefined ? undefined : hostFlag(ctx, flags.host);
    const declaredAudit = readDeclaredAuditDevice(flags.configJson);
    const serverJson = flags.serverJson ?? (fs.existsSync(DEFAULT_SERVER_JSON) ? DEFAULT_SERVER_JSON : undefined);
    const declaredNodes = serverJson ? { source: serverJson, nodes: readDeclaredNodes(serverJson).nodes } : undefined;
    const conn = resolveConnection(flags, ctx.io);
    if (conn.auth.kind === 'none') ctx.usage('doctor reads the configuration as the admin: pass --approle-dir <dir> or --token-file <file> (or set VAULT_TOKEN)');
    const result = await runDoctor(conn, ctx.io, {
      ...(host ? { host } : {}),
      certWarnBeforeSeconds,
      credentialsWarnBeforeSeconds,
      credentialsDirs: flags.credentialsDir,
      ...(flags.auditLog ? { auditLog: flags.auditLog } : {}),
      declaredAudit,
      ...(declaredNodes ? { declaredNodes } : {}),
    }, { caFlag: flags.caCert ? '--ca-cert' : 'VAULT_CACERT', minted: ctx.minted });
    ctx.setExitCode(result.exitCode);
  });
}
