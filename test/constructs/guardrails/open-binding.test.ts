import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { AppRoleAuth } from '../../../constructs/approle-auth';
import { openBinding } from '../../../constructs/guardrails/open-binding';
import { appRole, fullSynth, guard, synthErrors, vaultStack, violation } from '../support';
import { roleStack } from './guardrail-support';

const ROLE = 'test/svc/role';
const FIX = 'bind the role to the CIDRs of the servers that use it';

function checked(secretIdBoundCidrs: string[], tokenBoundCidrs?: string[]) {
  return guard(roleStack(secretIdBoundCidrs, tokenBoundCidrs).stack, openBinding);
}

describe('HC-CIDR-2 (no binding admits everyone)', () => {
  test('GIVEN private network blocks WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(checked(['10.0.0.0/8', '2001:db8::/32'], ['10.0.0.0/8']))).not.toThrow();
  });

  test('GIVEN token_bound_cidrs 0.0.0.0/0 WHEN synthesized THEN it fails naming rule, role, field, value and fix', () => {
    expect(() => fullSynth(checked(['10.0.1.5/32'], ['0.0.0.0/0']))).toThrow(violation('HC-CIDR-2', ROLE, 'token_bound_cidrs', ['0.0.0.0/0'], `admits every IPv4 address; ${FIX}`));
  });

  test('GIVEN secret_id_bound_cidrs holding ::/0 among hosts WHEN synthesized THEN it fails naming the whole list', () => {
    expect(() => fullSynth(checked(['10.0.1.5/32', '::/0']))).toThrow(violation('HC-CIDR-2', ROLE, 'secret_id_bound_cidrs', ['10.0.1.5/32', '::/0'], `admits every IPv6 address; ${FIX}`));
  });

  // Go's net.ParseCIDR("::ffff:0.0.0.0/96") yields 0.0.0.0/0 (Vault checks secret_id_bound_cidrs
  // with it, and go-sockaddr converts the mask the same way for token_bound_cidrs).
  test('GIVEN the IPv4-mapped ::ffff:0.0.0.0/96 (the server reads it as 0.0.0.0/0) WHEN synthesized THEN it fails', () => {
    expect(() => fullSynth(checked(['::ffff:0.0.0.0/96']))).toThrow(violation('HC-CIDR-2', ROLE, 'secret_id_bound_cidrs', ['::ffff:0:0/96'], 'admits every IPv4 address'));
  });

  test('GIVEN the two IPv4 halves 0.0.0.0/1 and 128.0.0.0/1 WHEN synthesized THEN it fails: their union admits everyone', () => {
    expect(() => fullSynth(checked(['0.0.0.0/1', '128.0.0.0/1']))).toThrow(violation('HC-CIDR-2', ROLE, 'secret_id_bound_cidrs', ['0.0.0.0/1', '128.0.0.0/1'], `admits every IPv4 address; ${FIX}`));
  });

  test('GIVEN the two IPv6 halves ::/1 and 8000::/1 WHEN synthesized THEN it fails', () => {
    expect(() => fullSynth(checked(['10.0.1.5/32'], ['::/1', '8000::/1']))).toThrow(violation('HC-CIDR-2', ROLE, 'token_bound_cidrs', ['::/1', '8000::/1'], `admits every IPv6 address; ${FIX}`));
  });

  test('GIVEN a union of overlapping and unordered blocks covering IPv4 WHEN synthesized THEN it fails', () => {
    const cidrs = ['128.0.0.0/1', '64.0.0.0/2', '0.0.0.0/2', '10.0.0.0/8'];
    expect(() => fullSynth(checked(cidrs))).toThrow(violation('HC-CIDR-2', ROLE, 'secret_id_bound_cidrs', cidrs, 'admits every IPv4 address'));
  });

  test('GIVEN IPv4-mapped halves (::ffff:0.0.0.0/97 and ::ffff:128.0.0.0/97) WHEN synthesized THEN it fails as IPv4', () => {
    expect(() => fullSynth(checked(['::ffff:0.0.0.0/97', '::ffff:128.0.0.0/97']))).toThrow(
      violation('HC-CIDR-2', ROLE, 'secret_id_bound_cidrs', ['::ffff:0:0/97', '::ffff:8000:0/97'], 'admits every IPv4 address'),
    );
  });

  test('GIVEN both families opened by halves in one list WHEN synthesized THEN one finding names IPv4 and IPv6', () => {
    const cidrs = ['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1'];
    expect(() => fullSynth(checked(cidrs))).toThrow(violation('HC-CIDR-2', ROLE, 'secret_id_bound_cidrs', cidrs, 'admits every IPv4 and IPv6 address'));
  });

  test('GIVEN 0.0.0.0/1 alone (half the space) WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(checked(['0.0.0.0/1'], ['203.0.113.9/32']))).not.toThrow();
  });

  test('GIVEN halves that leave 224.0.0.0/3 uncovered WHEN synthesized THEN it passes (near miss of the full union)', () => {
    expect(() => fullSynth(checked(['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3']))).not.toThrow();
  });

  test('GIVEN one IPv4 half and one IPv6 half WHEN synthesized THEN it passes (halves of different families do not add up)', () => {
    expect(() => fullSynth(checked(['0.0.0.0/1', '8000::/1']))).not.toThrow();
  });

  test('GIVEN a raw role (no AppRole construct) bound to 0.0.0.0/0 WHEN synthesized THEN it fails the same way', () => {
    const stack = vaultStack();
    new ApproleAuthBackendRole(stack, 'raw', { backend: 'approle', roleName: 'raw', secretIdBoundCidrs: ['0.0.0.0/0'], tokenBoundCidrs: ['10.0.1.5/32'] });
    expect(() => fullSynth(guard(stack, openBinding))).toThrow(violation('HC-CIDR-2', 'test/raw', 'secret_id_bound_cidrs', ['0.0.0.0/0'], FIX));
  });

  test('GIVEN two roles with open bindings WHEN synthesized THEN both are reported at once', () => {
    const stack = vaultStack();
    const auth = new AppRoleAuth(stack, 'approle');
    appRole(stack, 'a', { auth, secretIdBoundCidrs: ['0.0.0.0/0'] });
    appRole(stack, 'b', { auth, tokenBoundCidrs: ['::/1', '8000::/1'] });
    expect(synthErrors(guard(stack, openBinding))).toEqual([
      expect.stringMatching(violation('HC-CIDR-2', 'test/a/role', 'secret_id_bound_cidrs', ['0.0.0.0/0'], 'admits every IPv4 address')),
      expect.stringMatching(violation('HC-CIDR-2', 'test/b/role', 'token_bound_cidrs', ['::/1', '8000::/1'], 'admits every IPv6 address')),
    ]);
  });
});
