// The cluster part of the bootstrap ceremony, after the first node is initialized and unsealed:
// every other node joins by itself (its retry_join reaches the unsealed node, which then answers
// its challenge) and reports initialized before it holds any key; it takes the same unseal shares
// as the first node (the ceremony still holds them in memory), then turns standby. Finally
// autopilot promotes each joined node to voter once it has been stable for
// server_stabilization_time. Nothing here is written anywhere: shares pass from memory to the nodes.
import { VaultClient } from '../../vault-api/client';
import { CliError, describeError } from '../errors';
import { readSealStatus } from '../unseal/seal-status';
import { AutopilotState, readClusterView } from './autopilot-state';
import { NodeUnsealOutcome, unsealNodes, UnsealTarget } from './cluster-unseal';

export interface JoinWaitOptions {
  /** How long a node may take to report initialized (joined). @default 90000 */
  readonly joinTimeoutMs?: number;
  /** How long sys/health may still say sealed after a node's last share. @default 30000 */
  readonly serveTimeoutMs?: number;
  /** @default 500 */
  readonly pollMs?: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Progress lines (the ceremony's Progress.detail). */
  readonly log: (line: string) => void;
  readonly now?: () => number;
}

export interface PeerJoinOutcome {
  readonly label: string;
  readonly address: string;
  /** From the start of the wait until the node reported initialized. */
  readonly msToJoin?: number;
  readonly unseal?: NodeUnsealOutcome;
  readonly problem?: string;
}

/** Polls a node's seal-status until it reports initialized (it has joined); the time it took, or a problem. */
async function waitForJoin(client: VaultClient, opts: JoinWaitOptions): Promise<{ ms?: number; problem?: string }> {
  const now = opts.now ?? Date.now;
  const start = now();
  const timeout = opts.joinTimeoutMs ?? 90_000;
  let last = 'no answer';
  for (;;) {
    try {
      const status = await readSealStatus(client);
      if (status.initialized) return { ms: now() - start };
      last = 'not initialized (its retry_join has not reached an unsealed peer yet)';
    } catch (e) {
      last = describeError(e);
    }
    if (now() - start >= timeout) return { problem: `did not join within ${Math.round(timeout / 1000)} s: ${last}` };
    await opts.sleep(opts.pollMs ?? 500);
  }
}

/**
 * Waits for each peer to join, then unseals the joined ones with `shares` (at least the
 * threshold, in any order). Never throws for one node's failure: each outcome says what happened.
 */
export async function joinAndUnsealPeers(peers: readonly UnsealTarget[], shares: readonly string[], opts: JoinWaitOptions): Promise<PeerJoinOutcome[]> {
  const joins = await Promise.all(
    peers.map(async (p) => {
      const joined = await waitForJoin(p.client, opts);
      opts.log(joined.problem ? `${p.label}: ${joined.problem}` : `${p.label}: joined (reports initialized) after ${(joined.ms! / 1000).toFixed(1)} s`);
      return { peer: p, ...joined };
    }),
  );
  const ready = joins.filter((j) => j.problem === undefined).map((j) => j.peer);
  let next = 0;
  // With a single node unsealNodes throws its error; it becomes that node's outcome like any other.
  const outcomes = ready.length === 0 ? [] : await unsealNodes(ready, async () => shares[next++], {
    serveTimeoutMs: opts.serveTimeoutMs,
    pollMs: opts.pollMs,
    sleep: opts.sleep,
    log: (line) => opts.log(ready.length === 1 ? `${ready[0].label}: ${line}` : line),
  }).catch((e: unknown): NodeUnsealOutcome[] => [{ label: ready[0].label, address: ready[0].client.options.address, result: 'failed', problem: describeError(e) }]);
  return joins.map((j) => {
    const unseal = outcomes.find((o) => o.label === j.peer.label);
    return { label: j.peer.label, address: j.peer.client.options.address, msToJoin: j.ms, unseal, problem: j.problem ?? (unseal && unseal.result !== 'unsealed' && unseal.result !== 'already-unsealed' ? unseal.problem ?? unseal.result : undefined) };
  });
}

/**
 * Polls autopilot (through any node, with a token that may read it) until every node of
 * `nodeIds` is a healthy voter; returns the state and how long it took. Throws naming the nodes
 * that are not, after `timeoutMs`.
 */
export async function waitForVoters(client: VaultClient, nodeIds: readonly string[], opts: { readonly timeoutMs?: number; readonly pollMs?: number; readonly sleep: (ms: number) => Promise<void>; readonly now?: () => number }): Promise<{ state: AutopilotState; ms: number }> {
  const now = opts.now ?? Date.now;
  const start = now();
  const timeout = opts.timeoutMs ?? 60_000;
  let missing: string[] = [...nodeIds];
  let problem: string | undefined;
  for (;;) {
    const view = await readClusterView(client);
    const ap = view.autopilot;
    problem = view.autopilotProblem;
    if (ap) {
      missing = nodeIds.filter((id) => !ap.voters.includes(id) || !ap.servers.find((s) => s.id === id)?.healthy);
      if (missing.length === 0) return { state: ap, ms: now() - start };
    }
    if (now() - start >= timeout) {
      throw new CliError(`after ${Math.round(timeout / 1000)} s autopilot ${ap ? `does not report ${missing.join(', ')} as healthy voter${missing.length > 1 ? 's' : ''}` : `has no answer (${problem ?? 'unknown'})`}; check \`status\``);
    }
    await opts.sleep(opts.pollMs ?? 1000);
  }
}
