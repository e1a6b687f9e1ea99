import { Construct } from 'constructs';
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { typedPoliciesOnly } from '../../../constructs/guardrails/typed-policies';
import { fullSynth, guard, policy, synthErrors, vaultStack, violation } from '../support';

describe('HC-POLICY-5 (typed policies only)', () => {
  test('GIVEN a VaultPolicy built from grants WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    policy(stack, 'svc', 'service').document.addRule('secret/data/x', ['read'], 'why');
    expect(() => fullSynth(guard(stack, typedPoliciesOnly))).not.toThrow();
  });

  test('GIVEN a raw vault_policy with a hand-written string WHEN synthesized THEN it fails naming rule, resource, field, value and fix', () => {
    const stack = vaultStack();
    new Policy(stack, 'raw', { name: 'hand-written', policy: 'path "*" { capabilities = ["sudo"] }' });
    expect(() => fullSynth(guard(stack, typedPoliciesOnly))).toThrow(
      violation('HC-POLICY-5', 'test/raw', 'policy', 'hand-written', 'is a hand-written policy string; build it as a VaultPolicy with grants'),
    );
  });

  test('GIVEN a raw vault_policy nested inside a plain construct WHEN synthesized THEN it still fails', () => {
    const stack = vaultStack();
    const wrapper = new Construct(stack, 'wrapper');
    new Policy(wrapper, 'policy', { name: 'nested', policy: 'path "secret/data/x" { capabilities = ["read"] }' });
    expect(synthErrors(guard(stack, typedPoliciesOnly))).toEqual([expect.stringMatching(violation('HC-POLICY-5', 'test/wrapper/policy', 'policy', 'nested', 'hand-written'))]);
  });

  test('GIVEN a second raw vault_policy added inside a VaultPolicy WHEN synthesized THEN it fails (only the policy it renders counts)', () => {
    const stack = vaultStack();
    const typed = policy(stack, 'svc', 'service');
    typed.document.addRule('secret/data/x', ['read'], 'why');
    new Policy(typed, 'extra', { name: 'smuggled', policy: 'path "*" { capabilities = ["sudo"] }' });
    expect(synthErrors(guard(stack, typedPoliciesOnly))).toEqual([expect.stringMatching(violation('HC-POLICY-5', 'test/svc/extra', 'policy', 'smuggled', 'hand-written'))]);
  });
});
