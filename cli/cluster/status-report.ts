// `status`: one row per raft member (autopilot's view, the raft configuration where autopilot has
// none), each declared node's own sys/health when the server stack is given, then what is wrong.
import { renderTable } from '../table';
import { ClusterFinding, ClusterRow, ClusterVerdict, ClusterView, lastContactText } from './autopilot-state';
import { NodeHealth } from './node-health';

const yesNo = (v: boolean | undefined) => (v === undefined ? '-' : v ? 'yes' : 'no');

export interface StatusReport {
  readonly view: ClusterView;
  readonly rows: readonly ClusterRow[];
  readonly verdict: ClusterVerdict;
  readonly findings: readonly ClusterFinding[];
  /** sys/health of each declared node, by node id. */
  readonly health?: ReadonlyMap<string, NodeHealth>;
}

export function renderStatus(r: StatusReport): string {
  const ap = r.view.autopilot;
  const summary = ap
    ? `cluster via ${r.view.address}: ${r.verdict}, leader ${ap.leader || 'none'}, ${ap.voters.length} voter${ap.voters.length === 1 ? '' : 's'}, failure tolerance ${ap.failureTolerance}`
    : `cluster via ${r.view.address}: ${r.verdict}, no leader`;
  const header = ['node', 'cluster address', 'role', 'voter', 'healthy', 'last contact', 'last index', ...(r.health ? ['api'] : [])];
  const rows = r.rows.map((row) => [
    row.nodeId,
    row.address || '-',
    row.role,
    yesNo(row.voter),
    yesNo(row.healthy),
    lastContactText(row.lastContact),
    row.lastIndex === undefined ? '-' : String(row.lastIndex),
    ...(r.health ? [r.health.get(row.nodeId)?.state ?? '-'] : []),
  ]);
  const notes = r.findings.filter((f) => f.level !== 'ok').map((f) => `${f.level}: ${f.message}`);
  return [summary, renderTable(header, rows), ...notes].join('\n');
}
