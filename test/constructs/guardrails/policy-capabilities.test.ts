import { Policy } from '@cdktf/provider-vault/lib/policy';
import { portableCapabilities } from '../../../constructs/guardrails/policy-capabilities';
import { Capability, PORTABLE_CAPABILITIES } from '../../../model/capabilities';
import { PolicyDocument, PolicyRuleError } from '../../../model/policy-document';
import { fullSynth, guard, policy, synthErrors, vaultStack, violation } from '../support';

const PORTABLE_FIX = 'use one of create, read, update, patch, delete, list, sudo, deny';

/** A hand-written vault_policy: the builder refuses unknown capabilities, so this is how they reach the rule. */
function rawPolicy(name: string, text: string) {
  const stack = vaultStack();
  new Policy(stack, 'raw', { name, policy: text });
  return guard(stack, portableCapabilities);
}

describe('HC-POLICY-1 (policies parse and use portable capabilities)', () => {
  test('GIVEN every portable capability from the builder WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    policy(stack, 'ops', 'operator').document.addRule('sys/mounts', PORTABLE_CAPABILITIES, 'all of them');
    expect(() => fullSynth(guard(stack, portableCapabilities))).not.toThrow();
  });

  test('GIVEN scan (OpenBao-only, which the builder admits) WHEN synthesized THEN it fails naming rule, policy resource, field, value and fix', () => {
    const stack = vaultStack();
    policy(stack, 'svc', 'service').document.addRule('secret/metadata/x', ['list', 'scan'], 'why');
    expect(() => fullSynth(guard(stack, portableCapabilities))).toThrow(
      violation('HC-POLICY-1', 'test/svc/policy', 'path "secret/metadata/x".capabilities', 'scan', `is not portable (Vault rejects it, or OpenBao does); ${PORTABLE_FIX}`),
    );
  });

  test('GIVEN list without scan WHEN synthesized THEN it passes (near miss of scan)', () => {
    const stack = vaultStack();
    policy(stack, 'svc', 'service').document.addRule('secret/metadata/x', ['list'], 'why');
    expect(() => fullSynth(guard(stack, portableCapabilities))).not.toThrow();
  });

  test('GIVEN a Vault-only capability (subscribe) WHEN added to the builder THEN the builder refuses it at addRule', () => {
    expect(() => new PolicyDocument().addRule('secret/data/x', ['subscribe' as Capability], 'why')).toThrow(PolicyRuleError);
  });

  test('GIVEN a raw policy with subscribe (Vault-only) WHEN synthesized THEN it fails: the server-side parser refuses it', () => {
    expect(() => fullSynth(rawPolicy('raw-sub', 'path "secret/data/x" {\n  capabilities = ["read", "subscribe"]\n}\n'))).toThrow(
      violation('HC-POLICY-1', 'test/raw', 'policy', 'raw-sub', 'does not parse as the server reads policies: path "secret/data/x": invalid capability "subscribe"'),
    );
  });

  test('GIVEN a raw policy with Read in upper case WHEN synthesized THEN it fails (capabilities are case-sensitive)', () => {
    expect(() => fullSynth(rawPolicy('raw-case', 'path "secret/data/x" {\n  capabilities = ["Read"]\n}\n'))).toThrow(violation('HC-POLICY-1', 'test/raw', 'policy', 'raw-case', 'invalid capability "Read"'));
  });

  test('GIVEN a raw policy with scan WHEN synthesized THEN it fails as not portable (it parses: OpenBao accepts scan)', () => {
    expect(() => fullSynth(rawPolicy('raw-scan', 'path "secret/metadata/x" {\n  capabilities = ["scan"]\n}\n'))).toThrow(
      violation('HC-POLICY-1', 'test/raw', 'path "secret/metadata/x".capabilities', 'scan', 'is not portable'),
    );
  });

  test('GIVEN a raw policy with a syntax error WHEN synthesized THEN it fails naming the policy', () => {
    expect(() => fullSynth(rawPolicy('raw-broken', 'path "secret/data/x" {\n  capabilities = ["read"\n'))).toThrow(violation('HC-POLICY-1', 'test/raw', 'policy', 'raw-broken', 'does not parse as the server reads policies: syntax error'));
  });

  test('GIVEN a raw policy with an unknown key WHEN synthesized THEN it fails naming the key', () => {
    expect(() => fullSynth(rawPolicy('raw-key', 'path "secret/data/x" {\n  capabilites = ["read"]\n}\n'))).toThrow(violation('HC-POLICY-1', 'test/raw', 'policy', 'raw-key', 'invalid key "capabilites"'));
  });

  test('GIVEN a raw policy with deny and the legacy policy = "write" WHEN synthesized THEN it passes (both read as portable capabilities)', () => {
    expect(() => fullSynth(rawPolicy('raw-ok', 'path "sys/raw" {\n  capabilities = ["deny"]\n}\npath "secret/data/x" {\n  policy = "write"\n}\n'))).not.toThrow();
  });

  // Vault reads capabilities in order and refuses "scan" before it reaches "deny"; OpenBao accepts both.
  // The parser clears the granted set at deny, so the rule never sees the scan.
  test('GIVEN a raw policy with scan listed before deny WHEN synthesized THEN it fails (Vault refuses scan before deny)', () => {
    expect(() => fullSynth(rawPolicy('raw-scan-deny', 'path "secret/metadata/x" {\n  capabilities = ["scan", "deny"]\n}\n'))).toThrow(
      violation('HC-POLICY-1', 'test/raw', 'path "secret/metadata/x".capabilities', 'scan', 'is not portable'),
    );
  });

  test('GIVEN non-portable capabilities in two policies WHEN synthesized THEN every one is reported at once', () => {
    const stack = vaultStack();
    policy(stack, 'a', 'service').document.addRule('secret/metadata/a', ['scan'], 'why').addRule('secret/metadata/b', ['list', 'scan'], 'why');
    new Policy(stack, 'raw', { name: 'raw', policy: 'path "sys/x" { capabilities = ["recover"] }' });
    expect(synthErrors(guard(stack, portableCapabilities))).toEqual([
      expect.stringMatching(violation('HC-POLICY-1', 'test/a/policy', 'path "secret/metadata/a".capabilities', 'scan', 'is not portable')),
      expect.stringMatching(violation('HC-POLICY-1', 'test/a/policy', 'path "secret/metadata/b".capabilities', 'scan', 'is not portable')),
      expect.stringMatching(violation('HC-POLICY-1', 'test/raw', 'policy', 'raw', 'invalid capability "recover"')),
    ]);
  });
});
