import { failureToleranceOf, quorumOf } from '../../model/raft-quorum';

describe('raft quorum and failure tolerance', () => {
  test.each([
    [1, 1, 0],
    [2, 2, 0],
    [3, 2, 1],
    [4, 3, 1],
    [5, 3, 2],
    [0, 0, 0],
  ])('GIVEN %i voters WHEN counted THEN the quorum is %i and %i may fail', (voters, quorum, tolerance) => {
    expect(quorumOf(voters)).toBe(quorum);
    expect(failureToleranceOf(voters)).toBe(tolerance);
  });
});
