import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { cidrParses } from '../../../constructs/guardrails/cidr-parses';
import { fullSynth, guard, synthErrors, vaultStack, violation } from '../support';
import { roleStack } from './guardrail-support';

const ROLE = 'test/svc/role';

function checked(secretIdBoundCidrs: string[], tokenBoundCidrs?: string[]) {
  return guard(roleStack(secretIdBoundCidrs, tokenBoundCidrs).stack, cidrParses);
}

describe('HC-CIDR-1 (every bound CIDR parses)', () => {
  test('GIVEN IPv4 and IPv6 blocks and hosts WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(checked(['10.0.1.5/32', '2001:db8::/64'], ['10.0.0.0/24', '2001:db8::1/128']))).not.toThrow();
  });

  test('GIVEN a bare host address (no prefix) WHEN synthesized THEN it passes (one host, written as /32)', () => {
    const stack = checked(['10.0.1.5'], ['2001:db8::7']);
    const written = fullSynth(stack);
    expect(written).toContain('"10.0.1.5/32"');
    expect(written).toContain('"2001:db8::7/128"');
  });

  test('GIVEN an address with an octet over 255 WHEN synthesized THEN it fails naming rule, role, field, value and fix', () => {
    expect(() => fullSynth(checked(['10.0.1.300/32']))).toThrow(
      violation('HC-CIDR-1', ROLE, 'secret_id_bound_cidrs[0]', '10.0.1.300/32', 'does not parse as a CIDR: it is not an IPv4 or IPv6 address with an optional prefix length; expected e.g. 10.0.1.5/32 or 2001:db8::/64'),
    );
  });

  test('GIVEN an IPv4 prefix of 33 (one past the maximum) WHEN synthesized THEN it fails', () => {
    expect(() => fullSynth(checked(['10.0.1.5/32'], ['10.0.1.5/33']))).toThrow(violation('HC-CIDR-1', ROLE, 'token_bound_cidrs[0]', '10.0.1.5/33', 'an IPv4 prefix is at most 32'));
  });

  test('GIVEN the maximum prefix /32 WHEN synthesized THEN it passes (near miss of /33)', () => {
    expect(() => fullSynth(checked(['10.0.1.5/32'], ['10.0.1.5/32']))).not.toThrow();
  });

  // 10.0.0.5/8 admits all of 10/8: Go accepts it silently, the model refuses it with both fixes.
  test('GIVEN host bits (10.0.0.5/8) WHEN synthesized THEN it fails offering the network and the host', () => {
    expect(() => fullSynth(checked(['10.0.0.5/8']))).toThrow(
      violation('HC-CIDR-1', ROLE, 'secret_id_bound_cidrs[0]', '10.0.0.5/8', 'has host bits set: it admits all of 10.0.0.0/8; write 10.0.0.0/8 for the network or 10.0.0.5/32 for the one host'),
    );
  });

  test('GIVEN the network itself (10.0.0.0/8) WHEN synthesized THEN it passes (near miss of 10.0.0.5/8)', () => {
    expect(() => fullSynth(checked(['10.0.0.0/8']))).not.toThrow();
  });

  test('GIVEN IPv6 host bits (2001:db8::1/64) WHEN synthesized THEN it fails offering the /64 and the /128', () => {
    expect(() => fullSynth(checked(['10.0.1.5/32'], ['2001:db8::1/64']))).toThrow(
      violation('HC-CIDR-1', ROLE, 'token_bound_cidrs[0]', '2001:db8::1/64', 'write 2001:db8::/64 for the network or 2001:db8::1/128 for the one host'),
    );
  });

  test('GIVEN a zone index (fe80::1%eth0/64) WHEN synthesized THEN it fails: a block names addresses, not an interface', () => {
    expect(() => fullSynth(checked(['fe80::1%eth0/64']))).toThrow(
      violation('HC-CIDR-1', ROLE, 'secret_id_bound_cidrs[0]', 'fe80::1%eth0/64', 'has a zone index (after %); a CIDR block names addresses, not an interface'),
    );
  });

  test('GIVEN the same link-local block without the zone (fe80::/64) WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(checked(['fe80::/64']))).not.toThrow();
  });

  // Go reads ::ffff:a.b.c.d/n as the IPv4 block /n-96, so its host bits are IPv4 host bits.
  test('GIVEN an IPv4-mapped block with host bits (::ffff:10.0.0.5/104) WHEN synthesized THEN it fails naming the IPv4 network', () => {
    expect(() => fullSynth(checked(['::ffff:10.0.0.5/104']))).toThrow(
      violation('HC-CIDR-1', ROLE, 'secret_id_bound_cidrs[0]', '::ffff:10.0.0.5/104', 'it admits all of 10.0.0.0/8; write 10.0.0.0/8 for the network or 10.0.0.5/32 for the one host'),
    );
  });

  test('GIVEN the IPv4-mapped network (::ffff:10.0.0.0/104) WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(checked(['::ffff:10.0.0.0/104']))).not.toThrow();
  });

  test('GIVEN a raw role (no AppRole construct) with an empty string WHEN synthesized THEN it fails: rules read the resource', () => {
    const stack = vaultStack();
    new ApproleAuthBackendRole(stack, 'raw', { backend: 'approle', roleName: 'raw', secretIdBoundCidrs: [''], tokenBoundCidrs: ['10.0.1.5/32'] });
    expect(() => fullSynth(guard(stack, cidrParses))).toThrow(violation('HC-CIDR-1', 'test/raw', 'secret_id_bound_cidrs[0]', '', 'is empty; expected a CIDR block'));
  });

  test('GIVEN several bad CIDRs in both fields WHEN synthesized THEN every one is reported at once, by index', () => {
    expect(synthErrors(checked(['10.0.1.5/32', 'server-a', '10.0.0.0/8/8'], ['localhost', '10.0.0.5/8']))).toEqual([
      expect.stringMatching(violation('HC-CIDR-1', ROLE, 'secret_id_bound_cidrs[1]', 'server-a', 'is not an IPv4 or IPv6 address')),
      expect.stringMatching(violation('HC-CIDR-1', ROLE, 'secret_id_bound_cidrs[2]', '10.0.0.0/8/8', 'has more than one "/"')),
      expect.stringMatching(violation('HC-CIDR-1', ROLE, 'token_bound_cidrs[0]', 'localhost', 'is not an IPv4 or IPv6 address')),
      expect.stringMatching(violation('HC-CIDR-1', ROLE, 'token_bound_cidrs[1]', '10.0.0.5/8', 'has host bits set')),
    ]);
  });
});
