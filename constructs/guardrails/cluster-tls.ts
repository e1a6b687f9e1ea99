// HC-CLUSTER-4: raft nodes talk over TLS. A listener with a cluster_address serves the API the
// peers join through, so it keeps TLS; every retry_join goes to an https:// leader_api_addr (the
// join carries the challenge the new node answers once unsealed, and its answer grants membership).
import { Guardrail, Violation } from './guardrail';
import { raftMembers } from './raft-members';
import { parsesAsTrue } from './server-container';

export const clusterTls: Guardrail = {
  id: 'HC-CLUSTER-4',
  level: 'error',
  description: 'Raft nodes join over TLS: no tls_disable on a listener with a cluster_address, every retry_join leader_api_addr is https://',
  check(node, ctx) {
    const mine = raftMembers(ctx).find((m) => m.node === node);
    if (!mine) return [];
    const out: Violation[] = [];
    for (const { file, index, tcp } of mine.listeners) {
      if (tcp.cluster_address !== undefined && parsesAsTrue(tcp.tls_disable)) {
        out.push({ field: `${file} listener[${index}].tcp.tls_disable`, value: tcp.tls_disable, message: `disables TLS on the listener with cluster_address ${JSON.stringify(tcp.cluster_address)}, which peers join through; keep tls_disable false with tls_cert_file and tls_key_file` });
      }
    }
    mine.retryJoin.forEach((r, i) => {
      const addr = r.leader_api_addr;
      if (typeof addr === 'string' && !/^https:\/\//i.test(addr)) {
        out.push({ field: `${mine.file} storage.raft.retry_join[${i}].leader_api_addr`, value: addr, message: 'joins the peer without TLS; use https://<peer>:<port> with leader_ca_cert_file' });
      }
    });
    return out;
  },
};
