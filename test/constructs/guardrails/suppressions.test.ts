import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { Construct } from 'constructs';
import { applyGuardrails, guardrailFindings } from '../../../constructs/guardrails';
import { openBinding } from '../../../constructs/guardrails/open-binding';
import { findSuppression, suppressGuardrail } from '../../../constructs/guardrails/suppressions';
import { transitKeySafety } from '../../../constructs/guardrails/transit-key-safety';
import { AppRoleAuth } from '../../../constructs/approle-auth';
import { appRole, fullSynth, guard, synthErrors, vaultStack, violation } from '../support';
import { guardrailMetadata } from './guardrail-support';

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

  test('GIVEN a suppression of one rule WHEN two rules run THEN the other rule still reports', () => {
    const stack = vaultStack();
    suppressGuardrail(exportableKey(stack), 'HC-TRANSIT-1', REASON);
    appRole(stack, 'open', { auth: new AppRoleAuth(stack, 'approle'), secretIdBoundCidrs: ['0.0.0.0/0'] });
    applyGuardrails(stack, { production: false, rules: [transitKeySafety, openBinding] });
    expect(synthErrors(stack)).toEqual([expect.stringMatching(violation('HC-CIDR-2', 'test/open/role', 'secret_id_bound_cidrs', ['0.0.0.0/0'], 'admits every IPv4 address'))]);
  });

  test('GIVEN a reason shorter than 20 characters WHEN suppressing THEN it throws naming construct, rule, reason and what is expected', () => {
    const key = exportableKey(vaultStack());
    expect(() => suppressGuardrail(key, 'HC-TRANSIT-1', 'needed for testing')).toThrow(
      'suppressGuardrail(test/raw, HC-TRANSIT-1): reason = "needed for testing": expected a written reason of at least 20 characters',
    );
  });

  test('GIVEN a reason padded with spaces to 20 characters WHEN suppressing THEN it throws (the reason is trimmed)', () => {
    const key = exportableKey(vaultStack());
    expect(() => suppressGuardrail(key, 'HC-TRANSIT-1', '   ok because yes   ')).toThrow(/reason = " {3}ok because yes {3}": expected a written reason/);
  });

  test('GIVEN a reason of exactly 20 characters WHEN suppressing THEN it is recorded, trimmed', () => {
    const key = exportableKey(vaultStack());
    suppressGuardrail(key, 'HC-TRANSIT-1', ' 12345678901234567890 ');
    expect(findSuppression(key, 'HC-TRANSIT-1')).toEqual({ id: 'HC-TRANSIT-1', reason: '12345678901234567890' });
  });

  // A reviewer of the output (or the review tool) must see which risks were accepted and why.
  test('GIVEN a suppression WHEN synthesized THEN rule, construct, field and reason appear in the stack\'s // metadata', () => {
    const stack = vaultStack();
    suppressGuardrail(exportableKey(stack), 'HC-TRANSIT-1', REASON);
    const written = fullSynth(guard(stack, transitKeySafety));
    expect(guardrailMetadata(written).guardrail_suppressions).toEqual([{ rule: 'HC-TRANSIT-1', construct: 'test/raw', field: 'exportable', reason: REASON }]);
  });

  test('GIVEN a suppressed finding WHEN the findings are read THEN it is kept with its reason, not dropped', () => {
    const stack = vaultStack();
    suppressGuardrail(exportableKey(stack), 'HC-TRANSIT-1', REASON);
    fullSynth(guard(stack, transitKeySafety));
    expect(guardrailFindings(stack)).toEqual([expect.objectContaining({ rule: 'HC-TRANSIT-1', construct: 'test/raw', suppressedBecause: REASON })]);
  });

  test('GIVEN no violation WHEN synthesized THEN no suppression metadata is written, even with a suppression in place', () => {
    const stack = vaultStack();
    suppressGuardrail(new TransitSecretBackendKey(stack, 'safe', { backend: 'transit', name: 'k' }), 'HC-TRANSIT-1', REASON);
    expect(guardrailMetadata(fullSynth(guard(stack, transitKeySafety))).guardrail_suppressions).toBeUndefined();
  });

  test('GIVEN no suppression WHEN looking one up THEN there is none', () => {
    expect(findSuppression(exportableKey(vaultStack()), 'HC-TRANSIT-1')).toBeUndefined();
  });
});
