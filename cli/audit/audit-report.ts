// How the audit command shows requests: denied ones first (what an operator looks for), then the
// rest, each group in time order. Field names may be shown, values never.
import { renderTable } from '../table';
import { AuditRecord } from './audit-records';
import { compareTimes, formatMillis } from './audit-time';

/** Denied requests first, then the others; within each group by time, then by line. */
export function reportOrder(records: readonly AuditRecord[]): AuditRecord[] {
  const byTime = (a: AuditRecord, b: AuditRecord) => {
    if (a.at && b.at) return compareTimes(a.at, b.at) || a.line - b.line;
    return a.at ? -1 : b.at ? 1 : a.line - b.line;
  };
  const denied = records.filter((r) => r.outcome === 'denied').sort(byTime);
  const rest = records.filter((r) => r.outcome !== 'denied').sort(byTime);
  return [...denied, ...rest];
}

/** The role column: the AppRole role name, else the token's display name (marked when it holds the root policy), else `-`. */
export function roleLabel(r: AuditRecord): string {
  if (r.role) return r.role;
  if (!r.displayName) return '-';
  return r.policies.includes('root') ? `${r.displayName} (root)` : r.displayName;
}

/** One table; with a value search, a column naming the fields that held the value's HMAC. */
export function renderAuditTable(records: readonly AuditRecord[], withMatches: boolean): string {
  const header = ['TIME', 'ROLE', 'REMOTE ADDRESS', 'OPERATION', 'PATH', 'OUTCOME', 'ERROR', ...(withMatches ? ['MATCHED FIELDS'] : [])];
  const rows = records.map((r) => [
    r.at ? formatMillis(r.at) : r.time || '-',
    roleLabel(r),
    r.remoteAddress ?? '-',
    r.operation || '-',
    r.path || '-',
    r.outcome,
    r.error ?? '',
    ...(withMatches ? [r.matchedFields.join(', ')] : []),
  ]);
  return renderTable(header, rows);
}

/** One JSON object per request (`--json`), with field names but no values. */
export function auditJsonLine(r: AuditRecord, withMatches: boolean): string {
  return JSON.stringify({
    time: r.time,
    request_id: r.requestId,
    role: r.role ?? null,
    display_name: r.displayName ?? null,
    policies: r.policies,
    remote_address: r.remoteAddress ?? null,
    operation: r.operation,
    path: r.path,
    mount_type: r.mountType ?? null,
    outcome: r.outcome,
    error: r.error ?? null,
    request_fields: r.requestFields,
    response_fields: r.responseFields,
    ...(withMatches ? { matched_fields: r.matchedFields } : {}),
    line: r.line,
  });
}
