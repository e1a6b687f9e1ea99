// `secrets check`: reads every catalog secret from a live server and reports, per service, each
// missing or malformed field. Values are never printed: only paths, field names and reasons.
import { VaultClient } from '../../vault-api/client';
import { SECRET_CATALOG, workloadServices } from '../../services/catalog';
import { checkEntry, FieldFinding, isProblem } from '../../secrets-catalog/entry-check';
import { CliIo } from '../io';
import { renderTable } from '../table';
import { readSecret } from './kv';

export interface CheckOptions {
  readonly mount: string;
  /** Only these services. @default all */
  readonly services?: readonly string[];
}

export interface CheckResult {
  readonly findings: FieldFinding[];
  readonly problems: number;
}

export async function checkSecrets(client: VaultClient, opts: CheckOptions): Promise<CheckResult> {
  const services = opts.services ?? workloadServices().map((s) => s.id);
  const findings: FieldFinding[] = [];
  for (const entry of SECRET_CATALOG.filter((e) => services.includes(e.owner))) {
    const read = await readSecret(client, opts.mount, entry.path);
    if (read.kind === 'error') {
      for (const f of entry.fields) findings.push({ path: entry.path, owner: entry.owner, field: f.name, kind: f.kind, status: 'missing', problem: read.reason });
      continue;
    }
    findings.push(...checkEntry(entry, read.kind === 'data' ? read.data : undefined));
  }
  return { findings, problems: findings.filter(isProblem).length };
}

/** Prints one table per service and a summary line. */
export function printCheck(io: CliIo, result: CheckResult, services: readonly string[] = workloadServices().map((s) => s.id)): void {
  for (const service of services) {
    const rows = result.findings.filter((f) => f.owner === service);
    if (rows.length === 0) continue;
    const bad = rows.filter(isProblem).length;
    io.out(`\n${service}: ${bad === 0 ? 'ok' : `${bad} problem(s)`}`);
    io.out(renderTable(['PATH', 'FIELD', 'STATUS', 'PROBLEM'], rows.map((f) => [f.path, f.field, f.status, f.problem ?? ''])));
  }
  io.out(result.problems === 0 ? '\nall required secrets present and well-formed' : `\n${result.problems} field(s) missing or malformed`);
}
