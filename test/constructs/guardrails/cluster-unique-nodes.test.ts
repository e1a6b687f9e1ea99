import { clusterUniqueNodes } from '../../../constructs/guardrails/cluster-unique-nodes';
import { fullSynth, guard, synthErrors, violation } from '../support';
import { clusterStack, containerPath, FILE, TestNode, THREE } from './cluster-support';

const checked = (nodes: readonly TestNode[]) => guard(clusterStack(nodes), clusterUniqueNodes, true);

describe('HC-CLUSTER-2 (unique node ids and addresses)', () => {
  test('GIVEN three nodes with their own ids and addresses WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(checked(THREE))).not.toThrow();
  });

  test('GIVEN a second node with the first one\'s node_id WHEN synthesized THEN it fails on the second, naming the first', () => {
    const nodes = [THREE[0], { ...THREE[1], props: { nodeId: 'vault-1' } }, THREE[2]];
    expect(synthErrors(checked(nodes))).toEqual([
      expect.stringMatching(violation('HC-CLUSTER-2', containerPath('vault-2'), `${FILE} storage.raft.node_id`, 'vault-1', `is already used by ${containerPath('vault-1')} (storage.raft.node_id); every node needs its own node id`)),
    ]);
  });

  test('GIVEN a node whose api_addr is another node\'s (written with a trailing slash) WHEN synthesized THEN it fails', () => {
    const nodes = [THREE[0], { ...THREE[1], props: { apiAddr: 'https://10.0.0.5:8200/' } }, THREE[2]];
    expect(synthErrors(checked(nodes))).toEqual([
      expect.stringMatching(violation('HC-CLUSTER-2', containerPath('vault-2'), `${FILE} api_addr`, 'https://10.0.0.5:8200/', `is already used by ${containerPath('vault-1')} (api_addr); every node needs its own address and port`)),
    ]);
  });

  test('GIVEN a node whose cluster_addr is another node\'s api_addr WHEN synthesized THEN it fails', () => {
    const nodes = [THREE[0], { ...THREE[1], props: { clusterAddr: 'https://10.0.0.5:8200' } }, THREE[2]];
    expect(synthErrors(checked(nodes))).toEqual([expect.stringMatching(violation('HC-CLUSTER-2', containerPath('vault-2'), `${FILE} cluster_addr`, 'https://10.0.0.5:8200', 'is already used by'))]);
  });

  test('GIVEN a node whose api_addr and cluster_addr are the same WHEN synthesized THEN it fails naming its own field', () => {
    const nodes = [{ ...THREE[0], props: { clusterAddr: 'https://10.0.0.5:8200' } }, THREE[1], THREE[2]];
    expect(synthErrors(checked(nodes))).toEqual([expect.stringMatching(violation('HC-CLUSTER-2', containerPath('vault-1'), `${FILE} cluster_addr`, 'https://10.0.0.5:8200', "is already used by this node's api_addr"))]);
  });

  test('GIVEN three nodes on one address with their own ports WHEN synthesized THEN it passes (near miss: host and port decide)', () => {
    const nodes = [{ id: 'a', ip: '127.0.0.1', port: 8200 }, { id: 'b', ip: '127.0.0.1', port: 8210 }, { id: 'c', ip: '127.0.0.1', port: 8220 }];
    expect(() => fullSynth(checked(nodes))).not.toThrow();
  });
});
