// The cluster part of the bootstrap ceremony. Before sys/init: the synthesized server stack declares
// the node being bootstrapped (matched by its address) and every other declared node answers over
// TLS, uninitialized, so a peer that is down is found while nothing is irreversible yet. After the
// first node is unsealed (and before root is revoked): every other node joins through its
// retry_join, is unsealed with the shares the ceremony holds in memory (cli/cluster/join-wait.ts)
// and becomes a voter. The shares are already saved by then; nothing here writes them anywhere.
import { parseServerAddress } from '../../model/server-address';
import { VaultClient } from '../../vault-api/client';
import { ClusterNode, readDeclaredNodes } from '../cluster/declared-nodes';
import { joinAndUnsealPeers, PeerJoinOutcome, waitForVoters } from '../cluster/join-wait';
import { CliError, describeError } from '../errors';
import { Progress } from '../progress';
import { serverSealStatus } from './server-checks';

/** Where the runbook explains the cluster (forming, a node that does not join). */
export const CLUSTER_RUNBOOK = 'docs/runbook.md, "Cluster: three raft nodes"';

/** The nodes the ceremony forms into one cluster. */
export interface CeremonyCluster {
  /** The server stack they were read from (--server-json). */
  readonly serverJson: string;
  /** The node being bootstrapped (the one at --address / VAULT_ADDR). */
  readonly self: ClusterNode;
  /** Every other declared node, in the stack's order. */
  readonly peers: readonly ClusterNode[];
}

/** What the cluster step ended with, for the hand-over. */
export interface ClusterFormed {
  readonly nodeIds: readonly string[];
  readonly leader: string;
  readonly voters: readonly string[];
  readonly failureTolerance: number;
}

/** `https://Host:8200/` and `https://host:8200` are one node; a missing port is the scheme's default. */
function addressKey(text: string): string {
  const a = parseServerAddress(text).address;
  if (!a) return text;
  return `${a.scheme}://${a.host.toLowerCase()}:${a.port ?? (a.scheme === 'https' ? 443 : 80)}`;
}

/**
 * The declared nodes of `serverJson`, split into the node at `address` and its peers. A usage
 * error (exit 2) when the file is missing or unreadable, or declares no node at `address`.
 */
export function ceremonyClusterOf(serverJson: string, address: string): CeremonyCluster {
  const { nodes } = readDeclaredNodes(serverJson, '--server-json');
  const self = nodes.find((n) => addressKey(n.apiAddr) === addressKey(address));
  if (!self) {
    throw new CliError(
      `--server-json: "${serverJson}" declares no node at ${address}, the server being bootstrapped (it declares ${nodes.map((n) => `${n.nodeId} at ${n.apiAddr}`).join(', ')}); ` +
        'bootstrap one of those nodes (--address / VAULT_ADDR = its api_addr), or pass the server stack this server was deployed from',
      2,
    );
  }
  return { serverJson, self, peers: nodes.filter((n) => n !== self) };
}

/** A client of a peer: the connection of the node being bootstrapped (its CA, no token) at the peer's address. */
export function peerClient(client: VaultClient, node: ClusterNode): VaultClient {
  return new VaultClient({ ...client.options, address: node.apiAddr, token: undefined });
}

/**
 * Before sys/init (`fresh`) or a resume: every peer answers sys/seal-status over TLS, verified with
 * the same CA, and, for a fresh ceremony, is not initialized (an initialized peer belongs to another
 * cluster and never joins this one). Returns a detail line per peer; throws naming every peer that
 * does not qualify and what to do.
 */
export async function checkPeers(client: VaultClient, cluster: CeremonyCluster, fresh: boolean): Promise<string[]> {
  const results = await Promise.all(
    cluster.peers.map(async (node) => {
      try {
        const s = await serverSealStatus(peerClient(client, node));
        if (fresh && s.initialized) {
          return { node, problem: 'is already initialized: it belongs to another cluster (or the stack names the wrong address) and would never join this one; wipe its raft data if it is a leftover of an earlier attempt that holds nothing' };
        }
        return { node, detail: `${node.nodeId} (${node.apiAddr}): answers over TLS, ${s.initialized ? `initialized, ${s.sealed ? 'sealed' : 'unsealed'}` : 'not initialized (it joins once this node is unsealed)'}` };
      } catch (e) {
        return { node, problem: `does not answer: ${describeError(e)}` };
      }
    }),
  );
  const bad = results.filter((r) => r.problem !== undefined);
  if (bad.length > 0) {
    const names = bad.map((r) => r.node.nodeId).join(', ');
    throw new CliError(
      `every node "${cluster.serverJson}" declares must answer before ${fresh ? `${cluster.self.nodeId} is initialized` : 'the ceremony goes on'} (each is unsealed with the shares the ceremony holds): ` +
        `${bad.map((r) => `${r.node.nodeId} at ${r.node.apiAddr} ${r.problem}`).join('; ')}. ` +
        `Start ${names} (\`npx cdktf deploy prod-server\`, or \`docker start <node>\` on its host) and check that its certificate names its address and is signed by the CA of --ca-cert / VAULT_CACERT; ` +
        `or declare only the nodes that exist (HOODCLOUD_VAULT_NODES, \`npm run synth\`).${fresh ? ' Nothing was initialized.' : ''} See ${CLUSTER_RUNBOOK}`,
    );
  }
  return results.map((r) => r.detail!);
}

export interface FormOptions {
  /** How long each peer may take to join, and then every node to become a voter. */
  readonly timeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Where the shares are saved, for the error (they are, before this step runs). */
  readonly outDir: string;
}

/** The error for peers that did not join or unseal: who, why, that no share is lost, and what to do. */
export function peersFailedError(cluster: CeremonyCluster, outcomes: readonly PeerJoinOutcome[], outDir: string): CliError {
  const failed = outcomes.filter((o) => o.problem !== undefined);
  const ok = outcomes.filter((o) => o.problem === undefined).map((o) => o.label);
  const names = failed.map((o) => o.label).join(', ');
  return new CliError(
    `${failed.map((o) => `${o.label} (${o.address}) ${o.unseal ? 'joined but is not unsealed' : 'did not join'}: ${o.problem}`).join('; ')}. ` +
      `${ok.length > 0 ? `${ok.join(', ')} joined and ${ok.length === 1 ? 'is' : 'are'} unsealed; ` : ''}${cluster.self.nodeId} is initialized and unsealed, and every unseal share is saved in ${outDir}: none is lost. ` +
      `Bring ${names} up (it joins through its retry_join once it reaches ${cluster.self.apiAddr}; check its log, certificate and network; see ${CLUSTER_RUNBOOK}); ` +
      '--resume then unseals it with 3 shares and waits until every node is a voter',
  );
}

/**
 * Step 10 of the ceremony, with the root token of the unsealed first node: every peer joins and is
 * unsealed with `shares` (held in memory, never written), then autopilot makes every declared node a
 * voter. Reports per node; a peer that does not join or unseal is an error naming it.
 */
export async function formCluster(root: VaultClient, cluster: CeremonyCluster, shares: readonly string[], progress: Progress, opts: FormOptions): Promise<ClusterFormed> {
  const { self, peers } = cluster;
  if (peers.length === 0) {
    progress.next(`Cluster: ${cluster.serverJson} declares ${self.nodeId} alone; no other node to join`);
    progress.detail('single node: skipped');
    return { nodeIds: [self.nodeId], leader: self.nodeId, voters: [self.nodeId], failureTolerance: 0 };
  }
  const ids = peers.map((p) => p.nodeId);
  progress.next(`Joining ${ids.join(', ')} to ${self.nodeId}: each is unsealed with the ${shares.length} shares held in memory, then made a voter`);
  const outcomes = await joinAndUnsealPeers(peers.map((p) => ({ label: p.nodeId, client: peerClient(root, p) })), shares, {
    joinTimeoutMs: opts.timeoutMs,
    sleep: opts.sleep,
    log: (line) => progress.detail(line),
  });
  if (outcomes.some((o) => o.problem !== undefined)) throw peersFailedError(cluster, outcomes, opts.outDir);

  const all = [self.nodeId, ...ids];
  const { state, ms } = await waitForVoters(root, all, { timeoutMs: opts.timeoutMs, pollMs: 500, sleep: opts.sleep });
  for (const s of state.servers) progress.detail(`${s.id} (${s.address}): ${s.status === 'leader' ? 'leader' : s.status}, healthy`);
  progress.detail(`${state.voters.length} voters, failure tolerance ${state.failureTolerance}: every declared node a voter ${(ms / 1000).toFixed(1)} s after the last unseal`);
  return { nodeIds: all, leader: state.leader, voters: state.voters, failureTolerance: state.failureTolerance };
}
