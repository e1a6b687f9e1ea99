import { clusterTls } from '../../../constructs/guardrails/cluster-tls';
import { fullSynth, guard, synthErrors, violation } from '../support';
import { clusterStack, containerPath, FILE, TestNode, THREE } from './cluster-support';

// Outside production too: HC-SERVER-1 covers TLS there, this rule every raft cluster.
const checked = (nodes: readonly TestNode[]) => guard(clusterStack(nodes), clusterTls, false);
const withPeer = (leaderApiAddr: string): TestNode => ({ ...THREE[0], props: { retryJoin: [{ leaderApiAddr, leaderCaCertFile: '/vault/tls/ca.crt' }, { leaderApiAddr: 'https://10.0.0.7:8200', leaderCaCertFile: '/vault/tls/ca.crt' }] } });

describe('HC-CLUSTER-4 (TLS on the cluster port)', () => {
  test('GIVEN three nodes with TLS listeners joining over https WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(checked(THREE))).not.toThrow();
  });

  test('GIVEN tls_disable on the listener with the cluster_address WHEN synthesized outside production THEN it fails', () => {
    const nodes = [{ ...THREE[0], props: { tlsDisable: true } }, THREE[1], THREE[2]];
    expect(synthErrors(checked(nodes))).toEqual([
      expect.stringMatching(violation('HC-CLUSTER-4', containerPath('vault-1'), `${FILE} listener[0].tcp.tls_disable`, true, 'disables TLS on the listener with cluster_address "10.0.0.5:8201", which peers join through')),
    ]);
  });

  test('GIVEN a retry_join to an http:// peer WHEN synthesized THEN it fails naming the block', () => {
    expect(synthErrors(checked([withPeer('http://10.0.0.6:8200'), THREE[1], THREE[2]]))).toEqual([
      expect.stringMatching(violation('HC-CLUSTER-4', containerPath('vault-1'), `${FILE} storage.raft.retry_join[0].leader_api_addr`, 'http://10.0.0.6:8200', 'joins the peer without TLS; use https://<peer>:<port> with leader_ca_cert_file')),
    ]);
  });

  test('GIVEN a retry_join to HTTPS:// in capitals WHEN synthesized THEN it passes (near miss: the scheme is case-insensitive)', () => {
    expect(() => fullSynth(checked([withPeer('HTTPS://10.0.0.6:8200'), THREE[1], THREE[2]]))).not.toThrow();
  });

  test('GIVEN tls_disable "false" as a string WHEN synthesized THEN it passes (near miss: Go reads it as false)', () => {
    const edit = (c: import('../../../constructs/server-config').ServerConfig) => ({ ...c, listener: [{ tcp: { ...c.listener[0].tcp, tls_disable: 'false' } }] });
    expect(() => fullSynth(checked([{ ...THREE[0], edit }, THREE[1], THREE[2]]))).not.toThrow();
  });
});
