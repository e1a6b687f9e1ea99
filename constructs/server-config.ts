// The production server configuration, as data. The prod server stack uploads it into the
// container as /vault/config/server.json; tests render the same config with local paths and
// start a real server from it.

export interface ServerConfigProps {
  /** Address the TCP listener binds inside the server's network namespace, e.g. `0.0.0.0:8200`. */
  readonly listenAddress: string;
  /** Address the cluster listener binds, e.g. `0.0.0.0:8201`. */
  readonly clusterListenAddress: string;
  /** URL clients are redirected to (`api_addr`), e.g. `https://127.0.0.1:8200`. */
  readonly apiAddr: string;
  /** URL other nodes reach this one at (`cluster_addr`), e.g. `https://127.0.0.1:8201`. */
  readonly clusterAddr: string;
  /** Directory of the integrated (raft) storage. */
  readonly raftPath: string;
  /** Raft node id. @default 'hoodcloud-vault-1' */
  readonly nodeId?: string;
  /**
   * Raft timing scale (`performance_multiplier`): 1 is the fastest failover Vault recommends for
   * production; unset keeps the server's default (5, a much slower election).
   */
  readonly performanceMultiplier?: number;
  /** The peers this node joins when it starts uninitialized (`retry_join`, one block per peer). */
  readonly retryJoin?: readonly RetryJoinPeer[];
  /** TLS certificate (PEM) path as the server sees it. */
  readonly tlsCertFile: string;
  /** TLS key (PEM) path as the server sees it. */
  readonly tlsKeyFile: string;
  /** Minimum TLS version. @default 'tls13' */
  readonly tlsMinVersion?: 'tls12' | 'tls13';
  /** Disable TLS on the listener. Production guardrail HC-SERVER-1 rejects true. @default false */
  readonly tlsDisable?: boolean;
  /** Serve the web UI. @default false */
  readonly ui?: boolean;
}

/** One `retry_join` block: a peer's API address and the CA its certificate is checked against. */
export interface RetryJoinPeer {
  /** `https://<peer>:<port>`: the join request goes to the peer's API listener. */
  readonly leaderApiAddr: string;
  /** PEM CA file as the server sees it; the peer's API certificate must verify against it. */
  readonly leaderCaCertFile: string;
}

/** The `storage.raft` block. */
export interface RaftStorageConfig {
  readonly path: string;
  readonly node_id: string;
  readonly performance_multiplier?: number;
  readonly retry_join?: ReadonlyArray<{ readonly leader_api_addr: string; readonly leader_ca_cert_file: string }>;
}

/** Vault/OpenBao server configuration in its JSON form (the server reads HCL or JSON). */
export interface ServerConfig {
  readonly ui: boolean;
  readonly disable_mlock: boolean;
  readonly api_addr: string;
  readonly cluster_addr: string;
  readonly cluster_name: string;
  readonly storage: { raft: RaftStorageConfig };
  readonly listener: Array<{ tcp: Record<string, string | boolean | Record<string, Record<string, string[]>>> }>;
}

export function renderServerConfig(props: ServerConfigProps): ServerConfig {
  return {
    ui: props.ui ?? false,
    // Integrated storage memory-maps its database; both Vault and OpenBao advise against mlock with raft.
    disable_mlock: true,
    api_addr: props.apiAddr,
    cluster_addr: props.clusterAddr,
    cluster_name: 'hoodcloud',
    storage: {
      raft: {
        path: props.raftPath,
        node_id: props.nodeId ?? 'hoodcloud-vault-1',
        ...(props.performanceMultiplier !== undefined ? { performance_multiplier: props.performanceMultiplier } : {}),
        ...(props.retryJoin && props.retryJoin.length > 0
          ? { retry_join: props.retryJoin.map((p) => ({ leader_api_addr: p.leaderApiAddr, leader_ca_cert_file: p.leaderCaCertFile })) }
          : {}),
      },
    },
    listener: [
      {
        tcp: {
          address: props.listenAddress,
          cluster_address: props.clusterListenAddress,
          tls_disable: props.tlsDisable ?? false,
          tls_cert_file: props.tlsCertFile,
          tls_key_file: props.tlsKeyFile,
          tls_min_version: props.tlsMinVersion ?? 'tls13',
          // HSTS, per the production hardening guide.
          custom_response_headers: { default: { 'Strict-Transport-Security': ['max-age=31536000; includeSubDomains'] } },
        },
      },
    ],
  };
}
