// Unseals several nodes of one cluster with the same shares: every node of a Shamir-sealed raft
// cluster needs the threshold of shares itself (they share one barrier key, so one custodian's
// share serves every node). Each share is entered once and submitted to every node still sealed;
// each node keeps its own progress. After a node's last share its reply is not trusted: a joining
// node can still say sealed and turn standby about a second later, so sys/health decides.
import { VaultClient } from '../../vault-api/client';
import { CliError, describeError } from '../errors';
import { readSealStatus, resetUnseal, SealStatus, submitShare } from '../unseal/seal-status';
import { isUnsealed, NodeState, waitUntilServing } from './node-health';

export interface UnsealTarget {
  /** What the operator calls the node: its raft node id, or its address. */
  readonly label: string;
  readonly client: VaultClient;
}

/** The next share (undefined when there is none: the next custodian continues). */
export type ShareSource = (ask: { readonly next: number; readonly threshold: number }) => Promise<string | undefined>;

export type UnsealResult = 'unsealed' | 'already-unsealed' | 'sealed' | 'still-sealed' | 'uninitialized' | 'failed';

export interface NodeUnsealOutcome {
  readonly label: string;
  readonly address: string;
  readonly result: UnsealResult;
  /** sys/health after the last share (unsealed ones), or before (the others). */
  readonly state?: NodeState;
  /** The active node a standby forwards to. */
  readonly leader?: string;
  readonly progress?: number;
  readonly threshold?: number;
  /** From the node's last share to sys/health saying unsealed. */
  readonly msToServe?: number;
  readonly problem?: string;
}

export interface ClusterUnsealOptions {
  readonly reset?: boolean;
  /** How long sys/health may still say sealed after a node's last share. @default 30000 */
  readonly serveTimeoutMs?: number;
  /** @default 250 */
  readonly pollMs?: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Progress lines (stderr). */
  readonly log: (line: string) => void;
}

interface NodeRun {
  readonly target: UnsealTarget;
  status?: SealStatus;
  /** Reached its threshold in this run (its reply may still say sealed). */
  reached: boolean;
  outcome?: NodeUnsealOutcome;
}

const outcomeOf = (n: NodeRun, result: UnsealResult, extra: Partial<NodeUnsealOutcome> = {}): NodeUnsealOutcome => ({
  label: n.target.label,
  address: n.target.client.options.address,
  result,
  progress: n.status?.progress,
  threshold: n.status?.t,
  ...extra,
});

/**
 * Unseals every target that is initialized and sealed. With one target its errors are thrown as
 * they come (a rejected share, no connection); with several, each node's error is its outcome and
 * the others go on.
 */
export async function unsealNodes(targets: readonly UnsealTarget[], nextShare: ShareSource, opts: ClusterUnsealOptions): Promise<NodeUnsealOutcome[]> {
  const single = targets.length === 1;
  const say = (n: NodeRun, line: string) => opts.log(single ? line : `${n.target.label}: ${line}`);
  const runs: NodeRun[] = targets.map((target) => ({ target, reached: false }));
  const fail = (n: NodeRun, e: unknown) => {
    if (single) throw e instanceof CliError ? e : new CliError(describeError(e));
    n.outcome = outcomeOf(n, 'failed', { problem: describeError(e) });
    say(n, `failed: ${n.outcome.problem}`);
  };

  for (const n of runs) {
    try {
      n.status = await readSealStatus(n.target.client);
      const address = n.target.client.options.address;
      if (!n.status.initialized) {
        if (single) throw new CliError(`the server at ${address} is not initialized: run \`bootstrap\` first`);
        n.outcome = outcomeOf(n, 'uninitialized', { state: 'uninitialized', problem: 'not initialized: a new node joins through its retry_join once a peer is unsealed (run `unseal` again in a few seconds); a fresh cluster needs `bootstrap`' });
        say(n, n.outcome.problem!);
        continue;
      }
      if (opts.reset && n.status.sealed) {
        n.status = await resetUnseal(n.target.client);
        say(n, 'unseal progress reset to 0');
      }
      if (!n.status.sealed) {
        n.outcome = outcomeOf(n, 'already-unsealed');
        say(n, `the server at ${address} is already unsealed`);
      } else {
        say(n, `sealed: ${n.status.progress} of ${n.status.t} shares entered so far`);
      }
    } catch (e) {
      fail(n, e);
    }
  }

  const waiting = () => runs.filter((n) => !n.outcome && !n.reached);
  while (waiting().length > 0) {
    const open = waiting();
    const threshold = Math.max(...open.map((n) => n.status!.t));
    const share = await nextShare({ next: Math.min(...open.map((n) => n.status!.progress)) + 1, threshold });
    if (!share) break;
    for (const n of open) {
      const before = n.status!.progress;
      try {
        const after = await submitShare(n.target.client, share);
        n.status = after;
        const t = after.t;
        if (!after.sealed) {
          n.reached = true;
          say(n, `unseal progress ${t} of ${t}: unsealed`);
        } else if (after.progress === 0 && before > 0) {
          // The threshold was met; a joining node unseals a moment later (sys/health decides).
          n.reached = true;
          say(n, `unseal progress ${t} of ${t}: waiting for the node to report unsealed`);
        } else if (after.progress === before) {
          say(n, `unseal progress ${after.progress} of ${t} (this share was already entered on this node)`);
        } else {
          say(n, `unseal progress ${after.progress} of ${t}`);
        }
      } catch (e) {
        fail(n, e);
      }
    }
  }

  const serveTimeoutMs = opts.serveTimeoutMs ?? 30_000;
  await Promise.all(
    runs.filter((n) => n.reached && !n.outcome).map(async (n) => {
      const served = await waitUntilServing(n.target.client, { timeoutMs: serveTimeoutMs, pollMs: opts.pollMs ?? 250, sleep: opts.sleep });
      const state = served.health.state;
      if (isUnsealed(state)) {
        n.outcome = outcomeOf(n, 'unsealed', { state, leader: served.leader, msToServe: served.ms, progress: n.status!.t });
        say(n, state === 'active' ? 'active' : served.leader ? `${state}, active node ${served.leader}` : `${state}, no active node yet (unseal a majority of the nodes)`);
      } else {
        n.outcome = outcomeOf(n, 'still-sealed', { state, problem: `sys/health still says ${state} ${Math.round(served.ms / 1000)} s after the last share` });
        say(n, n.outcome.problem!);
      }
    }),
  );
  for (const n of runs.filter((x) => !x.outcome)) {
    n.outcome = outcomeOf(n, 'sealed');
    say(n, `still sealed: ${n.status!.progress} of ${n.status!.t} shares entered; the next custodian continues with \`unseal\``);
  }
  return runs.map((n) => n.outcome!);
}
