import { ClusterView, parseAutopilotState } from '../../../cli/cluster/autopilot-state';
import { DeclaredCluster, evaluateCluster } from '../../../cli/doctor/cluster-state';

const ADDRESS = 'https://127.0.0.1:8200';
const IDS = ['hoodcloud-vault-1', 'hoodcloud-vault-2', 'hoodcloud-vault-3'];
const DECLARED: DeclaredCluster = { source: 'cdktf.out/stacks/prod-server/cdk.tf.json', nodes: IDS.map((nodeId, i) => ({ nodeId, apiAddr: `https://127.0.0.${i + 1}:8200` })) };

type Server = { id: string; status?: string; healthy?: boolean; node_status?: string };
/** An autopilot answer in the shape sys/storage/raft/autopilot/state returns. */
function view(servers: Server[], over: { leader?: string; failure_tolerance?: number; voters?: string[] } = {}): ClusterView {
  const voters = over.voters ?? servers.filter((s) => (s.status ?? 'voter') !== 'non-voter').map((s) => s.id);
  const data = {
    healthy: servers.every((s) => s.healthy !== false),
    failure_tolerance: over.failure_tolerance ?? 1,
    leader: over.leader ?? servers[0]?.id ?? '',
    voters,
    servers: Object.fromEntries(servers.map((s, i) => [s.id, { id: s.id, address: `127.0.0.${i + 1}:8201`, status: s.status ?? (i === 0 ? 'leader' : 'voter'), node_status: s.node_status ?? 'alive', healthy: s.healthy ?? true, last_contact: '0s' }])),
  };
  return { address: ADDRESS, autopilot: parseAutopilotState(data) };
}
const brief = (rows: ReturnType<typeof evaluateCluster>) => rows.map((r) => `${r.status} ${r.subject}`);

describe('doctor: cluster', () => {
  test('GIVEN three declared nodes, all healthy voters, tolerance 1 WHEN evaluated THEN the leader, each node and the tolerance are ok', () => {
    const rows = evaluateCluster(view(IDS.map((id) => ({ id }))), DECLARED);
    expect(brief(rows)).toEqual(['ok leader', ...IDS.map((id) => `ok ${id}`), 'ok failure tolerance']);
    expect(rows[1].detail).toBe('leader at 127.0.0.1:8201, healthy, last contact 0.0s');
    expect(rows[4].detail).toBe('failure tolerance 1, 3 voters: 3 nodes need 1');
  });

  test('GIVEN a node down (unhealthy) and tolerance 0 WHEN evaluated THEN that node and the tolerance warn, with what to do', () => {
    const rows = evaluateCluster(view([{ id: IDS[0] }, { id: IDS[1] }, { id: IDS[2], healthy: false, node_status: 'failed' }], { failure_tolerance: 0 }), DECLARED);
    expect(brief(rows)).toEqual(['ok leader', `ok ${IDS[0]}`, `ok ${IDS[1]}`, `warn ${IDS[2]}`, 'warn failure tolerance']);
    expect(rows[3].detail).toBe('voter at 127.0.0.3:8201, unhealthy: node status failed, last contact 0.0s');
    expect(rows[3].fix).toContain(`npm run ops -- unseal --server-json ${DECLARED.source}`);
    expect(rows[4].detail).toBe('failure tolerance 0, 3 voters: 3 nodes need 1; losing any voter stops writes');
  });

  test('GIVEN a declared node that never joined and one that is a non-voter WHEN evaluated THEN both warn, each with its own reason', () => {
    const rows = evaluateCluster(view([{ id: IDS[0] }, { id: IDS[1], status: 'non-voter' }], { failure_tolerance: 0 }), DECLARED);
    expect(brief(rows)).toEqual(['ok leader', `ok ${IDS[0]}`, `warn ${IDS[1]}`, `warn ${IDS[2]}`, 'warn failure tolerance']);
    expect(rows[2].detail).toBe('healthy non-voter at 127.0.0.2:8201, not a voter');
    expect(rows[3].detail).toContain(`declared by ${DECLARED.source} but not a raft member`);
  });

  test('GIVEN no autopilot answer (no active node) WHEN evaluated THEN one FAIL row saying why', () => {
    const rows = evaluateCluster({ address: ADDRESS, autopilotProblem: 'no active node: the cluster has lost its quorum' }, DECLARED);
    expect(rows).toEqual([expect.objectContaining({ check: 'cluster', subject: 'leader', status: 'FAIL', detail: `autopilot state from ${ADDRESS}: no active node: the cluster has lost its quorum` })]);
  });

  test('GIVEN a member the stack does not declare WHEN evaluated THEN it warns naming remove-peer', () => {
    const rows = evaluateCluster(view([...IDS, 'hoodcloud-vault-old'].map((id) => ({ id })), { failure_tolerance: 1 }), DECLARED);
    expect(brief(rows)).toContain('warn hoodcloud-vault-old');
    expect(rows.find((r) => r.subject === 'hoodcloud-vault-old')?.fix).toContain('bao operator raft remove-peer hoodcloud-vault-old');
  });

  test('GIVEN one server and no declaration WHEN evaluated THEN one ok row: a single node, nothing to do', () => {
    expect(evaluateCluster(view([{ id: IDS[0] }], { failure_tolerance: 0 }))).toEqual([
      { check: 'cluster', subject: IDS[0], status: 'ok', detail: 'single node (autopilot lists no other server): no cluster, nothing to do' },
    ]);
  });
});
