// Raft arithmetic: a cluster of N voters commits with a majority (its quorum) and therefore keeps
// working while at most N - quorum voters are lost (its failure tolerance). An even N tolerates no
// more than N - 1, with a larger quorum: the reason clusters have an odd number of voters.

/** Voters that must agree for a write to commit: a strict majority. */
export function quorumOf(voters: number): number {
  return voters <= 0 ? 0 : Math.floor(voters / 2) + 1;
}

/** Voters that may be lost while the cluster still elects a leader and commits writes. */
export function failureToleranceOf(voters: number): number {
  return voters <= 0 ? 0 : voters - quorumOf(voters);
}
