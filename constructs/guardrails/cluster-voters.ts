// HC-CLUSTER-1: a raft cluster has an odd number of voters. N voters commit with a majority, so an
// even N tolerates no more failures than N - 1 while every write waits for one more node.
import { failureToleranceOf, quorumOf } from '../../model/raft-quorum';
import { Guardrail } from './guardrail';
import { raftMembers } from './raft-members';

export const clusterVoters: Guardrail = {
  id: 'HC-CLUSTER-1',
  level: 'error',
  description: 'A raft cluster has an odd number of voters (1, 3, 5: an even count tolerates no more failures than one fewer)',
  check(node, ctx) {
    const members = raftMembers(ctx);
    // Reported once, on the first member.
    if (members[0]?.node !== node) return [];
    const voters = members.filter((m) => m.voter);
    const n = voters.length;
    if (n % 2 === 1) return [];
    return [{
      field: 'raft voters',
      value: voters.map((m) => m.nodeId ?? m.node.node.path),
      message: `the stack declares ${n} voters: quorum ${quorumOf(n)}, so ${failureToleranceOf(n)} may fail, no more than with ${n - 1} voters; declare ${n + 1} (or ${Math.max(1, n - 1)}) nodes`,
    }];
  },
};
