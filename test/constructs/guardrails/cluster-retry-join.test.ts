import { clusterRetryJoin } from '../../../constructs/guardrails/cluster-retry-join';
import { fullSynth, guard, synthErrors, violation } from '../support';
import { clusterStack, containerPath, FILE, TestNode, THREE } from './cluster-support';

const checked = (nodes: readonly TestNode[], peersOf?: (n: TestNode) => readonly TestNode[]) => guard(clusterStack(nodes, peersOf), clusterRetryJoin, true);

describe('HC-CLUSTER-3 (every peer in every node\'s retry_join)', () => {
  test('GIVEN every node joining both others WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(checked(THREE))).not.toThrow();
  });

  test('GIVEN the third node listing only the first WHEN synthesized THEN it fails naming the missing peer and its address', () => {
    const peersOf = (n: TestNode) => (n.id === 'vault-3' ? [THREE[0]] : THREE.filter((p) => p !== n));
    expect(synthErrors(checked(THREE, peersOf))).toEqual([
      expect.stringMatching(violation('HC-CLUSTER-3', containerPath('vault-3'), `${FILE} storage.raft.retry_join`, ['https://10.0.0.5:8200'], 'misses the peer vault-2 (https://10.0.0.6:8200); add a retry_join block with leader_api_addr and leader_ca_cert_file for every other node')),
    ]);
  });

  test('GIVEN a node with no retry_join in a cluster WHEN synthesized THEN it fails naming both peers', () => {
    const peersOf = (n: TestNode) => (n.id === 'vault-1' ? [] : THREE.filter((p) => p !== n));
    expect(synthErrors(checked(THREE, peersOf))).toEqual([expect.stringMatching(violation('HC-CLUSTER-3', containerPath('vault-1'), `${FILE} storage.raft.retry_join`, [], 'misses the peers vault-2 (https://10.0.0.6:8200), vault-3 (https://10.0.0.7:8200)'))]);
  });

  test('GIVEN a single node without retry_join WHEN synthesized THEN it passes (near miss: no peer to list)', () => {
    expect(() => fullSynth(checked([THREE[0]]))).not.toThrow();
  });

  test('GIVEN a node that also lists itself and writes a peer with a trailing slash WHEN synthesized THEN it passes (near miss)', () => {
    const nodes = THREE.map((n) => (n.id === 'vault-1' ? { ...n, props: { retryJoin: [{ leaderApiAddr: 'https://10.0.0.5:8200', leaderCaCertFile: '/vault/tls/ca.crt' }, { leaderApiAddr: 'https://10.0.0.6:8200/', leaderCaCertFile: '/vault/tls/ca.crt' }, { leaderApiAddr: 'https://10.0.0.7:8200', leaderCaCertFile: '/vault/tls/ca.crt' }] } } : n));
    expect(() => fullSynth(checked(nodes))).not.toThrow();
  });
});
