import { evaluateTokenTtls } from '../../../cli/doctor/token-ttls';
import { RoleSettings } from '../../../cli/credentials/approle-api';

const MOUNT = { defaultLeaseTtl: 2764800, maxLeaseTtl: 2764800 }; // 768h, the server's default
const role = (tokenTtlSeconds: number, tokenMaxTtlSeconds: number): RoleSettings => ({ secretIdBoundCidrs: [], tokenBoundCidrs: [], secretIdTtlSeconds: 0, tokenTtlSeconds, tokenMaxTtlSeconds, tokenPeriodSeconds: 0 });

describe('doctor: token TTLs', () => {
  test('GIVEN 1h / 24h under a 768h mount WHEN evaluated THEN ok: renews at 45m, lives at most 24h', () => {
    expect(evaluateTokenTtls('hoodcloud-auth-server', role(3600, 86400), MOUNT)).toEqual({
      check: 'token-ttl', subject: 'hoodcloud-auth-server', status: 'ok',
      detail: 'token_ttl 1h, token_max_ttl 1d, mount max_lease_ttl 32d: renews at 45m, lives at most 1d',
    });
  });

  test('GIVEN token_ttl 60s WHEN evaluated THEN FAIL: 15s to retry, expected at least 5m, with the setting to change', () => {
    const r = evaluateTokenTtls('hoodcloud-auth-server', role(60, 86400), MOUNT);
    expect(r).toMatchObject({ status: 'FAIL', detail: 'token_ttl 1m, token_max_ttl 1d, mount max_lease_ttl 32d: renewing at 75 % (45s) leaves 15s to retry; expected token_ttl >= 5m' });
    expect(r.fix).toBe("token_ttl >= 5m: the environment's ttl (tokenTtlSeconds, tokenMaxTtlSeconds in stacks/environments.ts), then re-apply: npx cdktf deploy prod-config (as hoodcloud-admin)");
    expect(evaluateTokenTtls('r', role(300, 86400), MOUNT).status).toBe('ok');
  });

  test('GIVEN a max TTL equal to the TTL WHEN evaluated THEN FAIL: a renewal cannot extend the token', () => {
    expect(evaluateTokenTtls('r', role(3600, 3600), MOUNT)).toMatchObject({ status: 'FAIL', detail: expect.stringContaining('the max TTL is not above the TTL') });
  });

  test('GIVEN a mount max below the role max WHEN evaluated THEN FAIL naming the mount', () => {
    const r = evaluateTokenTtls('r', role(3600, 86400), { defaultLeaseTtl: 3600, maxLeaseTtl: 7200 });
    expect(r).toMatchObject({ status: 'FAIL', detail: expect.stringContaining('the mount cuts tokens at 2h, below the role\'s max') });
    expect(r.fix).toContain('or raise max_lease_ttl of auth/approle');
  });

  test('GIVEN a role that leaves both to the mount WHEN evaluated THEN the mount\'s values are used and said', () => {
    expect(evaluateTokenTtls('r', role(0, 0), { defaultLeaseTtl: 3600, maxLeaseTtl: 86400 }).detail).toBe('token_ttl 1h (mount default), token_max_ttl 1d (mount max), mount max_lease_ttl 1d: renews at 45m, lives at most 1d');
    expect(evaluateTokenTtls('r', role(0, 0), { defaultLeaseTtl: 120, maxLeaseTtl: 86400 }).status).toBe('FAIL');
  });
});
