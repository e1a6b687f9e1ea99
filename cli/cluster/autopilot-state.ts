// The cluster as its members see it: autopilot's state (leader, voters, per-server health,
// failure tolerance; served by the active node only) and the raft configuration (list-peers;
// answered by whichever node is asked, from its own copy). Without an active node autopilot has
// no answer (a standby redirects to a leader that is gone), which is itself the finding: the
// cluster has lost its quorum and refuses writes, even though the survivor still answers reads.
import { RAFT_PATHS } from '../../constructs/raft-autopilot';
import { parseDurationSeconds } from '../../model/duration';
import { failureToleranceOf } from '../../model/raft-quorum';
import { DeclaredServerNode } from '../../terraform-json/server-nodes';
import { VaultClient } from '../../vault-api/client';
import { describeError } from '../errors';

/** Autopilot's last contact for people: `4.989388984s` → `5.0s` (it writes nanoseconds); `absent` when it has none. */
export function lastContactText(text: string | undefined, absent = '-'): string {
  if (text === undefined) return absent;
  try {
    return `${parseDurationSeconds(text).toFixed(1)}s`;
  } catch {
    return text;
  }
}

/** One member of `sys/storage/raft/configuration`. */
export interface RaftPeer {
  readonly nodeId: string;
  /** Cluster address, `host:port`. */
  readonly address: string;
  readonly leader: boolean;
  readonly voter: boolean;
}

/** One server of `sys/storage/raft/autopilot/state`. */
export interface AutopilotServer {
  readonly id: string;
  readonly address: string;
  /** `leader`, `voter` or `non-voter` (a joined node stays non-voter until it has been stable for server_stabilization_time). */
  readonly status: string;
  /** `voter` or `non-voter`: what the node will be once stable. */
  readonly nodeType?: string;
  /** `alive`, `left`, `failed`. */
  readonly nodeStatus: string;
  readonly healthy: boolean;
  readonly lastContact?: string;
  readonly lastIndex?: number;
  readonly version?: string;
}

export interface AutopilotState {
  readonly healthy: boolean;
  readonly failureTolerance: number;
  readonly leader: string;
  readonly voters: readonly string[];
  readonly servers: readonly AutopilotServer[];
}

export interface ClusterView {
  /** The node that was asked. */
  readonly address: string;
  readonly peers?: readonly RaftPeer[];
  readonly peersProblem?: string;
  readonly autopilot?: AutopilotState;
  /** Why autopilot had no answer (no active node, permission). */
  readonly autopilotProblem?: string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

/** Why a request had no usable answer, in the operator's terms. */
function problemOf(status: number, body: Json): string {
  const errors = Array.isArray(body.errors) ? body.errors.join('; ') : '';
  if (status === 307) return 'no active node: the node asked is a standby and the leader it would forward to does not answer (the cluster has lost its quorum)';
  if (/active cluster node not found|local node not active/.test(errors)) return `no active node (${errors}): the cluster has lost its quorum`;
  if (status === 403) return `permission denied (HTTP 403): the token needs read on ${RAFT_PATHS.autopilotState} and ${RAFT_PATHS.configuration} (hoodcloud-admin has it)`;
  if (status === 503) return 'the node is sealed: run `unseal`';
  return `HTTP ${status}${errors ? `: ${errors}` : ''}`;
}

export function parseAutopilotState(data: Json): AutopilotState {
  const servers = Object.values(obj(data.servers)).map((raw) => {
    const s = obj(raw);
    return {
      id: String(s.id ?? s.name ?? ''),
      address: String(s.address ?? ''),
      status: String(s.status ?? ''),
      nodeType: typeof s.node_type === 'string' ? s.node_type : undefined,
      nodeStatus: String(s.node_status ?? ''),
      healthy: s.healthy === true,
      lastContact: typeof s.last_contact === 'string' ? s.last_contact : undefined,
      lastIndex: typeof s.last_index === 'number' ? s.last_index : undefined,
      version: typeof s.version === 'string' ? s.version : undefined,
    };
  });
  return {
    healthy: data.healthy === true,
    failureTolerance: typeof data.failure_tolerance === 'number' ? data.failure_tolerance : 0,
    leader: String(data.leader ?? ''),
    voters: Array.isArray(data.voters) ? data.voters.map(String) : [],
    servers: servers.sort((a, b) => a.id.localeCompare(b.id)),
  };
}

export function parseRaftPeers(data: Json): RaftPeer[] {
  const servers = obj(data.config).servers;
  return (Array.isArray(servers) ? servers : []).map((raw) => {
    const s = obj(raw);
    return { nodeId: String(s.node_id ?? ''), address: String(s.address ?? ''), leader: s.leader === true, voter: s.voter === true };
  });
}

/** Reads list-peers and autopilot state through one node (a token allowed to read both). */
export async function readClusterView(client: VaultClient): Promise<ClusterView> {
  const address = client.options.address;
  const ask = async (path: string): Promise<{ data?: Json; problem?: string }> => {
    try {
      const res = await client.raw(`GET`, path);
      return res.status === 200 ? { data: obj(res.body.data) } : { problem: problemOf(res.status, res.body as Json) };
    } catch (e) {
      return { problem: describeError(e) };
    }
  };
  const [peers, autopilot] = await Promise.all([ask(RAFT_PATHS.configuration), ask(RAFT_PATHS.autopilotState)]);
  return {
    address,
    ...(peers.data ? { peers: parseRaftPeers(peers.data) } : { peersProblem: peers.problem }),
    ...(autopilot.data ? { autopilot: parseAutopilotState(autopilot.data) } : { autopilotProblem: autopilot.problem }),
  };
}

/** One row per member: autopilot's view where it has one, the raft configuration otherwise. */
export interface ClusterRow {
  readonly nodeId: string;
  readonly address: string;
  /** `leader`, `follower`, `non-voter` or `unknown` (no autopilot answer). */
  readonly role: string;
  /** In the raft configuration as a voter. */
  readonly voter?: boolean;
  readonly healthy?: boolean;
  readonly nodeStatus?: string;
  readonly lastContact?: string;
  readonly lastIndex?: number;
  /** Declared by the stacks (when the declaration was given). */
  readonly declared?: boolean;
}

export function clusterRows(view: ClusterView, declared?: readonly DeclaredServerNode[]): ClusterRow[] {
  const ids = new Set<string>([...(view.peers ?? []).map((p) => p.nodeId), ...(view.autopilot?.servers ?? []).map((s) => s.id)]);
  const declaredIds = new Set((declared ?? []).flatMap((n) => n.nodeId ?? []));
  for (const id of declaredIds) ids.add(id);
  return [...ids].sort().map((id) => {
    const peer = view.peers?.find((p) => p.nodeId === id);
    const server = view.autopilot?.servers.find((s) => s.id === id);
    const role = server ? (server.status === 'leader' ? 'leader' : server.status === 'voter' ? 'follower' : server.status) : peer ? (view.autopilot ? 'unknown' : peer.voter ? 'voter' : 'non-voter') : 'not joined';
    return {
      nodeId: id,
      address: server?.address || peer?.address || (declared ?? []).find((n) => n.nodeId === id)?.clusterAddr?.replace(/^https?:\/\//, '') || '',
      role,
      voter: peer?.voter,
      healthy: server?.healthy,
      nodeStatus: server?.nodeStatus,
      lastContact: server?.lastContact,
      lastIndex: server?.lastIndex,
      ...(declared ? { declared: declaredIds.has(id) } : {}),
    };
  });
}

/** `healthy`: a leader, every server healthy, the tolerance its voters allow; `degraded`: a leader but less; `unavailable`: no leader. */
export type ClusterVerdict = 'healthy' | 'degraded' | 'unavailable';

export interface ClusterFinding {
  readonly level: 'ok' | 'warning' | 'error';
  readonly message: string;
}

/**
 * What an operator must know about the cluster, worst first; `doctor` prints these. With the
 * declared nodes (from the synthesized server stack) it also names nodes that never joined and
 * members the stacks no longer declare.
 */
export function clusterFindings(view: ClusterView, declared?: readonly DeclaredServerNode[]): { verdict: ClusterVerdict; findings: ClusterFinding[] } {
  const findings: ClusterFinding[] = [];
  const ap = view.autopilot;
  if (!ap) {
    findings.push({ level: 'error', message: `autopilot state from ${view.address}: ${view.autopilotProblem ?? 'no answer'}; writes are refused until a majority of voters is back and unsealed` });
  }
  if (!view.peers) findings.push({ level: 'warning', message: `list-peers from ${view.address}: ${view.peersProblem ?? 'no answer'}` });
  const voters = view.peers?.filter((p) => p.voter).length ?? ap?.voters.length ?? 0;
  const expected = failureToleranceOf(voters);
  if (ap) {
    for (const s of ap.servers.filter((x) => !x.healthy)) findings.push({ level: 'warning', message: `${s.id} (${s.address}) is unhealthy: node status ${s.nodeStatus || 'unknown'}, last contact ${lastContactText(s.lastContact, 'unknown')}` });
    for (const s of ap.servers.filter((x) => x.healthy && x.status === 'non-voter' && x.nodeType === 'voter')) findings.push({ level: 'warning', message: `${s.id} has joined and is not a voter yet (autopilot promotes it once stable for server_stabilization_time)` });
    if (!ap.healthy && !ap.servers.some((x) => !x.healthy)) findings.push({ level: 'warning', message: 'autopilot reports the cluster unhealthy' });
    if (ap.failureTolerance < expected) findings.push({ level: 'warning', message: `failure tolerance ${ap.failureTolerance}, ${voters} voters allow ${expected}: losing ${ap.failureTolerance === 0 ? 'any' : 'one more'} voter stops writes` });
  }
  if (declared) {
    const declaredIds = declared.flatMap((n) => n.nodeId ?? []);
    const members = new Set([...(view.peers ?? []).map((p) => p.nodeId), ...(ap?.servers ?? []).map((s) => s.id)]);
    if (view.peers || ap) {
      for (const id of declaredIds.filter((d) => !members.has(d))) findings.push({ level: 'warning', message: `${id} is declared by the server stack but is not a raft member: not started, not joined yet (retry_join) or still sealed` });
      for (const id of [...members].filter((m) => !declaredIds.includes(m))) findings.push({ level: 'warning', message: `${id} is a raft member the server stack does not declare: a replaced or removed node (autopilot prunes it once dead, or \`bao operator raft remove-peer ${id}\`)` });
    }
  }
  const verdict: ClusterVerdict = !ap ? 'unavailable' : findings.some((f) => f.level !== 'ok') || !ap.healthy ? 'degraded' : 'healthy';
  if (ap && verdict === 'healthy') findings.push({ level: 'ok', message: `healthy: leader ${ap.leader}, ${voters} voter${voters === 1 ? '' : 's'}, failure tolerance ${ap.failureTolerance}` });
  const order = { error: 0, warning: 1, ok: 2 } as const;
  return { verdict, findings: findings.sort((a, b) => order[a.level] - order[b.level]) };
}
