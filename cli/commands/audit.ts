import * as fs from 'node:fs';
import { Command, Option } from 'commander';
import { readAuditLog, openAuditLogFile } from '../audit/audit-log-file';
import { AuditFilterFlags, OPERATIONS, buildFilter } from '../audit/audit-filter';
import { OUTCOMES } from '../audit/audit-records';
import { auditJsonLine, renderAuditTable, reportOrder } from '../audit/audit-report';
import { AUDIT_HASH_PREFIX, auditDevicePath, auditHashes, readSearchValue, valueTouches, valueVariants } from '../audit/value-search';
import { authenticatedClient, resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { Progress } from '../progress';
import { CliContext } from './context';
import { collectRepeated } from '../repeatable-option';

interface AuditFlags extends ConnectionFlags, AuditFilterFlags {
  readonly file: string;
  readonly json?: boolean;
  readonly valueFile?: string;
  readonly valueStdin?: boolean;
  readonly device: string;
}

export function registerAudit(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('audit')
    .summary('show who did what from the file audit device\'s log: denied requests first; find the requests that touched a value')
    .description(
      'Reads the JSON log of the file audit device (one entry per line), pairs each request entry with its response entry ' +
        'by request id and prints one table: time, role (the AppRole role name, else the token\'s display name), remote ' +
        'address, operation, path, outcome (denied, error, ok, no-response) and the server\'s error text. Denied requests ' +
        'come first, then the rest in time order. Data values are never printed (the log holds only their HMACs); --json ' +
        'prints one JSON object per request with the names of the data fields.\n\n' +
        'With --value-file or --value-stdin the server hashes the value with the audit device\'s key ' +
        `(POST ${AUDIT_HASH_PREFIX}<device>, needs a token with update on it: hoodcloud-admin) and only the requests ` +
        'whose request or response data hold that HMAC are shown, with the fields that held it. The value is sent to the ' +
        'server only and never printed.',
    )
    .requiredOption('--file <audit.log>', 'the audit log (the server writes it to /vault/logs/audit.log, mode 0600); a gzipped rotated copy works too')
    .option('--role <name>', 'only requests by this AppRole role (auth.metadata.role_name) or token display name (repeatable, or comma-separated)', collectRepeated, [])
    .option('--path <prefix|glob>', 'only requests whose path starts with this prefix, or matches this glob (* = any characters, / included) (repeatable)', collectRepeated, [])
    .option('--operation <op>', `only these operations: ${OPERATIONS.join(', ')} (repeatable)`, collectRepeated, [])
    .option('--outcome <outcome>', `only these outcomes: ${OUTCOMES.join(', ')} (repeatable)`, collectRepeated, [])
    .option('--since <time|duration>', 'only requests at or after this RFC 3339 time (2026-12-01T11:00:00Z) or this long ago (2h, 7d)')
    .option('--until <time|duration>', 'only requests at or before this RFC 3339 time or this long ago')
    .option('--value-file <file>', 'only requests whose data held this file\'s content (as is, and without surrounding whitespace)')
    .option('--value-stdin', 'the same, with the value read from stdin (not echoed on a terminal)')
    .addOption(new Option('--device <path>', 'the audit device that wrote the log (its HMAC key hashes the value)').default('file'))
    .option('--json', 'one JSON object per line instead of the table');
  withConnectionOptions(cmd);
  cmd.action(async (flags: AuditFlags) => {
    // Every usage error comes before the server is asked anything.
    const filter = buildFilter(flags, new Date());
    const searching = Boolean(flags.valueFile || flags.valueStdin);
    const progress = new Progress(ctx.io, searching ? 2 : 1);
    let hashes: Set<string> | undefined;
    if (searching) {
      const device = auditDevicePath(flags.device);
      fs.closeSync(openAuditLogFile(flags.file));
      const conn = resolveConnection(flags, ctx.io);
      const value = await readSearchValue(flags, ctx.io);
      const client = await authenticatedClient(conn, ctx.minted);
      progress.next(`Hashing the value with audit device "${device}" (POST ${AUDIT_HASH_PREFIX}${device})`);
      hashes = await auditHashes(client, device, valueVariants(value));
    }
    progress.next(`Reading ${flags.file}`);
    // With a value search, only requests whose data held the HMAC are kept while reading.
    const log = await readAuditLog(flags.file, filter, hashes, hashes ? (r) => r.matchedFields.length > 0 : undefined);
    for (const w of log.warnings) ctx.io.err(`warning: ${w}`);

    const { touching, lookups } = hashes ? valueTouches(log.records) : { touching: log.records, lookups: 0 };
    const ordered = reportOrder(touching);
    if (flags.json) for (const r of ordered) ctx.io.out(auditJsonLine(r, searching));
    else if (ordered.length > 0) ctx.io.out(renderAuditTable(ordered, searching));

    const count = (o: string) => ordered.filter((r) => r.outcome === o).length;
    ctx.io.err(`${ordered.length} request(s) shown (${count('denied')} denied, ${count('error')} error); ${log.entries} log entries read`);
    if (lookups > 0) ctx.io.err(`left out ${lookups} ${AUDIT_HASH_PREFIX} request(s): they hashed the value (searches like this one), they did not use it`);
    if (hashes && ordered.length === 0) {
      ctx.io.err(`no request matching the filters held the value's HMAC; each device hashes with its own key, so --device must name the device that wrote this log (now "${flags.device}")`);
    }
  });
}
