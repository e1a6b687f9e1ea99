// HC-CLUSTER-3: every node of a raft cluster lists every peer in its retry_join. A node that starts
// uninitialized joins only through the peers it lists: one missing from a node's list is a node it
// cannot join through, and a cluster whose only listed peer is down cannot take the node back.
import { Guardrail } from './guardrail';
import { normalAddr, raftMembers } from './raft-members';

export const clusterRetryJoin: Guardrail = {
  id: 'HC-CLUSTER-3',
  level: 'error',
  description: 'Every node of a raft cluster lists every peer (its api_addr) in its retry_join',
  check(node, ctx) {
    const members = raftMembers(ctx);
    const mine = members.find((m) => m.node === node);
    if (!mine || members.length < 2) return [];
    const listed = new Set(mine.retryJoin.map((r) => normalAddr(r.leader_api_addr)));
    const missing = members.filter((p) => p !== mine && !listed.has(normalAddr(p.apiAddr)));
    if (missing.length === 0) return [];
    return [{
      field: `${mine.file} storage.raft.retry_join`,
      value: mine.retryJoin.map((r) => r.leader_api_addr ?? null),
      message: `misses the peer${missing.length > 1 ? 's' : ''} ${missing.map((p) => `${String(p.nodeId ?? p.node.node.path)} (${String(p.apiAddr)})`).join(', ')}; add a retry_join block with leader_api_addr and leader_ca_cert_file for every other node`,
    }];
  },
};
