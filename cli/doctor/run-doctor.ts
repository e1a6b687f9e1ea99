// Runs the doctor checks against one server and turns their rows into one table and an exit code:
// 1 when any row failed, 3 when some warned, 0 when all is ok. A check that throws becomes a FAIL
// row of its own; checks that need a token are skipped (and named on stderr) while the server is
// sealed or doctor cannot log in.
import { bootstrapService } from '../../services/catalog';
import { VaultClient } from '../../vault-api/client';
import { anonymousClient, authenticatedClient, Connection } from '../connection';
import { describeError } from '../errors';
import type { MintedTokens } from '../minted-tokens';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { renderTable } from '../table';
import { CheckRow, DoctorCheck, DoctorOptions, ListenerContext, OPS, row, ServerContext } from './check';
import { DOCTOR_CHECKS } from './checks';
import { probeListener } from './listener-probe';
import { isServing, readServerState } from './seal-state';

export interface DoctorResult {
  readonly rows: readonly CheckRow[];
  /** Titles of the checks that could not run, and why. */
  readonly skipped: readonly string[];
  readonly exitCode: 0 | 1 | 3;
}

/** 1 on any FAIL, 3 on warnings only, 0 when every row is ok. */
export function exitCodeOf(rows: readonly CheckRow[]): 0 | 1 | 3 {
  if (rows.some((r) => r.status === 'FAIL')) return 1;
  return rows.some((r) => r.status === 'warn') ? 3 : 0;
}

/** The table: one line per row, the fix last. */
export function renderDoctorTable(rows: readonly CheckRow[]): string {
  return renderTable(['CHECK', 'SUBJECT', 'STATUS', 'DETAIL', 'FIX'], rows.map((r) => [r.check, r.subject, r.status, r.detail, r.fix ?? '']));
}

async function safely<C>(check: { id: string; run(ctx: C): Promise<CheckRow[]> | CheckRow[] }, ctx: C): Promise<CheckRow[]> {
  try {
    return await check.run(ctx);
  } catch (e) {
    return [row.fail(check.id, '-', `the check could not run: ${describeError(e)}`, 'a token whose policy allows what this check reads (the admin policy, policies/admin.ts), on an unsealed server')];
  }
}

function loginSubject(conn: Connection): string {
  if (conn.auth.kind === 'approle') return `--approle-dir ${conn.auth.dir}`;
  return conn.auth.kind === 'token' ? conn.auth.source : 'no credentials';
}

/** Logs in (or takes the token) and says as whom; never shows the token. */
async function login(conn: Connection, minted: MintedTokens): Promise<{ client?: VaultClient; row: CheckRow }> {
  const subject = loginSubject(conn);
  const admin = bootstrapService().roleName;
  const fix = conn.auth.kind === 'approle'
    ? `new ${admin} credentials: ${OPS} credentials issue --role ${admin} --out-dir ${conn.auth.dir} (with a working admin token; see credentials status)`
    : `a live admin token: ${OPS} login --approle-dir <admin credentials> --token-out <file>, then --token-file <file>`;
  try {
    const client = await authenticatedClient(conn, minted);
    const self = await client.get<{ data?: { display_name?: string; policies?: string[]; meta?: { role_name?: string } | null } }>('auth/token/lookup-self');
    const policies = self.data?.policies ?? [];
    const who = self.data?.meta?.role_name ? `role ${self.data.meta.role_name}` : (self.data?.display_name ?? 'token');
    return { client, row: row.ok('login', subject, `${who}, policies ${policies.join(', ') || '(none)'}`) };
  } catch (e) {
    return { row: row.fail('login', subject, `cannot authenticate: ${describeError(e)}`, fix) };
  }
}

export interface DoctorRunSettings {
  /** Where a token doctor logs in for is recorded; the program runner revokes it when the command ends (`ctx.minted`). */
  readonly minted: MintedTokens;
  /** Where the CA came from, e.g. `--ca-cert` or `VAULT_CACERT`. */
  readonly caFlag?: string;
  /** @default DOCTOR_CHECKS */
  readonly checks?: readonly DoctorCheck[];
}

/** Runs the checks and prints the table (stdout) and a summary (stderr). */
export async function runDoctor(conn: Connection, io: CliIo, options: DoctorOptions, settings: DoctorRunSettings): Promise<DoctorResult> {
  const checks = settings.checks ?? DOCTOR_CHECKS;
  const progress = new Progress(io, checks.length);
  const probe = await probeListener(conn.address, conn.caPem);
  const server = await readServerState(anonymousClient(conn));
  const host = options.host ?? (probe.reachable ? probe.localAddress : '(unknown: the server did not answer)');
  const ctx: ListenerContext = {
    address: conn.address,
    ...(conn.caPem ? { caPem: conn.caPem, caSource: `${settings.caFlag ?? '--ca-cert'} "${conn.caFile}"` } : {}),
    probe,
    server,
    host,
    now: new Date(),
    options,
  };
  const rows: CheckRow[] = [];
  const skipped: string[] = [];
  let serverCtx: ServerContext | null | undefined; // undefined: not logged in yet; null: login failed
  for (const check of checks) {
    progress.next(check.title);
    if (check.needs === 'listener') {
      rows.push(...(await safely(check, ctx)));
      continue;
    }
    if (!isServing(server)) {
      skipped.push(`${check.title} (the server is not unsealed)`);
      continue;
    }
    if (serverCtx === undefined) {
      const l = await login(conn, settings.minted);
      rows.push(l.row);
      serverCtx = l.client ? { ...ctx, client: l.client } : null;
    }
    if (serverCtx === null) {
      skipped.push(`${check.title} (no login)`);
      continue;
    }
    rows.push(...(await safely(check, serverCtx)));
  }
  io.out(renderDoctorTable(rows));
  const count = (s: CheckRow['status']) => rows.filter((r) => r.status === s).length;
  io.err(`doctor: ${count('FAIL')} FAIL, ${count('warn')} warn, ${count('ok')} ok; checked for host ${host}`);
  if (skipped.length > 0) io.err(`not checked: ${skipped.join('; ')}`);
  if (options.credentialsDirs.length === 0) io.err('credentials: no --credentials-dir given, no service credentials checked');
  if (!options.auditLog) io.err('audit log: no --audit-log given, not checked that it is written');
  return { rows, skipped, exitCode: exitCodeOf(rows) };
}
