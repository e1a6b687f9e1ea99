import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { AppRoleAuth } from '../../../constructs/approle-auth';
import { bindingRequiredInProduction, cidrParses, noOpenCidr } from '../../../constructs/guardrails/approle-cidrs';
import { appRole, fullSynth, guard, synthErrors, vaultStack, violation } from '../support';

function roleStack(secretIdBoundCidrs: string[], tokenBoundCidrs: string[] = ['10.0.1.5/32']) {
  const stack = vaultStack();
  const auth = new AppRoleAuth(stack, 'approle');
  appRole(stack, 'svc', { auth, secretIdBoundCidrs, tokenBoundCidrs });
  return stack;
}

describe('HC-CIDR-1 (CIDRs parse)', () => {
  test('GIVEN IPv4 and IPv6 CIDRs WHEN synthesized THEN it passes', () => {
    const stack = guard(roleStack(['10.0.1.5/32', '2001:db8::/64'], ['10.0.0.0/24', '2001:db8::1/128']), cidrParses);
    expect(() => fullSynth(stack)).not.toThrow();
  });

  test('GIVEN an address with an octet over 255 WHEN synthesized THEN it fails naming rule, role, field, value and fix', () => {
    const stack = guard(roleStack(['10.0.1.300/32']), cidrParses);
    expect(() => fullSynth(stack)).toThrow(
      violation('HC-CIDR-1', 'test/svc/role', 'secret_id_bound_cidrs[0]', '10.0.1.300/32', 'write an address with a prefix length such as 10.0.1.5/32'),
    );
  });

  test('GIVEN a bare host address (no prefix) WHEN synthesized THEN it passes (a single host)', () => {
    const stack = guard(roleStack(['10.0.1.5']), cidrParses);
    expect(() => fullSynth(stack)).not.toThrow();
  });

  test('GIVEN an IPv4 prefix of 33 (one past the maximum) WHEN synthesized THEN it fails', () => {
    const stack = guard(roleStack(['10.0.1.5/32'], ['10.0.1.5/33']), cidrParses);
    expect(() => fullSynth(stack)).toThrow(violation('HC-CIDR-1', 'test/svc/role', 'token_bound_cidrs[0]', '10.0.1.5/33', 'does not parse as a CIDR'));
  });

  test('GIVEN several bad CIDRs in both fields WHEN synthesized THEN every one is reported at once', () => {
    const stack = guard(roleStack(['10.0.1.5/32', 'server-a', '10.0.0.0/8/8'], ['localhost']), cidrParses);
    expect(synthErrors(stack)).toEqual([
      expect.stringMatching(violation('HC-CIDR-1', 'test/svc/role', 'secret_id_bound_cidrs[1]', 'server-a', 'does not parse')),
      expect.stringMatching(violation('HC-CIDR-1', 'test/svc/role', 'secret_id_bound_cidrs[2]', '10.0.0.0/8/8', 'does not parse')),
      expect.stringMatching(violation('HC-CIDR-1', 'test/svc/role', 'token_bound_cidrs[0]', 'localhost', 'does not parse')),
    ]);
  });
});

describe('HC-CIDR-2 (no open CIDR)', () => {
  test('GIVEN a private network CIDR WHEN synthesized THEN it passes', () => {
    const stack = guard(roleStack(['10.0.0.0/8'], ['10.0.0.0/8']), noOpenCidr);
    expect(() => fullSynth(stack)).not.toThrow();
  });

  test('GIVEN token_bound_cidrs 0.0.0.0/0 WHEN synthesized THEN it fails naming rule, role, field, value and fix', () => {
    const stack = guard(roleStack(['10.0.1.5/32'], ['0.0.0.0/0']), noOpenCidr);
    expect(() => fullSynth(stack)).toThrow(
      violation('HC-CIDR-2', 'test/svc/role', 'token_bound_cidrs[0]', '0.0.0.0/0', 'bind the role to the CIDRs of the servers that use it'),
    );
  });

  test('GIVEN secret_id_bound_cidrs ::/0 WHEN synthesized THEN it fails', () => {
    const stack = guard(roleStack(['10.0.1.5/32', '::/0']), noOpenCidr);
    expect(() => fullSynth(stack)).toThrow(violation('HC-CIDR-2', 'test/svc/role', 'secret_id_bound_cidrs[1]', '::/0', 'admits every address'));
  });

  test('GIVEN 0.0.0.0/1 (half the space, not all of it) and a /32 host WHEN synthesized THEN it passes', () => {
    const stack = guard(roleStack(['0.0.0.0/1'], ['203.0.113.9/32']), noOpenCidr);
    expect(() => fullSynth(stack)).not.toThrow();
  });

  test('GIVEN a /0 on a non-zero address (10.0.0.0/0 admits everything too) WHEN synthesized THEN it fails', () => {
    const stack = guard(roleStack(['10.0.0.0/0']), noOpenCidr);
    expect(() => fullSynth(stack)).toThrow(violation('HC-CIDR-2', 'test/svc/role', 'secret_id_bound_cidrs[0]', '10.0.0.0/0', 'admits every address'));
  });

  // Go's net.ParseCIDR("::ffff:0.0.0.0/96") yields 0.0.0.0/0 (Vault checks secret_id_bound_cidrs with it,
  // and go-sockaddr converts the mask the same way for token_bound_cidrs): every IPv4 client is admitted.
  test('GIVEN the IPv4-mapped ::ffff:0.0.0.0/96 (Vault reads it as 0.0.0.0/0) WHEN synthesized THEN it fails', () => {
    const stack = guard(roleStack(['::ffff:0.0.0.0/96']), noOpenCidr);
    expect(() => fullSynth(stack)).toThrow(violation('HC-CIDR-2', 'test/svc/role', 'secret_id_bound_cidrs[0]', '::ffff:0:0/96', 'admits every address'));
  });

  test('GIVEN two roles with open CIDRs WHEN synthesized THEN both are reported at once', () => {
    const stack = vaultStack();
    const auth = new AppRoleAuth(stack, 'approle');
    appRole(stack, 'a', { auth, secretIdBoundCidrs: ['0.0.0.0/0'] });
    appRole(stack, 'b', { auth, tokenBoundCidrs: ['::/0'] });
    guard(stack, noOpenCidr);
    expect(synthErrors(stack)).toEqual([
      expect.stringMatching(violation('HC-CIDR-2', 'test/a/role', 'secret_id_bound_cidrs[0]', '0.0.0.0/0', 'admits every address')),
      expect.stringMatching(violation('HC-CIDR-2', 'test/b/role', 'token_bound_cidrs[0]', '::/0', 'admits every address')),
    ]);
  });
});

describe('HC-CIDR-3 (bindings required in production)', () => {
  test('GIVEN a production role with both bindings WHEN synthesized THEN it passes', () => {
    const stack = guard(roleStack(['10.0.1.5/32'], ['10.0.1.5/32']), bindingRequiredInProduction, true);
    expect(() => fullSynth(stack)).not.toThrow();
  });

  test('GIVEN a production role with empty token_bound_cidrs WHEN synthesized THEN it fails naming rule, role, field, value and fix', () => {
    const stack = guard(roleStack(['10.0.1.5/32'], []), bindingRequiredInProduction, true);
    expect(() => fullSynth(stack)).toThrow(
      violation('HC-CIDR-3', 'test/svc/role', 'token_bound_cidrs', [], 'is missing in production; bind the role to the CIDRs of the servers that use it'),
    );
  });

  test('GIVEN a raw production role with no binding fields at all WHEN synthesized THEN both fields are reported', () => {
    const stack = vaultStack();
    new ApproleAuthBackendRole(stack, 'raw', { backend: 'approle', roleName: 'raw' });
    guard(stack, bindingRequiredInProduction, true);
    expect(synthErrors(stack)).toEqual([
      expect.stringMatching(violation('HC-CIDR-3', 'test/raw', 'secret_id_bound_cidrs', null, 'is missing in production')),
      expect.stringMatching(violation('HC-CIDR-3', 'test/raw', 'token_bound_cidrs', null, 'is missing in production')),
    ]);
  });

  test('GIVEN the same missing binding outside production WHEN synthesized THEN it passes', () => {
    const stack = guard(roleStack(['10.0.1.5/32'], []), bindingRequiredInProduction, false);
    expect(() => fullSynth(stack)).not.toThrow();
  });
});
