// Finds each recorded step's request among the audit records, so unit tests (committed fixture)
// and the e2e test (a fresh recording) hold the parser to the same facts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readAuditLog } from '../../../../cli/audit/audit-log-file';
import { buildFilter } from '../../../../cli/audit/audit-filter';
import { AuditRecord } from '../../../../cli/audit/audit-records';
import type { RecordedStep, RecordingManifest } from './record-audit-log';

/** What a step's record must show, in the manifest's terms. */
export function recordFacts(r: AuditRecord): Omit<RecordedStep, 'label' | 'phase'> {
  return { role: r.role ?? r.displayName ?? '-', operation: r.operation, path: r.path, outcome: r.outcome as RecordedStep['outcome'] };
}

/** The records of the steps, in step order: the n-th step with a given request is the n-th such record. */
export function recordsOfSteps(records: readonly AuditRecord[], manifest: RecordingManifest): Map<string, AuditRecord> {
  const out = new Map<string, AuditRecord>();
  const used = new Set<AuditRecord>();
  for (const step of manifest.steps) {
    const r = records.find((x) => !used.has(x) && x.operation === step.operation && x.path === step.path && (x.role ?? x.displayName ?? '-') === step.role);
    if (!r) throw new Error(`no record for step ${step.label} (${step.role} ${step.operation} ${step.path})`);
    used.add(r);
    out.set(step.label, r);
  }
  return out;
}

/** All records of a log text (no filter). */
export async function recordsOfLog(log: string, hashes?: ReadonlySet<string>): Promise<AuditRecord[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-audit-log-'));
  try {
    const file = path.join(dir, 'audit.log');
    fs.writeFileSync(file, log);
    return (await readAuditLog(file, buildFilter({ role: [], path: [], operation: [], outcome: [] }, new Date()), hashes)).records;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
