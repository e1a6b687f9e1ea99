// Builders for the HC-CLUSTER tests: a docker stack with one VaultServer per raft node (host
// network, TLS, the config the prod stack renders), each joining every other node unless told otherwise.
import { TerraformStack } from 'cdktf';
import { RetryJoinPeer, ServerConfig, ServerConfigProps } from '../../../constructs/server-config';
import { VaultServer } from '../../../constructs/vault-server';
import { dockerStack, serverConfig, serverMode } from '../support';

export interface TestNode {
  readonly id: string;
  readonly ip: string;
  /** @default 8200 */
  readonly port?: number;
  /** Replaces the rendered props (e.g. another api_addr, tlsDisable). */
  readonly props?: Partial<ServerConfigProps>;
  /** Edits the rendered config (fields renderServerConfig does not write). */
  readonly edit?: (config: ServerConfig) => ServerConfig;
}

export const apiAddr = (n: TestNode) => `https://${n.ip}:${n.port ?? 8200}`;
export const containerPath = (id: string) => `test/node-${id}/container`;
export const FILE = '/vault/config/server.json';

/** Each node's retry_join: every other node, unless `peersOf` says otherwise. */
export function clusterStack(nodes: readonly TestNode[], peersOf?: (node: TestNode) => readonly TestNode[]): TerraformStack {
  const stack = dockerStack();
  for (const n of nodes) {
    const port = n.port ?? 8200;
    const peers = peersOf ? peersOf(n) : nodes.filter((p) => p !== n);
    const retryJoin: RetryJoinPeer[] = peers.map((p) => ({ leaderApiAddr: apiAddr(p), leaderCaCertFile: '/vault/tls/ca.crt' }));
    const config = serverConfig({
      nodeId: n.id,
      listenAddress: `${n.ip}:${port}`,
      clusterListenAddress: `${n.ip}:${port + 1}`,
      apiAddr: apiAddr(n),
      clusterAddr: `https://${n.ip}:${port + 1}`,
      performanceMultiplier: 1,
      retryJoin,
      ...n.props,
    });
    new VaultServer(stack, `node-${n.id}`, { containerName: n.id, image: 'hashicorp/vault:1.21.4', mode: serverMode(n.edit ? n.edit(config) : config), networkMode: 'host', bindAddress: n.ip, port });
  }
  return stack;
}

export const THREE: readonly TestNode[] = [
  { id: 'vault-1', ip: '10.0.0.5' },
  { id: 'vault-2', ip: '10.0.0.6' },
  { id: 'vault-3', ip: '10.0.0.7' },
];

/** Marks a node as joining as a non-voter (`retry_join_as_non_voter`). */
export const nonVoter = (config: ServerConfig): ServerConfig => ({ ...config, storage: { raft: { ...config.storage.raft, retry_join_as_non_voter: true } as ServerConfig['storage']['raft'] } });
