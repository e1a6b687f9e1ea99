import { loadSettings } from '../../stacks/settings';
import { DEV } from '../../stacks/environments';
import { serverNodesOf, serverNodesOfStackJson } from '../../terraform-json/server-nodes';
import { synthToTemp, SynthOutput } from '../support/synth';

describe('server nodes of a synthesized server stack', () => {
  let out: SynthOutput;
  const prod = loadSettings({ HOODCLOUD_VAULT_DOCKER_HOSTS: 'hoodcloud-vault-3=ssh://ops@10.0.0.7' }).environments.find((e) => e.name === 'prod')!;
  beforeAll(() => { out = synthToTemp([DEV, prod]); });
  afterAll(() => out.cleanup());

  test('GIVEN the prod-server stack WHEN read THEN each node has its id, addresses, peers, data volume and provider', () => {
    expect(serverNodesOfStackJson(out.stack('prod-server'))).toEqual([1, 2, 3].map((i) => ({
      container: `hoodcloud-vault-${i}`,
      logicalId: expect.stringMatching(new RegExp(`^vault-hoodcloud-vault-${i}_container_`)),
      nodeId: `hoodcloud-vault-${i}`,
      apiAddr: `https://127.0.0.${i}:8200`,
      clusterAddr: `https://127.0.0.${i}:8201`,
      raftPath: '/vault/file',
      retryJoin: [1, 2, 3].filter((j) => j !== i).map((j) => `https://127.0.0.${j}:8200`),
      voter: true,
      performanceMultiplier: 1,
      dataVolume: `hoodcloud-vault-${i}-data`,
      provider: i === 3 ? 'docker.host-hoodcloud-vault-3' : undefined,
      dev: false,
    })));
  });

  test('GIVEN the dev-server stack WHEN read THEN its one server is dev mode, with no raft member', () => {
    expect(serverNodesOfStackJson(out.stack('dev-server'))).toEqual([expect.objectContaining({ container: 'hoodcloud-vault-dev', dev: true, nodeId: undefined, retryJoin: [] })]);
  });

  test('GIVEN a container that is not a server, a config that is not JSON and a raft block given as an object WHEN read THEN only the server counts, and what cannot be read is left undefined', () => {
    const nodes = serverNodesOf([
      { type: 'docker_container', logicalId: 'sidecar', attributes: { name: 'sidecar', command: ['sh'] } },
      { type: 'docker_container', logicalId: 'hcl', attributes: { name: 'hcl', command: ['server'], upload: [{ file: '/vault/config/x.hcl', content: 'storage "raft" {}' }] } },
      { type: 'docker_container', logicalId: 'obj', attributes: { name: 'obj', command: ['server'], upload: [{ file: '/vault/config/s.json', content: JSON.stringify({ storage: { raft: { path: '/vault/file/raft', node_id: 'n', retry_join: { leader_api_addr: 'https://p:8200' }, retry_join_as_non_voter: true } } }) }], volumes: [{ container_path: '/vault/file', volume_name: 'v' }] } },
    ]);
    expect(nodes.map((n) => [n.container, n.nodeId, n.retryJoin, n.voter, n.dataVolume])).toEqual([
      ['hcl', undefined, [], true, undefined],
      ['obj', 'n', ['https://p:8200'], false, 'v'],
    ]);
  });
});
