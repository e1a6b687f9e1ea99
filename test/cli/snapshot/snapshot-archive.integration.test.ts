// Integration: every case builds its archive with the system's GNU tar (support/fake-snapshot.ts), an
// external tool, like the other *.integration tests.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describeSnapshot, inspectSnapshot, SnapshotFileError } from '../../../cli/snapshot/snapshot-archive';
import { encodeState, fakeSnapshot, initializedState } from './support/fake-snapshot';

describe('snapshot archive', () => {
  test('GIVEN an intact snapshot WHEN inspected THEN size, sha256 of the file, raft position, entries and seal are reported', () => {
    const file = fakeSnapshot({ meta: { Index: 1234, Term: 7 } });
    const s = inspectSnapshot(file);
    expect(s).toEqual({
      bytes: file.length,
      sha256: createHash('sha256').update(file).digest('hex'),
      members: ['meta.json', 'state.bin', 'SHA256SUMS', 'SHA256SUMS.sealed'],
      raftIndex: 1234,
      raftTerm: 7,
      entries: 5,
      sealConfig: { type: 'shamir', shares: 5, threshold: 3 },
    });
    expect(describeSnapshot(s)).toEqual([
      `${file.length} bytes, sha256 ${s.sha256}`,
      'raft index 1234 (term 7), 5 storage entries, members meta.json, state.bin, SHA256SUMS, SHA256SUMS.sealed',
      "sealed by its cluster's shamir seal: a restore is unsealed with 3 of that cluster's 5 unseal shares",
    ]);
  });

  test.each([
    ['bytes that are not gzip', () => Buffer.from('plain text, not a snapshot'), /^not a gzip stream \(Z_DATA_ERROR\)$/],
    ['gzip that is not tar', () => gzipSync(Buffer.alloc(2048, 0x41)), /^not a valid tar archive: header at byte 0 has no ustar magic$/],
    ['a gzip stream cut short', () => fakeSnapshot().subarray(0, 200), /^not a gzip stream/],
    ['no SHA256SUMS', () => fakeSnapshot({ omit: ['SHA256SUMS'] }), /^the archive has no SHA256SUMS$/],
    ['no SHA256SUMS.sealed', () => fakeSnapshot({ omit: ['SHA256SUMS.sealed'] }), /^the archive has no SHA256SUMS.sealed$/],
    ['a state.bin that does not match SHA256SUMS', () => fakeSnapshot({ sums: `${'0'.repeat(64)}  state.bin\n${'1'.repeat(64)}  meta.json\n` }), /^(state\.bin|meta\.json) does not match its sha256 in SHA256SUMS \(corrupted\)$/],
    ['SHA256SUMS without meta.json', () => fakeSnapshot({ sums: `${'0'.repeat(64)}  state.bin\n` }), /^SHA256SUMS does not list meta.json$/],
    ['a garbled SHA256SUMS', () => fakeSnapshot({ sums: 'garbage\n' }), /^SHA256SUMS has a line that is not "<sha256> {2}<name>"$/],
    ['a member not covered by SHA256SUMS', () => fakeSnapshot({ extra: { 'extra.bin': 'x' } }), /^extra.bin not covered by SHA256SUMS$/],
  ])('GIVEN %s WHEN inspected THEN it is refused with the reason', (_what, make, reason) => {
    expect(() => inspectSnapshot(make())).toThrow(SnapshotFileError);
    expect(() => inspectSnapshot(make())).toThrow(reason);
  });

  test('GIVEN meta.json whose Size is not the length of state.bin WHEN inspected THEN both sizes are named', () => {
    const state = encodeState(initializedState());
    expect(() => inspectSnapshot(fakeSnapshot({ state, meta: { Size: state.length + 1 } }))).toThrow(`meta.json says state.bin has ${state.length + 1} bytes; it has ${state.length}`);
  });

  test('GIVEN meta.json without an Index WHEN inspected THEN the field is named', () => {
    expect(() => inspectSnapshot(fakeSnapshot({ meta: { Index: 'x' } }))).toThrow('meta.json has no integer Index');
  });

  test('GIVEN a state.bin without the seal configuration WHEN inspected THEN it is refused as not from an initialized server', () => {
    const state = encodeState(initializedState().filter(([k]) => k !== 'core/seal-config'));
    expect(() => inspectSnapshot(fakeSnapshot({ state }))).toThrow('state.bin: no core/seal-config among its 4 storage entries: not the snapshot of an initialized server');
  });

  test('GIVEN a secret-looking value in state.bin WHEN a refusal is described THEN the value never appears', () => {
    const secret = 'sup3r-s3cret-password-value';
    const state = encodeState([['logical/x', secret], ['core/seal-config', `{${secret}`], ['core/keyring', 'k']]);
    let message = '';
    try {
      inspectSnapshot(fakeSnapshot({ state }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('state.bin: core/seal-config is not JSON');
  });
});
