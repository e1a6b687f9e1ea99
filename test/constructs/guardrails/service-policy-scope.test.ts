import { Policy } from '@cdktf/provider-vault/lib/policy';
import { servicePolicyScope } from '../../../constructs/guardrails/service-policy-scope';
import { KvV2Engine } from '../../../constructs/kv-v2-engine';
import { isBareWildcardPath } from '../../../model/policy-path';
import { fullSynth, guard, policy, synthErrors, vaultStack, violation } from '../support';

describe('HC-POLICY-2 (service policies: no sudo, no bare wildcard)', () => {
  test('GIVEN a service policy built from a KV grant WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv').grantRead(policy(stack, 'svc', 'service'), 'hoodcloud/control-plane/*');
    expect(() => fullSynth(guard(stack, servicePolicyScope))).not.toThrow();
  });

  test('GIVEN sudo in a service policy WHEN synthesized THEN it fails naming rule, policy resource, field, value and fix', () => {
    const stack = vaultStack();
    policy(stack, 'svc', 'service').document.addRule('sys/audit', ['read', 'sudo'], 'why');
    expect(() => fullSynth(guard(stack, servicePolicyScope))).toThrow(
      violation('HC-POLICY-2', 'test/svc/policy', 'path "sys/audit".capabilities', 'sudo', 'gives a service root-protected endpoints; services never need sudo, remove it'),
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
    expect(() => fullSynth(guard(stack, servicePolicyScope))).toThrow(violation('HC-POLICY-2', 'test/svc/policy', 'path', '+/*', "matches every path in Vault; grant the service's own paths"));
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

  test('GIVEN a raw vault_policy with sudo on * WHEN synthesized THEN HC-POLICY-2 leaves it to HC-POLICY-5 (it has no kind)', () => {
    const stack = vaultStack();
    new Policy(stack, 'raw', { name: 'raw', policy: 'path "*" { capabilities = ["sudo"] }' });
    expect(() => fullSynth(guard(stack, servicePolicyScope))).not.toThrow();
  });

  test('GIVEN sudo on a bare * path in a service policy WHEN synthesized THEN both findings are reported at once', () => {
    const stack = vaultStack();
    policy(stack, 'svc', 'service').document.addRule('*', ['sudo'], 'why');
    expect(synthErrors(guard(stack, servicePolicyScope))).toEqual([
      expect.stringMatching(violation('HC-POLICY-2', 'test/svc/policy', 'path "*".capabilities', 'sudo', 'remove it')),
      expect.stringMatching(violation('HC-POLICY-2', 'test/svc/policy', 'path', '*', 'matches every path in Vault')),
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
