// The requests a client made, as the server's JSON audit log records them: one `<operation> <path>`
// per distinct request. Used to hold the apply fixture to the real provider: both configure a
// fresh server from the same stack, and their request sets must be equal.

/** `read sys/mounts/auth/approle`, `update transit/keys/hoodcloud-masterkey/config`, ... */
export type AuditRequest = string;

/** OpenBao writes a test entry through every audit device it enables; no client sent it. */
const SERVER_OWN_ENTRIES = new Set(['update sys/audit/test']);

/**
 * Distinct `<operation> <path>` of the request entries in `log` (JSON lines). Lines before
 * `fromOffset` (a byte offset) are skipped, so one log can hold several phases.
 */
export function auditRequests(log: string, fromOffset = 0): Set<AuditRequest> {
  const out = new Set<AuditRequest>();
  for (const line of log.slice(fromOffset).split('\n')) {
    if (line.trim() === '') continue;
    let entry: { type?: string; request?: { operation?: string; path?: string } };
    try {
      entry = JSON.parse(line);
    } catch {
      throw new Error(`audit log line is not JSON: ${line.slice(0, 80)}`);
    }
    if (entry.type !== 'request' || !entry.request?.operation || entry.request.path === undefined) continue;
    const request = `${entry.request.operation} ${entry.request.path}`;
    if (!SERVER_OWN_ENTRIES.has(request)) out.add(request);
  }
  return out;
}

export interface RequestSetDifference {
  /** Made by the real provider, not by the fixture. */
  readonly onlyProvider: AuditRequest[];
  /** Made by the fixture, not by the real provider. */
  readonly onlyFixture: AuditRequest[];
}

export function compareRequests(provider: ReadonlySet<AuditRequest>, fixture: ReadonlySet<AuditRequest>): RequestSetDifference {
  return {
    onlyProvider: [...provider].filter((r) => !fixture.has(r)).sort(),
    onlyFixture: [...fixture].filter((r) => !provider.has(r)).sort(),
  };
}
