import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { transitKeySafety } from '../../../constructs/guardrails/transit-key-safety';
import { TransitEngine } from '../../../constructs/transit-engine';
import { TransitKey } from '../../../constructs/transit-key';
import { fullSynth, guard, synthErrors, vaultStack, violation } from '../support';

const FIX = 'set it to false (exportable and plaintext backup are irreversible on the server)';

describe('HC-TRANSIT-1 (no exportable, plaintext-backup or deletable transit key)', () => {
  test('GIVEN a TransitKey with its defaults WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    new TransitKey(stack, 'master-key', { engine: new TransitEngine(stack, 'transit'), keyName: 'hoodcloud-masterkey' });
    expect(() => fullSynth(guard(stack, transitKeySafety))).not.toThrow();
  });

  test('GIVEN a raw key with exportable true WHEN synthesized THEN it fails naming rule, key, field, value and fix', () => {
    const stack = vaultStack();
    new TransitSecretBackendKey(stack, 'raw', { backend: 'transit', name: 'k', exportable: true });
    expect(() => fullSynth(guard(stack, transitKeySafety))).toThrow(violation('HC-TRANSIT-1', 'test/raw', 'exportable', true, FIX));
  });

  test.each([
    ['allowPlaintextBackup', 'allow_plaintext_backup'],
    ['deletionAllowed', 'deletion_allowed'],
  ] as const)('GIVEN a raw key with %s true WHEN synthesized THEN it fails on %s', (prop, field) => {
    const stack = vaultStack();
    new TransitSecretBackendKey(stack, 'raw', { backend: 'transit', name: 'k', [prop]: true });
    expect(() => fullSynth(guard(stack, transitKeySafety))).toThrow(violation('HC-TRANSIT-1', 'test/raw', field, true, 'lets the key (k) leave Vault or be destroyed'));
  });

  test('GIVEN the TransitKey opt-in exportable: true WHEN synthesized THEN the guardrail still fails it (an opt-in needs a suppression)', () => {
    const stack = vaultStack();
    new TransitKey(stack, 'master-key', { engine: new TransitEngine(stack, 'transit'), keyName: 'hoodcloud-masterkey', exportable: true });
    expect(() => fullSynth(guard(stack, transitKeySafety))).toThrow(violation('HC-TRANSIT-1', 'test/master-key/key', 'exportable', true, FIX));
  });

  test('GIVEN a raw key that sets all three explicitly false WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    new TransitSecretBackendKey(stack, 'raw', { backend: 'transit', name: 'k', exportable: false, allowPlaintextBackup: false, deletionAllowed: false });
    expect(() => fullSynth(guard(stack, transitKeySafety))).not.toThrow();
  });

  test('GIVEN a raw key that leaves all three unset (provider default false) WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    new TransitSecretBackendKey(stack, 'raw', { backend: 'transit', name: 'k' });
    expect(() => fullSynth(guard(stack, transitKeySafety))).not.toThrow();
  });

  test('GIVEN a key with all three risky flags WHEN synthesized THEN all three are reported at once', () => {
    const stack = vaultStack();
    new TransitSecretBackendKey(stack, 'raw', { backend: 'transit', name: 'k', exportable: true, allowPlaintextBackup: true, deletionAllowed: true });
    expect(synthErrors(guard(stack, transitKeySafety))).toEqual([
      expect.stringMatching(violation('HC-TRANSIT-1', 'test/raw', 'exportable', true, FIX)),
      expect.stringMatching(violation('HC-TRANSIT-1', 'test/raw', 'allow_plaintext_backup', true, FIX)),
      expect.stringMatching(violation('HC-TRANSIT-1', 'test/raw', 'deletion_allowed', true, FIX)),
    ]);
  });
});
