// The raft cluster as doctor sees it, from autopilot's state (sys/storage/raft/autopilot/state,
// served by the active node): a leader, every declared node a healthy voter, and the failure
// tolerance the declared nodes allow (1 for three). The rows follow `status`'s verdict: no leader
// is a FAIL (writes are refused), anything less than the declared shape is a warning (the cluster
// still serves). A server without raft storage, or a stack that declares one node, has nothing to check.
import { failureToleranceOf } from '../../model/raft-quorum';
import { AutopilotState, ClusterView, lastContactText, readClusterView } from '../cluster/autopilot-state';
import { CLUSTER_RUNBOOK } from '../bootstrap/ceremony-cluster';
import { ClusterNode } from '../cluster/declared-nodes';
import { CheckRow, DoctorCheck, OPS, row, ServerContext } from './check';

const CHECK = 'cluster';

/** The nodes the synthesized server stack declares, and where they were read. */
export interface DeclaredCluster {
  readonly source: string;
  readonly nodes: readonly ClusterNode[];
}

/** The fix for a node that is down, sealed or not joined. */
const bringUp = (source?: string) => `start the node and unseal it: ${OPS} unseal${source ? ` --server-json ${source}` : ''}; then ${OPS} status (${CLUSTER_RUNBOOK})`;

function nodeRow(ap: AutopilotState, id: string, declared?: DeclaredCluster): CheckRow {
  const server = ap.servers.find((s) => s.id === id);
  if (!server) {
    return row.warn(CHECK, id, `declared by ${declared?.source ?? 'the server stack'} but not a raft member: not started, not joined yet (retry_join) or still sealed`, bringUp(declared?.source));
  }
  const contact = server.lastContact ? `, last contact ${lastContactText(server.lastContact)}` : '';
  if (!server.healthy) {
    return row.warn(CHECK, id, `${server.status || 'member'} at ${server.address}, unhealthy: node status ${server.nodeStatus || 'unknown'}${contact}`, bringUp(declared?.source));
  }
  if (!ap.voters.includes(id)) {
    return row.warn(CHECK, id, `healthy ${server.status || 'member'} at ${server.address}, not a voter`, `wait server_stabilization_time for autopilot to promote it, then doctor again; if it stays a non-voter, read its log (${CLUSTER_RUNBOOK})`);
  }
  return row.ok(CHECK, id, `${server.status === 'leader' ? 'leader' : 'voter'} at ${server.address}, healthy${contact}`);
}

/**
 * Rows for the cluster from one node's view. Without `declared` the members autopilot lists are
 * the expected nodes, and a single member is a single-node server with nothing to check.
 */
export function evaluateCluster(view: ClusterView, declared?: DeclaredCluster): CheckRow[] {
  const ap = view.autopilot;
  if (!ap) {
    return [row.fail(CHECK, 'leader', `autopilot state from ${view.address}: ${view.autopilotProblem ?? 'no answer'}`, `bring back and unseal a majority of the voters (${bringUp(declared?.source)})`)];
  }
  const expected = declared ? declared.nodes.map((n) => n.nodeId) : ap.servers.map((s) => s.id);
  if (expected.length <= 1 && ap.servers.length <= 1) {
    return [row.ok(CHECK, ap.leader || view.address, `single node (${declared ? `${declared.source} declares ${expected[0] ?? 'no other node'} alone` : 'autopilot lists no other server'}): no cluster, nothing to do`)];
  }
  const rows: CheckRow[] = [];
  rows.push(ap.leader
    ? row.ok(CHECK, 'leader', `${ap.leader}, asked through ${view.address}`)
    : row.fail(CHECK, 'leader', `autopilot through ${view.address} names no leader`, `bring back and unseal a majority of the voters (${bringUp(declared?.source)})`));
  for (const id of expected) rows.push(nodeRow(ap, id, declared));
  for (const s of ap.servers.filter((x) => !expected.includes(x.id))) {
    rows.push(row.warn(CHECK, s.id, `a raft member at ${s.address} that ${declared?.source ?? 'the server stack'} does not declare: a replaced or removed node`, `autopilot prunes it once dead; or remove it: bao operator raft remove-peer ${s.id} (${CLUSTER_RUNBOOK})`));
  }
  const required = failureToleranceOf(expected.length);
  const tolerance = `failure tolerance ${ap.failureTolerance}, ${ap.voters.length} voter${ap.voters.length === 1 ? '' : 's'}`;
  rows.push(ap.failureTolerance >= required
    ? row.ok(CHECK, 'failure tolerance', `${tolerance}: ${expected.length} nodes need ${required}`)
    : row.warn(CHECK, 'failure tolerance', `${tolerance}: ${expected.length} nodes need ${required}; losing ${ap.failureTolerance === 0 ? 'any' : 'one more'} voter stops writes`, bringUp(declared?.source)));
  return rows;
}

export const clusterCheck: DoctorCheck = {
  id: CHECK,
  title: 'raft cluster: leader, voters, failure tolerance (sys/storage/raft/autopilot/state)',
  needs: 'token',
  async run(ctx: ServerContext): Promise<CheckRow[]> {
    const storage = ctx.server.answered ? ctx.server.seal.storage_type : undefined;
    if (storage && storage !== 'raft') return [row.ok(CHECK, ctx.address, `${storage} storage: a single server, no raft cluster; nothing to do`)];
    const declared = ctx.options.declaredNodes;
    if (declared && declared.nodes.length === 1) return [row.ok(CHECK, declared.nodes[0].nodeId, `single node (${declared.source} declares it alone): no cluster, nothing to do`)];
    return evaluateCluster(await readClusterView(ctx.client), declared);
  },
};
