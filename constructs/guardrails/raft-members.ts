// What the HC-CLUSTER rules read of a synthesized server stack: every server container (not dev
// mode) whose uploaded JSON config has raft storage, with its node id, addresses, retry_join peers
// and listeners, as the server will read them. Rules look at one container and compare it with
// the others of its stack (computed once per guardrail run).
import { IConstruct } from 'constructs';
import { goTextBool } from '../../model/go-bool';
import { GuardrailContext, oncePerRun } from './guardrail';
import { serverContainer, tcpListeners } from './server-container';

type Json = Record<string, unknown>;

export interface RaftMember {
  /** The docker_container node. */
  readonly node: IConstruct;
  /** The uploaded file the raft block is in, e.g. `/vault/config/server.json`. */
  readonly file: string;
  readonly nodeId: unknown;
  readonly apiAddr: unknown;
  readonly clusterAddr: unknown;
  /** The `retry_join` blocks (an object or a list in JSON). */
  readonly retryJoin: readonly Json[];
  /** Every TCP listener of the uploaded configs, with its file and index there. */
  readonly listeners: ReadonlyArray<{ readonly file: string; readonly index: number; readonly tcp: Json }>;
  /** False when the node joins as a non-voter (`retry_join_as_non_voter`). */
  readonly voter: boolean;
}

const asList = (v: unknown): Json[] => (Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : []).filter((x): x is Json => typeof x === 'object' && x !== null);

/** The raft member a node is, or undefined (not a server container, dev mode, no raft storage). */
export function raftMemberOf(node: IConstruct, ctx: GuardrailContext): RaftMember | undefined {
  const server = serverContainer(node, ctx);
  if (!server || server.dev) return undefined;
  for (const { file, config } of server.configs) {
    const storage = config.storage as Json | undefined;
    const raft = asList(storage?.raft)[0];
    if (!raft) continue;
    return {
      node,
      file,
      nodeId: raft.node_id,
      apiAddr: config.api_addr,
      clusterAddr: config.cluster_addr,
      retryJoin: asList(raft.retry_join),
      listeners: server.configs.flatMap((c) => tcpListeners(c.config).map((tcp, index) => ({ file: c.file, index, tcp }))),
      voter: goTextBool(raft.retry_join_as_non_voter) !== true,
    };
  }
  return undefined;
}

/** Every raft member of the stack, in construct-tree order. */
export function raftMembers(ctx: GuardrailContext): readonly RaftMember[] {
  return oncePerRun(ctx, 'raft-members', () => ctx.stack.node.findAll().flatMap((n) => raftMemberOf(n, ctx) ?? []));
}

/** `https://10.0.0.5:8200/` and `https://10.0.0.5:8200` compare equal: scheme, host and port. */
export function normalAddr(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const u = new URL(value);
    return `${u.protocol}//${u.host}`;
  } catch {
    return value;
  }
}

/** Host and port only, the unit two nodes must not share (`10.0.0.5:8200`). */
export function hostAndPort(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value).host;
  } catch {
    return value;
  }
}
