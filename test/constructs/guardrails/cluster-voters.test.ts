import { clusterVoters } from '../../../constructs/guardrails/cluster-voters';
import { DEV_MODE, dockerStack, fullSynth, guard, synthErrors, vaultServer, violation } from '../support';
import { clusterStack, containerPath, nonVoter, THREE } from './cluster-support';

const checked = (stack: ReturnType<typeof dockerStack>, production = true) => guard(stack, clusterVoters, production);

describe('HC-CLUSTER-1 (an odd number of raft voters)', () => {
  test.each([1, 3])('GIVEN %i voters WHEN synthesized THEN it passes', (n) => {
    const nodes = [...THREE, { id: 'vault-4', ip: '10.0.0.8' }].slice(0, n);
    expect(() => fullSynth(checked(clusterStack(nodes)))).not.toThrow();
  });

  test('GIVEN two voters WHEN synthesized THEN it fails once, on the first node, naming the voters, the tolerance and the fix', () => {
    expect(synthErrors(checked(clusterStack(THREE.slice(0, 2))))).toEqual([
      expect.stringMatching(violation('HC-CLUSTER-1', containerPath('vault-1'), 'raft voters', ['vault-1', 'vault-2'], 'the stack declares 2 voters: quorum 2, so 0 may fail, no more than with 1 voters; declare 3 (or 1) nodes')),
    ]);
  });

  test('GIVEN four voters outside production WHEN synthesized THEN it fails too (the arithmetic is the same everywhere)', () => {
    const four = [...THREE, { id: 'vault-4', ip: '10.0.0.8' }];
    expect(synthErrors(checked(clusterStack(four), false))).toEqual([expect.stringMatching(violation('HC-CLUSTER-1', containerPath('vault-1'), 'raft voters', ['vault-1', 'vault-2', 'vault-3', 'vault-4'], 'quorum 3, so 1 may fail'))]);
  });

  test('GIVEN four nodes, one of them joining as a non-voter WHEN synthesized THEN it passes (near miss: three voters)', () => {
    const four = [...THREE, { id: 'vault-4', ip: '10.0.0.8', edit: nonVoter }];
    expect(() => fullSynth(checked(clusterStack(four)))).not.toThrow();
  });

  test('GIVEN two dev-mode servers WHEN synthesized THEN it passes (near miss: no raft member)', () => {
    const stack = dockerStack();
    vaultServer(stack, { mode: DEV_MODE });
    expect(() => fullSynth(checked(stack, false))).not.toThrow();
  });
});
