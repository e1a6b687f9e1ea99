import { isBareWildcardPath, servicePolicyScope } from '../../../constructs/guardrails/service-policy-scope';
import { KvV2Engine } from '../../../constructs/kv-v2-engine';
import { fullSynth, guard, policy, synthErrors, vaultStack, violation } from '../support';

describe('HC-POLICY-2 (service policies: no sudo, no bare wildcard)', () => {
  test('GIVEN a service policy built from a KV grant WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    const kv = new KvV2Engine(stack, 'kv');
    kv.grantRead(policy(stack, 'svc', 'service'), 'hoodcloud/control-plane/*');
    expect(() => fullSynth(guard(stack, servicePolicyScope))).not.toThrow();
  });

  test('GIVEN sudo in a service policy WHEN synthesized THEN it fails naming rule, policy, field, value and fix', () => {
    const stack = vaultStack();
    policy(stack, 'svc', 'service').document.addRule('sys/audit', ['read', 'sudo'], 'why');
    expect(() => fullSynth(guard(stack, servicePolicyScope))).toThrow(
      violation('HC-POLICY-2', 'test/svc', 'path "sys/audit".capabilities', 'sudo', 'services never need sudo, remove it'),
    );
  });

  test('GIVEN the same sudo rule in an operator policy WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    policy(stack, 'ops', 'operator').document.addRule('sys/audit', ['read', 'sudo'], 'why');
    expect(() => fullSynth(guard(stack, servicePolicyScope))).not.toThrow();
  });

  test('GIVEN a bare +/* path in a service policy WHEN synthesized THEN it fails naming rule, policy, field, value and fix', () => {
    const stack = vaultStack();
    policy(stack, 'svc', 'service').document.addRule('+/*', ['read'], 'why');
    expect(() => fullSynth(guard(stack, servicePolicyScope))).toThrow(
      violation('HC-POLICY-2', 'test/svc', 'path', '+/*', "grant the service's own paths"),
    );
  });

  test('GIVEN secret/+/x (a wildcard segment under a named mount) in a service policy WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    policy(stack, 'svc', 'service').document.addRule('secret/+/x', ['read'], 'why');
    expect(() => fullSynth(guard(stack, servicePolicyScope))).not.toThrow();
  });

  test('GIVEN a bare * path in an operator policy WHEN synthesized THEN it passes (the rule is for services)', () => {
    const stack = vaultStack();
    policy(stack, 'ops', 'operator').document.addRule('*', ['read'], 'why');
    expect(() => fullSynth(guard(stack, servicePolicyScope))).not.toThrow();
  });

  test('GIVEN sudo on a bare * path in a service policy WHEN synthesized THEN both findings are reported at once', () => {
    const stack = vaultStack();
    policy(stack, 'svc', 'service').document.addRule('*', ['sudo'], 'why');
    expect(synthErrors(guard(stack, servicePolicyScope))).toEqual([
      expect.stringMatching(violation('HC-POLICY-2', 'test/svc', 'path "*".capabilities', 'sudo', 'remove it')),
      expect.stringMatching(violation('HC-POLICY-2', 'test/svc', 'path', '*', 'matches every path in Vault')),
    ]);
  });

  test.each([
    ['*', true],
    ['+', true],
    ['+/*', true],
    ['+/+/*', true],
    ['/*', true],
    ['secret/*', false],
    ['secret/+/x', false],
    ['+/data/*', false],
    ['s*', false],
  ])('GIVEN path %j WHEN isBareWildcardPath THEN %j', (path, expected) => {
    expect(isBareWildcardPath(path)).toBe(expected);
  });
});
