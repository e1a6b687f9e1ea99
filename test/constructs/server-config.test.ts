import { renderServerConfig } from '../../constructs/server-config';
import { serverConfig } from './support';

describe('renderServerConfig', () => {
  test('GIVEN the required props WHEN rendered THEN raft storage, api and cluster addresses, no UI, mlock disabled', () => {
    expect(serverConfig()).toMatchObject({
      ui: false,
      disable_mlock: true,
      api_addr: 'https://127.0.0.1:8200',
      cluster_addr: 'https://127.0.0.1:8201',
      cluster_name: 'hoodcloud',
      storage: { raft: { path: '/vault/file', node_id: 'hoodcloud-vault-1' } },
    });
  });

  test('GIVEN the required props WHEN rendered THEN one TCP listener with TLS on, TLS 1.3 minimum and HSTS', () => {
    expect(serverConfig().listener).toEqual([
      {
        tcp: {
          address: '0.0.0.0:8200',
          cluster_address: '0.0.0.0:8201',
          tls_disable: false,
          tls_cert_file: '/vault/tls/vault.crt',
          tls_key_file: '/vault/tls/vault.key',
          tls_min_version: 'tls13',
          custom_response_headers: { default: { 'Strict-Transport-Security': ['max-age=31536000; includeSubDomains'] } },
        },
      },
    ]);
  });

  test('GIVEN tls12, a node id, the UI and tlsDisable WHEN rendered THEN they are written', () => {
    const config = renderServerConfig({
      listenAddress: '127.0.0.1:8221',
      clusterListenAddress: '127.0.0.1:8222',
      apiAddr: 'https://127.0.0.1:8221',
      clusterAddr: 'https://127.0.0.1:8222',
      raftPath: '/tmp/raft',
      tlsCertFile: '/tmp/c.pem',
      tlsKeyFile: '/tmp/k.pem',
      tlsMinVersion: 'tls12',
      nodeId: 'node-2',
      ui: true,
      tlsDisable: true,
    });
    expect(config).toMatchObject({ ui: true, storage: { raft: { path: '/tmp/raft', node_id: 'node-2' } } });
    expect(config.listener[0].tcp).toMatchObject({ address: '127.0.0.1:8221', cluster_address: '127.0.0.1:8222', tls_min_version: 'tls12', tls_disable: true });
  });

  test('GIVEN the same props WHEN rendered twice THEN the JSON text is identical', () => {
    expect(JSON.stringify(serverConfig())).toBe(JSON.stringify(serverConfig()));
  });

  test('GIVEN no raft timing and no peers WHEN rendered THEN the raft block holds only path and node id (a single node)', () => {
    expect(serverConfig().storage.raft).toEqual({ path: '/vault/file', node_id: 'hoodcloud-vault-1' });
  });

  test('GIVEN performance_multiplier 1 and two peers WHEN rendered THEN the raft block has one retry_join per peer with its CA file', () => {
    const raft = serverConfig({
      performanceMultiplier: 1,
      retryJoin: [
        { leaderApiAddr: 'https://10.0.0.6:8200', leaderCaCertFile: '/vault/tls/ca.crt' },
        { leaderApiAddr: 'https://10.0.0.7:8200', leaderCaCertFile: '/vault/tls/ca.crt' },
      ],
    }).storage.raft;
    expect(raft).toEqual({
      path: '/vault/file',
      node_id: 'hoodcloud-vault-1',
      performance_multiplier: 1,
      retry_join: [
        { leader_api_addr: 'https://10.0.0.6:8200', leader_ca_cert_file: '/vault/tls/ca.crt' },
        { leader_api_addr: 'https://10.0.0.7:8200', leader_ca_cert_file: '/vault/tls/ca.crt' },
      ],
    });
  });
});
