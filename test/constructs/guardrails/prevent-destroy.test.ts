import { Mount } from '@cdktf/provider-vault/lib/mount';
import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { AppRoleAuth } from '../../../constructs/approle-auth';
import { preventDestroyInProduction } from '../../../constructs/guardrails/prevent-destroy';
import { KvV2Engine } from '../../../constructs/kv-v2-engine';
import { TransitEngine } from '../../../constructs/transit-engine';
import { TransitKey } from '../../../constructs/transit-key';
import { fullSynth, guard, synthErrors, vaultStack, violation } from '../support';

function dataStack(preventDestroy: boolean) {
  const stack = vaultStack();
  new KvV2Engine(stack, 'kv', { preventDestroy });
  const transit = new TransitEngine(stack, 'transit', { preventDestroy });
  new TransitKey(stack, 'master-key', { engine: transit, keyName: 'hoodcloud-masterkey', preventDestroy });
  return stack;
}

const FIX = 'destroying or replacing this resource loses data, set preventDestroy: true';

describe('HC-DATA-1 (prevent_destroy on data in production)', () => {
  test('GIVEN KV, transit and the key with preventDestroy in production WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(guard(dataStack(true), preventDestroyInProduction, true))).not.toThrow();
  });

  test('GIVEN the master key without preventDestroy in production WHEN synthesized THEN it fails naming rule, key, field, value and fix', () => {
    const stack = vaultStack();
    new TransitKey(stack, 'master-key', { engine: new TransitEngine(stack, 'transit', { preventDestroy: true }), keyName: 'hoodcloud-masterkey' });
    expect(() => fullSynth(guard(stack, preventDestroyInProduction, true))).toThrow(
      violation('HC-DATA-1', 'test/master-key/key', 'lifecycle.prevent_destroy', null, FIX),
    );
  });

  test('GIVEN nothing with preventDestroy in production WHEN synthesized THEN the KV mount, transit mount and key are all reported at once', () => {
    expect(synthErrors(guard(dataStack(false), preventDestroyInProduction, true))).toEqual([
      expect.stringMatching(violation('HC-DATA-1', 'test/kv/mount', 'lifecycle.prevent_destroy', null, FIX)),
      expect.stringMatching(violation('HC-DATA-1', 'test/transit/mount', 'lifecycle.prevent_destroy', null, FIX)),
      expect.stringMatching(violation('HC-DATA-1', 'test/master-key/key', 'lifecycle.prevent_destroy', null, FIX)),
    ]);
  });

  test('GIVEN prevent_destroy missing outside production WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(guard(dataStack(false), preventDestroyInProduction, false))).not.toThrow();
  });

  test('GIVEN a raw key with preventDestroy explicitly false in production WHEN synthesized THEN it fails with value false', () => {
    const stack = vaultStack();
    new TransitSecretBackendKey(stack, 'raw', { backend: 'transit', name: 'k', lifecycle: { preventDestroy: false } });
    expect(() => fullSynth(guard(stack, preventDestroyInProduction, true))).toThrow(violation('HC-DATA-1', 'test/raw', 'lifecycle.prevent_destroy', false, FIX));
  });

  test('GIVEN a raw kv-v2 typed mount without preventDestroy in production WHEN synthesized THEN it fails', () => {
    const stack = vaultStack();
    new Mount(stack, 'apps', { path: 'apps', type: 'kv-v2' });
    expect(() => fullSynth(guard(stack, preventDestroyInProduction, true))).toThrow(violation('HC-DATA-1', 'test/apps', 'lifecycle.prevent_destroy', null, FIX));
  });

  test('GIVEN only resources that hold no data (KV settings, auth backend, a pki mount) in production WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv', { preventDestroy: true });
    new AppRoleAuth(stack, 'approle');
    new Mount(stack, 'pki', { path: 'pki', type: 'pki' });
    expect(() => fullSynth(guard(stack, preventDestroyInProduction, true))).not.toThrow();
  });
});
