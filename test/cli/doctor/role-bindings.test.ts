import { evaluateRoleBinding } from '../../../cli/doctor/role-bindings';
import { RoleSettings } from '../../../cli/credentials/approle-api';

const SERVICE = { roleName: 'hoodcloud-payment-service', cidrVariable: 'HOODCLOUD_PAYMENT_SERVICE_CIDRS' };
const settings = (secretIdBoundCidrs: string[], tokenBoundCidrs: string[]): RoleSettings => ({ secretIdBoundCidrs, tokenBoundCidrs, secretIdTtlSeconds: 604800, tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 86400, tokenPeriodSeconds: 0 });

describe('doctor: role bindings', () => {
  test('GIVEN both bindings admitting the host (a bare address as the server writes /32) WHEN evaluated THEN two ok rows', () => {
    const rows = evaluateRoleBinding(SERVICE, settings(['127.0.0.1/32'], ['127.0.0.1']), '127.0.0.1');
    expect(rows.map((r) => [r.subject, r.status, r.detail])).toEqual([
      ['hoodcloud-payment-service secret_id_bound_cidrs', 'ok', '127.0.0.1/32 admits 127.0.0.1'],
      ['hoodcloud-payment-service token_bound_cidrs', 'ok', '127.0.0.1 admits 127.0.0.1'],
    ]);
  });

  test('GIVEN token_bound_cidrs excluding the host WHEN evaluated THEN that row fails and names the role\'s CIDR variable', () => {
    const [login, token] = evaluateRoleBinding(SERVICE, settings(['127.0.0.0/8'], ['127.0.0.1/32']), '127.0.0.9');
    expect(login.status).toBe('ok');
    expect(token).toMatchObject({ status: 'FAIL', detail: '127.0.0.1/32 excludes 127.0.0.9: its tokens are refused there' });
    expect(token.fix).toBe('set HOODCLOUD_PAYMENT_SERVICE_CIDRS to include 127.0.0.9/32, npm run synth, then re-apply: npx cdktf deploy prod-config (as hoodcloud-admin)');
  });

  test('GIVEN an IPv6 host and an IPv4-mapped binding WHEN evaluated THEN they compare as the server does', () => {
    const rows = evaluateRoleBinding(SERVICE, settings(['2001:db8::/64'], ['::ffff:10.0.0.0/104']), '2001:db8::5');
    expect(rows.map((r) => r.status)).toEqual(['ok', 'FAIL']);
    expect(evaluateRoleBinding(SERVICE, settings(['10.0.0.0/8'], ['::ffff:10.0.0.0/104']), '10.1.2.3').map((r) => r.status)).toEqual(['ok', 'ok']);
  });

  test('GIVEN an empty binding WHEN evaluated THEN it warns: usable from anywhere', () => {
    const [, token] = evaluateRoleBinding(SERVICE, settings(['127.0.0.1/32'], []), '127.0.0.1');
    expect(token).toMatchObject({ status: 'warn', detail: 'empty: its tokens work from anywhere' });
  });

  test('GIVEN no role WHEN evaluated THEN one FAIL row with the re-apply fix', () => {
    expect(evaluateRoleBinding(SERVICE, undefined, '127.0.0.1')).toEqual([
      { check: 'role-binding', subject: 'hoodcloud-payment-service', status: 'FAIL', detail: 'no role hoodcloud-payment-service on auth/approle', fix: 're-apply: npx cdktf deploy prod-config (as hoodcloud-admin)' },
    ]);
  });
});
