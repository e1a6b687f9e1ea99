import { randomBytes } from 'node:crypto';
import { RaftStateError, readRaftState } from '../../../cli/snapshot/raft-state';
import { encodeState, initializedState, sealConfigJson } from './support/fake-snapshot';

describe('raft state (state.bin)', () => {
  test('GIVEN the storage entries of an initialized server WHEN read THEN it counts them and returns the seal configuration', () => {
    const state = encodeState([...initializedState(5, 3), ['logical/big', randomBytes(70_000)]]);
    expect(readRaftState(state)).toEqual({ entries: 6, sealConfig: { type: 'shamir', shares: 5, threshold: 3 } });
  });

  test('GIVEN no keyring WHEN read THEN it is not the snapshot of an initialized server', () => {
    const state = encodeState(initializedState().filter(([k]) => k !== 'core/keyring'));
    expect(() => readRaftState(state)).toThrow('no core/keyring among its 4 storage entries: not the snapshot of an initialized server');
  });

  test('GIVEN an empty state WHEN read THEN both required keys are named', () => {
    expect(() => readRaftState(Buffer.alloc(0))).toThrow('no core/seal-config, core/keyring among its 0 storage entries');
  });

  test('GIVEN a state cut inside an entry WHEN read THEN the truncation is reported with its position', () => {
    const state = encodeState(initializedState());
    expect(() => readRaftState(state.subarray(0, state.length - 10))).toThrow(RaftStateError);
    expect(() => readRaftState(state.subarray(0, state.length - 10))).toThrow(/storage entry at byte \d+ is truncated/);
  });

  test('GIVEN a seal configuration that is not JSON WHEN read THEN it says so without printing it', () => {
    const state = encodeState([['core/keyring', 'k'], ['core/seal-config', 'not-json-SECRETISH']]);
    expect(() => readRaftState(state)).toThrow('core/seal-config is not JSON');
  });

  test('GIVEN a seal configuration without a threshold WHEN read THEN the missing fields are named', () => {
    const state = encodeState([['core/keyring', 'k'], ['core/seal-config', JSON.stringify({ type: 'shamir', secret_shares: 5 })]]);
    expect(() => readRaftState(state)).toThrow('core/seal-config lacks type, secret_shares or secret_threshold');
  });

  test('GIVEN a single-share seal WHEN read THEN 1 of 1 is returned', () => {
    const state = encodeState([['core/keyring', 'k'], ['core/seal-config', sealConfigJson(1, 1)]]);
    expect(readRaftState(state).sealConfig).toEqual({ type: 'shamir', shares: 1, threshold: 1 });
  });
});
