import { evaluateSealState, isServing, ServerState } from '../../../cli/doctor/seal-state';

const ADDRESS = 'https://127.0.0.1:8200';
const seal = (over: Partial<{ initialized: boolean; sealed: boolean; t: number; n: number; progress: number }> = {}) => ({ initialized: true, sealed: false, t: 3, n: 5, progress: 0, version: '2.7.2', storage_type: 'raft', ...over });
const state = (s: ReturnType<typeof seal>, healthStatus: number): ServerState => ({ answered: true, seal: s, healthStatus });

describe('doctor: seal state', () => {
  test('GIVEN an initialized, unsealed, active node WHEN evaluated THEN one ok row with the shares, storage and version', () => {
    const rows = evaluateSealState(state(seal(), 200), ADDRESS);
    expect(rows).toEqual([{ check: 'seal', subject: ADDRESS, status: 'ok', detail: 'initialized, unsealed (3 of 5 shares), active, raft storage, version 2.7.2' }]);
    expect(isServing(state(seal(), 200))).toBe(true);
  });

  test('GIVEN a sealed node with one share entered WHEN evaluated THEN FAIL with the progress and the unseal command', () => {
    const s = state(seal({ sealed: true, progress: 1 }), 503);
    const [r] = evaluateSealState(s, ADDRESS);
    expect(r).toMatchObject({ status: 'FAIL', detail: 'sealed: 1 of 3 unseal shares entered (5 exist), version 2.7.2', fix: 'npm run ops -- unseal (each of 3 custodians, one share each)' });
    expect(isServing(s)).toBe(false);
  });

  test('GIVEN an uninitialized node WHEN evaluated THEN FAIL naming bootstrap', () => {
    const [r] = evaluateSealState(state(seal({ initialized: false, sealed: true }), 501), ADDRESS);
    expect(r).toMatchObject({ status: 'FAIL', detail: 'not initialized, version 2.7.2' });
    expect(r.fix).toContain('npm run ops -- bootstrap --out-dir');
  });

  test('GIVEN a standby or an odd health code WHEN evaluated THEN standby is ok and the odd code warns', () => {
    expect(evaluateSealState(state(seal(), 429), ADDRESS)[0]).toMatchObject({ status: 'ok', detail: expect.stringContaining('unsealed standby') });
    expect(evaluateSealState(state(seal(), 472), ADDRESS)[0]).toMatchObject({ status: 'warn', detail: expect.stringContaining('disaster-recovery secondary') });
  });

  test('GIVEN no answer WHEN evaluated THEN FAIL with the error and not serving', () => {
    const s: ServerState = { answered: false, error: 'cannot connect to the Vault server (connect ECONNREFUSED 127.0.0.1:8200)' };
    expect(evaluateSealState(s, ADDRESS)[0]).toMatchObject({ status: 'FAIL', detail: 'no answer to sys/seal-status: cannot connect to the Vault server (connect ECONNREFUSED 127.0.0.1:8200)' });
    expect(isServing(s)).toBe(false);
  });
});
