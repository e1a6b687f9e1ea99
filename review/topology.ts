// Blocking rules for the raft cluster a server stack declares: changes that lower how many nodes
// the cluster can lose. A removed node (or one turned non-voter) lowers the voter count; a node
// whose id changes is a new member while the old one lingers; a node whose data volume is
// replaced restarts empty and must catch up, one failure from an outage meanwhile; autopilot's
// min_quorum lowered (or cleanup switched on below the declared size) lets autopilot prune voters.
// Nodes are matched by raft node id, across the base and head synth outputs.
import { failureToleranceOf } from '../model/raft-quorum';
import { DeclaredServerNode, serverNodesOf } from '../terraform-json/server-nodes';
import { SynthStack } from './stack-loader';

export const TOPOLOGY_RULES = [
  'cluster-node-removed',
  'cluster-failure-tolerance-lowered',
  'cluster-node-id-changed',
  'cluster-node-data-replaced',
  'cluster-quorum-lowered',
] as const;

export type TopologyRule = (typeof TOPOLOGY_RULES)[number];

export interface TopologyFinding {
  readonly environment: string;
  readonly rule: TopologyRule;
  readonly message: string;
}

export interface StackPair {
  readonly base?: SynthStack;
  readonly head?: SynthStack;
}

const raftNodes = (stack: SynthStack | undefined): DeclaredServerNode[] => serverNodesOf(stack?.resources ?? []).filter((n) => !n.dev && n.nodeId !== undefined);
const voters = (nodes: readonly DeclaredServerNode[]) => nodes.filter((n) => n.voter).length;

interface Autopilot {
  readonly cleanup: boolean;
  readonly minQuorum: number;
}

function autopilotOf(stack: SynthStack | undefined): Autopilot | undefined {
  const r = stack?.resources.find((x) => x.type === 'vault_raft_autopilot');
  if (!r) return undefined;
  // The provider's defaults when unset: cleanup false, min_quorum 3.
  return { cleanup: r.attributes.cleanup_dead_servers === true, minQuorum: typeof r.attributes.min_quorum === 'number' ? r.attributes.min_quorum : 3 };
}

/**
 * The topology findings of one environment: `server` is its `<env>-server` stack in base and head,
 * `config` its `<env>-config` stack (for autopilot). A stack missing on one side is compared as
 * declaring nothing there.
 */
export function topologyFindings(environment: string, server: StackPair, config: StackPair = {}): TopologyFinding[] {
  const out: TopologyFinding[] = [];
  const add = (rule: TopologyRule, message: string) => out.push({ environment, rule, message });
  const name = server.head?.name ?? server.base?.name ?? `${environment}-server`;
  const before = raftNodes(server.base);
  const after = raftNodes(server.head);
  const byId = new Map(after.map((n) => [n.nodeId!, n]));
  const byContainer = new Map(after.map((n) => [n.container, n]));

  for (const b of before) {
    const h = byId.get(b.nodeId!);
    if (!h) {
      const renamed = byContainer.get(b.container);
      if (renamed) add('cluster-node-id-changed', `${name}: container "${b.container}" changes its raft node id "${b.nodeId}" → "${renamed.nodeId}": raft sees a new member and keeps the old one, which counts against the quorum until it is removed`);
      else add('cluster-node-removed', `${name}: raft node "${b.nodeId}" (container "${b.container}", ${b.apiAddr ?? 'no api_addr'}) is removed: remove it from the cluster first (\`bao operator raft remove-peer ${b.nodeId}\`) and review the tolerance below`);
      continue;
    }
    if (b.voter && !h.voter) add('cluster-node-removed', `${name}: raft node "${b.nodeId}" becomes a non-voter: it no longer counts towards the quorum`);
    if (b.dataVolume !== undefined && h.dataVolume !== b.dataVolume) {
      add('cluster-node-data-replaced', `${name}: raft node "${b.nodeId}" keeps its raft data on ${h.dataVolume ? `the volume "${h.dataVolume}"` : 'no volume'} instead of "${b.dataVolume}": it restarts empty and must rejoin and catch up, and the cluster tolerates one failure fewer until it has`);
    }
  }

  const vBefore = voters(before);
  const vAfter = voters(after);
  const tBefore = failureToleranceOf(vBefore);
  const tAfter = failureToleranceOf(vAfter);
  if (tAfter < tBefore) {
    add('cluster-failure-tolerance-lowered', `${name}: ${vBefore} → ${vAfter} voter${vAfter === 1 ? '' : 's'}: the cluster survives losing ${tAfter} node${tAfter === 1 ? '' : 's'} instead of ${tBefore}`);
  }

  const apBefore = autopilotOf(config.base);
  const apAfter = autopilotOf(config.head);
  const cname = config.head?.name ?? config.base?.name ?? `${environment}-config`;
  if (apAfter?.cleanup) {
    if (apBefore?.cleanup && apAfter.minQuorum < apBefore.minQuorum) {
      add('cluster-quorum-lowered', `${cname}: autopilot min_quorum ${apBefore.minQuorum} → ${apAfter.minQuorum}: autopilot may prune dead voters down to ${apAfter.minQuorum}`);
    } else if (!apBefore?.cleanup && apAfter.minQuorum < vAfter) {
      add('cluster-quorum-lowered', `${cname}: autopilot dead-server cleanup is switched on with min_quorum ${apAfter.minQuorum}, below the ${vAfter} declared voters: autopilot may prune the cluster below its declared size`);
    }
  }
  return out;
}
