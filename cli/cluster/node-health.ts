// One node's state from sys/health, which every node answers without a token, sealed or not: the
// status code says active (200), standby (429), performance standby (473), DR secondary (472),
// not initialized (501) or sealed (503). Unseal replies are not trusted for this: a joining node
// can still say sealed after its last share and turn standby about a second later (issue 12).
import { VaultClient } from '../../vault-api/client';
import { describeError } from '../errors';

export type NodeState = 'active' | 'standby' | 'perf-standby' | 'dr-secondary' | 'sealed' | 'uninitialized' | 'unreachable' | 'unknown';

export interface NodeHealth {
  readonly address: string;
  readonly state: NodeState;
  /** HTTP status of sys/health (0 when unreachable). */
  readonly status: number;
  readonly version?: string;
  /** Why the node could not be asked (connection refused, TLS), for `unreachable`. */
  readonly problem?: string;
}

const BY_STATUS: Readonly<Record<number, NodeState>> = { 200: 'active', 429: 'standby', 472: 'dr-secondary', 473: 'perf-standby', 501: 'uninitialized', 503: 'sealed' };

/** Unsealed and part of a cluster (answers reads; forwards writes when a leader exists). */
export function isUnsealed(state: NodeState): boolean {
  return state === 'active' || state === 'standby' || state === 'perf-standby' || state === 'dr-secondary';
}

export async function readNodeHealth(client: VaultClient): Promise<NodeHealth> {
  const address = client.options.address;
  try {
    const res = await client.raw<{ version?: string }>('GET', 'sys/health', { token: null });
    return { address, state: BY_STATUS[res.status] ?? 'unknown', status: res.status, version: typeof res.body.version === 'string' ? res.body.version : undefined };
  } catch (e) {
    return { address, state: 'unreachable', status: 0, problem: describeError(e) };
  }
}

/** The address of the node a standby forwards to (`sys/leader`), or undefined when it knows none. */
export async function readLeaderAddress(client: VaultClient): Promise<string | undefined> {
  try {
    const res = await client.raw<{ leader_address?: string; is_self?: boolean }>('GET', 'sys/leader', { token: null });
    return res.status === 200 && typeof res.body.leader_address === 'string' && res.body.leader_address !== '' ? res.body.leader_address : undefined;
  } catch {
    return undefined;
  }
}

export interface WaitOptions {
  /** How long sys/health may still say sealed (or not answer). */
  readonly timeoutMs: number;
  /** How long an unsealed standby may take to have an active node. @default 30000 */
  readonly leaderTimeoutMs?: number;
  readonly pollMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/**
 * The active node a standby names in sys/leader, if that node itself says active. A standby can
 * name a leader that is gone (after losing its quorum, or after a snapshot restore it names the
 * original cluster's), so the name alone proves nothing.
 */
async function activeLeaderOf(client: VaultClient): Promise<string | undefined> {
  const leader = await readLeaderAddress(client);
  if (leader === undefined) return undefined;
  const there = await readNodeHealth(new VaultClient({ ...client.options, address: leader, token: undefined }));
  return there.state === 'active' ? leader : undefined;
}

/**
 * Polls sys/health until the node is unsealed, then until it is serving: active, or a standby
 * whose leader answers as active. Returns the last health seen: still sealed after `timeoutMs`,
 * or a standby without an active node after `leaderTimeoutMs` more (no quorum yet). `ms` is the
 * time until the node reported unsealed.
 */
export async function waitUntilServing(client: VaultClient, opts: WaitOptions): Promise<{ health: NodeHealth; leader?: string; ms: number }> {
  const now = opts.now ?? Date.now;
  const start = now();
  let health = await readNodeHealth(client);
  while (!isUnsealed(health.state) && now() - start < opts.timeoutMs) {
    await opts.sleep(opts.pollMs);
    health = await readNodeHealth(client);
  }
  const ms = now() - start;
  const leaderDeadline = now() + (opts.leaderTimeoutMs ?? 30_000);
  while (isUnsealed(health.state) && health.state !== 'active') {
    const leader = await activeLeaderOf(client);
    if (leader !== undefined) return { health, leader, ms };
    if (now() >= leaderDeadline) break;
    await opts.sleep(opts.pollMs);
    health = await readNodeHealth(client);
  }
  return { health, ms };
}
