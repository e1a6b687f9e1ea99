import { TerraformStack } from 'cdktf';
import { AppRoleAuth } from '../../../constructs/approle-auth';
import { applyGuardrails, suppressGuardrail } from '../../../constructs/guardrails';
import { bindingPrefixBound } from '../../../constructs/guardrails/binding-prefix-bound';
import { appRole, fullSynth, guard, synthErrors, vaultStack, violation } from '../support';
import { guardrailMetadata, REASON, roleStack } from './guardrail-support';

const ROLE = 'test/svc/role';
const FIX = 'narrow it to the servers that use the role, or suppress HC-CIDR-4 on the role with a written reason';

function prod(secretIdBoundCidrs: string[], tokenBoundCidrs?: string[]): TerraformStack {
  return guard(roleStack(secretIdBoundCidrs, tokenBoundCidrs).stack, bindingPrefixBound, true);
}

describe('HC-CIDR-4 (binding breadth bounded in production)', () => {
  test('GIVEN a /16 (exactly the default IPv4 bound) in production WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(prod(['10.1.0.0/16'], ['10.1.0.0/16']))).not.toThrow();
  });

  test('GIVEN a /15 (one bit broader) in production WHEN synthesized THEN it fails naming rule, role, field, value and fix', () => {
    expect(() => fullSynth(prod(['10.0.0.0/15']))).toThrow(
      violation('HC-CIDR-4', ROLE, 'secret_id_bound_cidrs[0]', '10.0.0.0/15', `is broader than /16, the IPv4 bound of production; ${FIX}`),
    );
  });

  test('GIVEN an IPv6 /48 (the default IPv6 bound) in production WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(prod(['2001:db8:1::/48'], ['2001:db8:1::/48']))).not.toThrow();
  });

  test('GIVEN an IPv6 /47 in production WHEN synthesized THEN it fails against the IPv6 bound', () => {
    expect(() => fullSynth(prod(['10.0.1.5/32'], ['2001:db8::/47']))).toThrow(violation('HC-CIDR-4', ROLE, 'token_bound_cidrs[0]', '2001:db8::/47', 'is broader than /48, the IPv6 bound of production'));
  });

  // ::ffff:10.0.0.0/111 is the IPv4 block 10.0.0.0/15 as the server reads it: the IPv4 bound applies.
  test('GIVEN an IPv4-mapped /111 (IPv4 /15) in production WHEN synthesized THEN it fails against the IPv4 bound', () => {
    expect(() => fullSynth(prod(['::ffff:10.0.0.0/111']))).toThrow(violation('HC-CIDR-4', ROLE, 'secret_id_bound_cidrs[0]', '::ffff:a00:0/111', 'is broader than /16, the IPv4 bound of production'));
  });

  test('GIVEN the same /15 outside production WHEN synthesized THEN it passes (the rule is for production)', () => {
    expect(() => fullSynth(guard(roleStack(['10.0.0.0/15']).stack, bindingPrefixBound, false))).not.toThrow();
  });

  test('GIVEN bounds /24 and /64 passed in the options WHEN a /24 and a /23 are bound THEN only the /23 fails, against /24', () => {
    const { stack } = roleStack(['10.0.1.0/24', '10.0.2.0/23'], ['2001:db8::/64']);
    applyGuardrails(stack, { production: true, cidrPrefixBounds: { ipv4: 24, ipv6: 64 }, rules: [bindingPrefixBound] });
    expect(synthErrors(stack)).toEqual([expect.stringMatching(violation('HC-CIDR-4', ROLE, 'secret_id_bound_cidrs[1]', '10.0.2.0/23', 'is broader than /24, the IPv4 bound of production'))]);
  });

  test('GIVEN looser bounds (/8) passed in the options WHEN a /15 is bound THEN it passes', () => {
    const { stack } = roleStack(['10.0.0.0/15']);
    applyGuardrails(stack, { production: true, cidrPrefixBounds: { ipv4: 8, ipv6: 32 }, rules: [bindingPrefixBound] });
    expect(() => fullSynth(stack)).not.toThrow();
  });

  test('GIVEN a /15 with a reasoned suppression on the AppRole WHEN synthesized THEN it passes and the reason is in the stack metadata', () => {
    const { stack, role } = roleStack(['10.0.0.0/15']);
    suppressGuardrail(role, 'HC-CIDR-4', REASON);
    guard(stack, bindingPrefixBound, true);
    expect(guardrailMetadata(fullSynth(stack)).guardrail_suppressions).toEqual([{ rule: 'HC-CIDR-4', construct: ROLE, field: 'secret_id_bound_cidrs[0]', reason: REASON }]);
  });

  test('GIVEN a suppression with a short reason WHEN suppressing THEN it is refused (near miss of the reasoned suppression)', () => {
    const { role } = roleStack(['10.0.0.0/15']);
    expect(() => suppressGuardrail(role, 'HC-CIDR-4', 'ops wants it')).toThrow(/suppressGuardrail\(test\/svc, HC-CIDR-4\): reason = "ops wants it": expected a written reason/);
  });

  test('GIVEN a suppression of another rule (HC-CIDR-2) WHEN a /15 is bound THEN HC-CIDR-4 still fails', () => {
    const { stack, role } = roleStack(['10.0.0.0/15']);
    suppressGuardrail(role, 'HC-CIDR-2', REASON);
    expect(() => fullSynth(guard(stack, bindingPrefixBound, true))).toThrow(violation('HC-CIDR-4', ROLE, 'secret_id_bound_cidrs[0]', '10.0.0.0/15', FIX));
  });

  test('GIVEN two broad roles and a suppression on one WHEN synthesized THEN only the other is reported', () => {
    const stack = vaultStack();
    const auth = new AppRoleAuth(stack, 'approle');
    suppressGuardrail(appRole(stack, 'farm', { auth, secretIdBoundCidrs: ['10.0.0.0/8'] }), 'HC-CIDR-4', REASON);
    appRole(stack, 'other', { auth, secretIdBoundCidrs: ['10.0.0.0/8'], tokenBoundCidrs: ['172.16.0.0/12'] });
    expect(synthErrors(guard(stack, bindingPrefixBound, true))).toEqual([
      expect.stringMatching(violation('HC-CIDR-4', 'test/other/role', 'secret_id_bound_cidrs[0]', '10.0.0.0/8', 'is broader than /16')),
      expect.stringMatching(violation('HC-CIDR-4', 'test/other/role', 'token_bound_cidrs[0]', '172.16.0.0/12', 'is broader than /16')),
    ]);
  });

  test('GIVEN a binding that does not parse in production WHEN synthesized THEN HC-CIDR-4 leaves it to HC-CIDR-1', () => {
    expect(() => fullSynth(prod(['10.0.0.5/8']))).not.toThrow();
  });
});
