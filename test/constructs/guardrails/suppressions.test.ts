import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { Construct } from 'constructs';
import { findSuppression, suppressGuardrail } from '../../../constructs/guardrails/suppressions';
import { transitKeySafety } from '../../../constructs/guardrails/transit-key-safety';
import { noOpenCidr } from '../../../constructs/guardrails/approle-cidrs';
import { applyGuardrails } from '../../../constructs/guardrails';
import { AppRoleAuth } from '../../../constructs/approle-auth';
import { appRole, fullSynth, guard, synthErrors, vaultStack, violation } from '../support';

const REASON = 'escrow copy for the HSM migration, reviewed in SEC-142';

function exportableKey(scope: Construct, id = 'raw') {
  return new TransitSecretBackendKey(scope, id, { backend: 'transit', name: 'k', exportable: true });
}

describe('suppressGuardrail', () => {
  test('GIVEN a violation suppressed with a written reason WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    suppressGuardrail(exportableKey(stack), 'HC-TRANSIT-1', REASON);
    expect(() => fullSynth(guard(stack, transitKeySafety))).not.toThrow();
  });

  test('GIVEN a suppression on an ancestor WHEN synthesized THEN it covers the constructs under it', () => {
    const stack = vaultStack();
    const group = new Construct(stack, 'escrow');
    exportableKey(group);
    suppressGuardrail(group, 'HC-TRANSIT-1', REASON);
    expect(() => fullSynth(guard(stack, transitKeySafety))).not.toThrow();
  });

  test('GIVEN a suppression of a different rule id WHEN synthesized THEN the violation still fails', () => {
    const stack = vaultStack();
    suppressGuardrail(exportableKey(stack), 'HC-CIDR-2', REASON);
    expect(() => fullSynth(guard(stack, transitKeySafety))).toThrow(violation('HC-TRANSIT-1', 'test/raw', 'exportable', true, 'set it to false'));
  });

  test('GIVEN a suppression on a sibling WHEN synthesized THEN only the suppressed construct passes', () => {
    const stack = vaultStack();
    suppressGuardrail(exportableKey(stack, 'a'), 'HC-TRANSIT-1', REASON);
    exportableKey(stack, 'b');
    expect(synthErrors(guard(stack, transitKeySafety))).toEqual([expect.stringMatching(violation('HC-TRANSIT-1', 'test/b', 'exportable', true, 'set it to false'))]);
  });

  test('GIVEN a suppression of one rule WHEN all rules run THEN other rules still report', () => {
    const stack = vaultStack();
    suppressGuardrail(exportableKey(stack), 'HC-TRANSIT-1', REASON);
    appRole(stack, 'open', { auth: new AppRoleAuth(stack, 'approle'), secretIdBoundCidrs: ['0.0.0.0/0'] });
    applyGuardrails(stack, { production: false, rules: [transitKeySafety, noOpenCidr] });
    expect(synthErrors(stack)).toEqual([expect.stringMatching(violation('HC-CIDR-2', 'test/open/role', 'secret_id_bound_cidrs[0]', '0.0.0.0/0', 'admits every address'))]);
  });

  test('GIVEN a reason shorter than 20 characters WHEN suppressing THEN it throws naming construct, rule, reason and what is expected', () => {
    const stack = vaultStack();
    const key = exportableKey(stack);
    expect(() => suppressGuardrail(key, 'HC-TRANSIT-1', 'needed for testing')).toThrow(
      'suppressGuardrail(test/raw, HC-TRANSIT-1): reason = "needed for testing": expected a written reason of at least 20 characters',
    );
  });

  test('GIVEN a reason padded with spaces to 20 characters WHEN suppressing THEN it throws (the reason is trimmed)', () => {
    const stack = vaultStack();
    const key = exportableKey(stack);
    expect(() => suppressGuardrail(key, 'HC-TRANSIT-1', '   ok because yes   ')).toThrow(/reason = " {3}ok because yes {3}": expected a written reason/);
  });

  test('GIVEN a reason of exactly 20 characters WHEN suppressing THEN it is recorded, trimmed', () => {
    const stack = vaultStack();
    const key = exportableKey(stack);
    suppressGuardrail(key, 'HC-TRANSIT-1', ' 12345678901234567890 ');
    expect(findSuppression(key, 'HC-TRANSIT-1')).toEqual({ id: 'HC-TRANSIT-1', reason: '12345678901234567890' });
  });

  // suppressGuardrail's doc: "it appears in the synthesized metadata" -- a reviewer of the output
  // (or the review tool) must be able to see which risks were accepted and why.
  test('GIVEN a suppression WHEN synthesized THEN its rule id and reason appear in the written cdk.tf.json', () => {
    const stack = vaultStack();
    suppressGuardrail(exportableKey(stack), 'HC-TRANSIT-1', REASON);
    const written = fullSynth(guard(stack, transitKeySafety));
    expect(written).toContain(REASON);
    expect(written).toContain('HC-TRANSIT-1');
  });

  test('GIVEN no suppression WHEN looking one up THEN there is none', () => {
    const stack = vaultStack();
    expect(findSuppression(exportableKey(stack), 'HC-TRANSIT-1')).toBeUndefined();
  });
});
