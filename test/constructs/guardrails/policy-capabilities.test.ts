import { portableCapabilities } from '../../../constructs/guardrails/policy-capabilities';
import { PORTABLE_CAPABILITIES } from '../../../policies/capabilities';
import { fullSynth, guard, policy, synthErrors, vaultStack, violation } from '../support';

describe('HC-POLICY-1 (portable capabilities only)', () => {
  test('GIVEN every portable capability WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    policy(stack, 'ops', 'operator').document.addRule('sys/mounts', PORTABLE_CAPABILITIES, 'all of them');
    expect(() => fullSynth(guard(stack, portableCapabilities))).not.toThrow();
  });

  test('GIVEN subscribe (Vault-only) WHEN synthesized THEN it fails naming rule, policy, field, value and fix', () => {
    const stack = vaultStack();
    policy(stack, 'svc', 'service').document.addRawRule('secret/data/x', ['read', 'subscribe'], 'why');
    expect(() => fullSynth(guard(stack, portableCapabilities))).toThrow(
      violation('HC-POLICY-1', 'test/svc', 'path "secret/data/x".capabilities', 'subscribe', 'use one of create, read, update, patch, delete, list, sudo, deny'),
    );
  });

  test('GIVEN patch (newest portable capability) WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    policy(stack, 'svc', 'service').document.addRule('secret/data/x', ['patch'], 'why');
    expect(() => fullSynth(guard(stack, portableCapabilities))).not.toThrow();
  });

  test('GIVEN scan (OpenBao-only) WHEN synthesized THEN it fails', () => {
    const stack = vaultStack();
    policy(stack, 'svc', 'service').document.addRawRule('secret/metadata/x', ['scan'], 'why');
    expect(() => fullSynth(guard(stack, portableCapabilities))).toThrow(violation('HC-POLICY-1', 'test/svc', 'path "secret/metadata/x".capabilities', 'scan', 'is not portable'));
  });

  test('GIVEN Read in upper case WHEN synthesized THEN it fails (capabilities are case-sensitive)', () => {
    const stack = vaultStack();
    policy(stack, 'svc', 'service').document.addRawRule('secret/data/x', ['Read'], 'why');
    expect(() => fullSynth(guard(stack, portableCapabilities))).toThrow(violation('HC-POLICY-1', 'test/svc', 'path "secret/data/x".capabilities', 'Read', 'is not portable'));
  });

  test('GIVEN bad capabilities in two policies WHEN synthesized THEN every one is reported at once', () => {
    const stack = vaultStack();
    policy(stack, 'a', 'service').document.addRawRule('secret/data/a', ['subscribe', 'recover'], 'why');
    policy(stack, 'b', 'operator').document.addRawRule('sys/x', ['root'], 'why');
    expect(synthErrors(guard(stack, portableCapabilities))).toEqual([
      expect.stringMatching(violation('HC-POLICY-1', 'test/a', 'path "secret/data/a".capabilities', 'recover', 'is not portable')),
      expect.stringMatching(violation('HC-POLICY-1', 'test/a', 'path "secret/data/a".capabilities', 'subscribe', 'is not portable')),
      expect.stringMatching(violation('HC-POLICY-1', 'test/b', 'path "sys/x".capabilities', 'root', 'is not portable')),
    ]);
  });
});
