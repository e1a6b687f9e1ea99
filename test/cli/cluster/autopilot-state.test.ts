// The cluster view's parsing and verdicts, on answers of the shape OpenBao 2.7.2 gives (recorded
// from a three-node loopback cluster; test/e2e/cluster-*.test.ts proves them on real servers).
import { clusterFindings, clusterRows, ClusterView, parseAutopilotState, parseRaftPeers } from '../../../cli/cluster/autopilot-state';
import { renderStatus } from '../../../cli/cluster/status-report';
import { DeclaredServerNode } from '../../../terraform-json/server-nodes';

const server = (id: string, i: number, status: string, healthy = true, nodeStatus = 'alive') => ({
  id, name: id, address: `127.0.0.${i}:8201`, node_status: nodeStatus, last_contact: status === 'leader' ? '0s' : '1.046694462s', last_term: 3, last_index: 31, healthy, stable_since: '2026-12-01T12:14:24Z', status, version: '2.7.2', node_type: 'voter',
});
const AUTOPILOT = { failure_tolerance: 1, healthy: true, leader: 'n1', servers: { n1: server('n1', 1, 'leader'), n2: server('n2', 2, 'voter'), n3: server('n3', 3, 'voter') }, voters: ['n1', 'n2', 'n3'] };
const PEERS = { config: { servers: [1, 2, 3].map((i) => ({ node_id: `n${i}`, address: `127.0.0.${i}:8201`, leader: i === 1, protocol_version: '3', voter: true })), index: 0 } };
const view = (over: Partial<ClusterView> = {}): ClusterView => ({ address: 'https://127.0.0.1:8200', peers: parseRaftPeers(PEERS), autopilot: parseAutopilotState(AUTOPILOT), ...over });
const declared = (ids: string[]): DeclaredServerNode[] => ids.map((id, i) => ({ container: id, logicalId: id, nodeId: id, apiAddr: `https://127.0.0.${i + 1}:8200`, clusterAddr: `https://127.0.0.${i + 1}:8201`, retryJoin: [], voter: true, dev: false }));

describe('cluster view', () => {
  test('GIVEN three healthy voters WHEN judged THEN healthy with one ok line, and one row per node (leader, followers)', () => {
    const { verdict, findings } = clusterFindings(view(), declared(['n1', 'n2', 'n3']));
    expect(verdict).toBe('healthy');
    expect(findings).toEqual([{ level: 'ok', message: 'healthy: leader n1, 3 voters, failure tolerance 1' }]);
    expect(clusterRows(view()).map((r) => [r.nodeId, r.role, r.voter, r.healthy])).toEqual([['n1', 'leader', true, true], ['n2', 'follower', true, true], ['n3', 'follower', true, true]]);
  });

  test('GIVEN a dead follower WHEN judged THEN degraded: the node unhealthy and the tolerance below what three voters allow', () => {
    const ap = parseAutopilotState({ ...AUTOPILOT, failure_tolerance: 0, healthy: false, servers: { ...AUTOPILOT.servers, n2: server('n2', 2, 'voter', false, 'alive') } });
    const { verdict, findings } = clusterFindings(view({ autopilot: ap }));
    expect(verdict).toBe('degraded');
    expect(findings.map((f) => f.message)).toEqual([
      'n2 (127.0.0.2:8201) is unhealthy: node status alive, last contact 1.0s',
      'failure tolerance 0, 3 voters allow 1: losing any voter stops writes',
    ]);
  });

  test('GIVEN a joined node autopilot has not promoted yet WHEN judged THEN degraded with the reason, its role non-voter', () => {
    const ap = parseAutopilotState({ ...AUTOPILOT, failure_tolerance: 0, voters: ['n1', 'n2'], servers: { ...AUTOPILOT.servers, n3: server('n3', 3, 'non-voter') } });
    const v = view({ autopilot: ap });
    expect(clusterFindings(v).findings[0].message).toBe('n3 has joined and is not a voter yet (autopilot promotes it once stable for server_stabilization_time)');
    expect(clusterRows(v).find((r) => r.nodeId === 'n3')?.role).toBe('non-voter');
  });

  test('GIVEN no autopilot answer (no active node) WHEN judged THEN unavailable: the error says writes are refused, rows come from list-peers', () => {
    const v = view({ autopilot: undefined, autopilotProblem: 'no active node: the node asked is a standby' });
    const { verdict, findings } = clusterFindings(v);
    expect(verdict).toBe('unavailable');
    expect(findings[0]).toEqual({ level: 'error', message: 'autopilot state from https://127.0.0.1:8200: no active node: the node asked is a standby; writes are refused until a majority of voters is back and unsealed' });
    expect(clusterRows(v).map((r) => r.role)).toEqual(['voter', 'voter', 'voter']);
    expect(renderStatus({ view: v, rows: clusterRows(v), verdict, findings }).split('\n')[0]).toBe('cluster via https://127.0.0.1:8200: unavailable, no leader');
  });

  test('GIVEN a declared node that never joined and a member the stack no longer declares WHEN judged THEN both are named', () => {
    const messages = clusterFindings(view(), declared(['n1', 'n2', 'n4'])).findings.map((f) => f.message);
    expect(messages).toEqual([
      'n4 is declared by the server stack but is not a raft member: not started, not joined yet (retry_join) or still sealed',
      'n3 is a raft member the server stack does not declare: a replaced or removed node (autopilot prunes it once dead, or `bao operator raft remove-peer n3`)',
    ]);
    expect(clusterRows(view(), declared(['n1', 'n2', 'n4'])).find((r) => r.nodeId === 'n4')).toMatchObject({ role: 'not joined', declared: true, address: '127.0.0.3:8201' });
  });

  test('GIVEN a healthy view WHEN rendered THEN the summary, header and rows, last contact rounded to 0.1 s', () => {
    const v = view();
    const { verdict, findings } = clusterFindings(v);
    expect(renderStatus({ view: v, rows: clusterRows(v), verdict, findings }).split('\n')).toEqual([
      'cluster via https://127.0.0.1:8200: healthy, leader n1, 3 voters, failure tolerance 1',
      'node  cluster address  role      voter  healthy  last contact  last index',
      '----  ---------------  --------  -----  -------  ------------  ----------',
      'n1    127.0.0.1:8201   leader    yes    yes      0.0s          31',
      'n2    127.0.0.2:8201   follower  yes    yes      1.0s          31',
      'n3    127.0.0.3:8201   follower  yes    yes      1.0s          31',
    ]);
  });
});
