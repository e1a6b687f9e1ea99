import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { bindingRequired } from '../../../constructs/guardrails/binding-required';
import { fullSynth, guard, synthErrors, validationErrors, vaultStack, violation } from '../support';
import { roleStack } from './guardrail-support';

const FIX = 'is missing in production; bind the role to the CIDRs of the servers that use it';

/** A role made without the AppRole construct (which refuses empty bindings itself). */
function rawRoleStack(bindings: { secretIdBoundCidrs?: string[]; tokenBoundCidrs?: string[] }) {
  const stack = vaultStack();
  new ApproleAuthBackendRole(stack, 'raw', { backend: 'approle', roleName: 'raw', ...bindings });
  return stack;
}

describe('HC-CIDR-3 (bindings required in production)', () => {
  test('GIVEN a production role with both bindings WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(guard(roleStack(['10.0.1.5/32'], ['10.0.1.5/32']).stack, bindingRequired, true))).not.toThrow();
  });

  test('GIVEN a raw production role with empty token_bound_cidrs WHEN synthesized THEN it fails naming rule, role, field, value and fix', () => {
    const stack = rawRoleStack({ secretIdBoundCidrs: ['10.0.1.5/32'], tokenBoundCidrs: [] });
    expect(() => fullSynth(guard(stack, bindingRequired, true))).toThrow(violation('HC-CIDR-3', 'test/raw', 'token_bound_cidrs', [], FIX));
  });

  test('GIVEN a raw production role with no binding fields at all WHEN synthesized THEN both fields are reported as null', () => {
    expect(synthErrors(guard(rawRoleStack({}), bindingRequired, true))).toEqual([
      expect.stringMatching(violation('HC-CIDR-3', 'test/raw', 'secret_id_bound_cidrs', null, FIX)),
      expect.stringMatching(violation('HC-CIDR-3', 'test/raw', 'token_bound_cidrs', null, FIX)),
    ]);
  });

  test('GIVEN a raw production role with one CIDR in each field WHEN synthesized THEN it passes (near miss of an empty list)', () => {
    expect(() => fullSynth(guard(rawRoleStack({ secretIdBoundCidrs: ['10.0.1.5/32'], tokenBoundCidrs: ['10.0.1.5/32'] }), bindingRequired, true))).not.toThrow();
  });

  test('GIVEN the same missing bindings outside production WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(guard(rawRoleStack({}), bindingRequired, false))).not.toThrow();
  });

  // The AppRole construct refuses an empty binding in every environment; the guardrail also reports it in production.
  test('GIVEN an AppRole with empty token bindings in production WHEN synthesized THEN the construct and the guardrail both refuse it', () => {
    const { stack } = roleStack(['10.0.1.5/32'], []);
    guard(stack, bindingRequired, true);
    expect(synthErrors(stack)).toEqual([expect.stringMatching(violation('HC-CIDR-3', 'test/svc/role', 'token_bound_cidrs', [], FIX))]);
    expect(validationErrors(stack)).toEqual([expect.stringContaining('tokenBoundCidrs = []: expected at least one CIDR')]);
  });

  test('GIVEN an AppRole with empty token bindings outside production WHEN synthesized THEN only the construct refuses it', () => {
    const { stack } = roleStack(['10.0.1.5/32'], []);
    guard(stack, bindingRequired, false);
    expect(synthErrors(stack)).toEqual([]);
    expect(validationErrors(stack)).toEqual([expect.stringContaining('tokenBoundCidrs = []: expected at least one CIDR')]);
  });
});
