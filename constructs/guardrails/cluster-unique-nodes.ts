// HC-CLUSTER-2: no two raft members of a stack share a node id, and no two share an address (the
// API and cluster addresses of every node, host and port). Raft identifies members by id and
// reaches them by address: a second node with either would take the first one's place.
import { Guardrail, oncePerRun, Violation } from './guardrail';
import { hostAndPort, RaftMember, raftMembers } from './raft-members';

interface Claim {
  /** `id <node id>` or `address <host:port>`. */
  readonly key: string;
  /** The config field, e.g. `api_addr`. */
  readonly name: string;
  readonly value: unknown;
}

function claims(m: RaftMember): Claim[] {
  const out: Claim[] = [];
  if (typeof m.nodeId === 'string') out.push({ key: `id ${m.nodeId}`, name: 'storage.raft.node_id', value: m.nodeId });
  for (const [name, value] of [['api_addr', m.apiAddr], ['cluster_addr', m.clusterAddr]] as const) {
    const at = hostAndPort(value);
    if (at !== undefined) out.push({ key: `address ${at}`, name, value });
  }
  return out;
}

export const clusterUniqueNodes: Guardrail = {
  id: 'HC-CLUSTER-2',
  level: 'error',
  description: 'Raft members have unique node ids and addresses (api_addr and cluster_addr, host and port)',
  check(node, ctx) {
    const members = raftMembers(ctx);
    const mine = members.find((m) => m.node === node);
    if (!mine) return [];
    const firstHolders = oncePerRun(ctx, 'HC-CLUSTER-2', () => {
      const holders = new Map<string, { member: RaftMember; name: string }>();
      for (const m of members) for (const c of claims(m)) if (!holders.has(c.key)) holders.set(c.key, { member: m, name: c.name });
      return holders;
    });
    const out: Violation[] = [];
    for (const c of claims(mine)) {
      const first = firstHolders.get(c.key);
      if (!first || (first.member === mine && first.name === c.name)) continue;
      const where = first.member === mine ? `this node's ${first.name}` : `${first.member.node.node.path} (${first.name})`;
      out.push({ field: `${mine.file} ${c.name}`, value: c.value, message: `is already used by ${where}; every node needs its own ${c.key.startsWith('id ') ? 'node id' : 'address and port'}` });
    }
    return out;
  },
};
