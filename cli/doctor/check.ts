// What a doctor check is: a function from what doctor knows about the server to rows of one table.
// A new check (e.g. the raft autopilot state of a cluster) is one more module exporting a
// DoctorCheck, listed in checks.ts; the runner, the table and the exit code need no change.
import { bootstrapService } from '../../services/catalog';
import { configStackName } from '../../stacks/environment';
import type { VaultClient } from '../../vault-api/client';
import type { DeclaredCluster } from './cluster-state';
import type { DeclaredAuditDevice } from './declared-audit';
import type { ListenerProbe } from './listener-probe';
import type { ServerState } from './seal-state';

export type CheckStatus = 'ok' | 'warn' | 'FAIL';

/** One line of the doctor table. Never holds a secret value: names, paths, accessors, durations only. */
export interface CheckRow {
  /** The check's id, e.g. `tls-expiry`. */
  readonly check: string;
  /** What was checked: a role, a path, a file, the server. */
  readonly subject: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /** What to do about a warn or FAIL row: a command of this CLI or a setting. */
  readonly fix?: string;
}

/** Everything the operator asked for, read from the flags once. */
export interface DoctorOptions {
  /** The address whose CIDR bindings are checked (default: this machine's source address towards the server). */
  readonly host?: string;
  /** Warn when the server (or CA) certificate expires within this many seconds. */
  readonly certWarnBeforeSeconds: number;
  /** Warn when a secret ID expires within this many seconds. */
  readonly credentialsWarnBeforeSeconds: number;
  /** Directories `credentials issue` wrote (role_id, secret_id, secret_id_accessor). */
  readonly credentialsDirs: readonly string[];
  /** A local path where the audit log can be seen growing. */
  readonly auditLog?: string;
  /** The audit device the configuration declares. */
  readonly declaredAudit: DeclaredAuditDevice;
  /** The nodes the server stack declares (--server-json); without it autopilot's members are the expected ones. */
  readonly declaredNodes?: DeclaredCluster;
}

/** What every check may read: the listener as dialled, the seal state, the host, the clock. */
export interface ListenerContext {
  /** e.g. `https://127.0.0.1:8200`. */
  readonly address: string;
  readonly caPem?: string;
  /** The flag or variable the CA came from, for messages. */
  readonly caSource?: string;
  readonly probe: ListenerProbe;
  readonly server: ServerState;
  /** The address bindings are checked for. */
  readonly host: string;
  readonly now: Date;
  readonly options: DoctorOptions;
}

/** What checks that read the configuration get besides: an authenticated client (the admin's). */
export interface ServerContext extends ListenerContext {
  readonly client: VaultClient;
}

/** A check: a name for progress and skip notes, what it needs, and the function that makes its rows. */
export type DoctorCheck =
  | { readonly id: string; readonly title: string; readonly needs: 'listener'; run(ctx: ListenerContext): Promise<CheckRow[]> | CheckRow[] }
  | { readonly id: string; readonly title: string; readonly needs: 'token'; run(ctx: ServerContext): Promise<CheckRow[]> | CheckRow[] };

/** Row constructors: a problem row always carries its fix. */
export const row = {
  ok: (check: string, subject: string, detail: string): CheckRow => ({ check, subject, status: 'ok', detail }),
  warn: (check: string, subject: string, detail: string, fix: string): CheckRow => ({ check, subject, status: 'warn', detail, fix }),
  fail: (check: string, subject: string, detail: string, fix: string): CheckRow => ({ check, subject, status: 'FAIL', detail, fix }),
};

/** How the CLI is invoked in fixes, as in the runbook. */
export const OPS = 'npm run ops --';

/** The fix for configuration on the server that differs from (or lacks) what the prod-config stack declares. */
export const REAPPLY = `re-apply: npx cdktf deploy ${configStackName('prod')} (as ${bootstrapService().roleName})`;
