import { AppRoleAuth } from '../../constructs/approle-auth';
import { PHASE_0, phase1, SEVEN_DAYS_SECONDS } from '../../constructs/approle';
import { appRole, onlyResource, policy, resources, vaultStack } from './support';

describe('AppRole', () => {
  test('GIVEN a role with CIDRs, TTLs and phase 0 WHEN synthesized THEN the role carries them, bound to the auth backend', () => {
    const stack = vaultStack();
    const auth = new AppRoleAuth(stack, 'approle');
    const p = policy(stack, 'p', 'service', 'hoodcloud-control-plane');
    const role = appRole(stack, 'cp', {
      auth,
      roleName: 'hoodcloud-control-plane',
      policies: [p],
      secretIdBoundCidrs: ['10.0.1.5/32', '10.0.2.0/24'],
      tokenBoundCidrs: ['10.0.1.5/32', '10.0.2.0/24'],
      ttl: { tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 86400 },
      securityProfile: PHASE_0,
    });
    expect(role.roleName).toBe('hoodcloud-control-plane');
    expect(role.securityProfile).toBe(PHASE_0);
    expect(onlyResource(stack, 'vault_approle_auth_backend_role')).toMatchObject({
      backend: expect.stringMatching(/^\$\{vault_auth_backend\.approle_backend_[0-9A-F]+\.path\}$/),
      role_name: 'hoodcloud-control-plane',
      bind_secret_id: true,
      secret_id_bound_cidrs: ['10.0.1.5/32', '10.0.2.0/24'],
      token_bound_cidrs: ['10.0.1.5/32', '10.0.2.0/24'],
      secret_id_ttl: 0,
      secret_id_num_uses: 0,
      token_ttl: 3600,
      token_max_ttl: 86400,
      token_policies: [expect.stringMatching(/^\$\{vault_policy\.p_policy_[0-9A-F]+\.name\}$/)],
      token_type: 'service',
      token_num_uses: 0,
    });
  });

  test('GIVEN an IPv6 host /128, a bare address and an IPv6 network WHEN synthesized THEN both fields are written in CIDR notation', () => {
    const stack = vaultStack();
    appRole(stack, 'r', { auth: new AppRoleAuth(stack, 'approle'), secretIdBoundCidrs: ['2001:db8::5/128', '10.0.0.7'], tokenBoundCidrs: ['2001:db8::5', '2001:db8:1::/48'] });
    expect(onlyResource(stack, 'vault_approle_auth_backend_role')).toMatchObject({
      secret_id_bound_cidrs: ['2001:db8::5/128', '10.0.0.7/32'],
      token_bound_cidrs: ['2001:db8::5/128', '2001:db8:1::/48'],
    });
  });

  test('GIVEN phase 1 WHEN synthesized THEN secret IDs live 7 days with unlimited uses', () => {
    const stack = vaultStack();
    appRole(stack, 'r', { auth: new AppRoleAuth(stack, 'approle'), securityProfile: phase1() });
    expect(onlyResource(stack, 'vault_approle_auth_backend_role')).toMatchObject({ secret_id_ttl: 604800, secret_id_num_uses: 0 });
  });

  test('GIVEN phase 1 single-use WHEN synthesized THEN secret_id_num_uses is 1', () => {
    const stack = vaultStack();
    appRole(stack, 'r', { auth: new AppRoleAuth(stack, 'approle'), securityProfile: phase1({ singleUse: true }) });
    expect(onlyResource(stack, 'vault_approle_auth_backend_role')).toMatchObject({ secret_id_ttl: 604800, secret_id_num_uses: 1 });
  });

  test('GIVEN the profiles WHEN read THEN phase 0 never expires nor wraps, phase 1 expires in 7 days and wraps', () => {
    expect(SEVEN_DAYS_SECONDS).toBe(604800);
    expect(PHASE_0).toEqual({ name: 'phase0', secretIdTtlSeconds: 0, secretIdNumUses: 0, wrapSecretIds: false });
    expect(phase1()).toEqual({ name: 'phase1', secretIdTtlSeconds: 604800, secretIdNumUses: 0, wrapSecretIds: true });
    expect(phase1({ singleUse: true })).toEqual({ name: 'phase1', secretIdTtlSeconds: 604800, secretIdNumUses: 1, wrapSecretIds: true });
  });

  test('GIVEN two policies WHEN synthesized THEN token_policies lists both, in order', () => {
    const stack = vaultStack();
    const a = policy(stack, 'a', 'service');
    const b = policy(stack, 'b', 'service');
    appRole(stack, 'r', { auth: new AppRoleAuth(stack, 'approle'), policies: [a, b] });
    expect(onlyResource(stack, 'vault_approle_auth_backend_role').token_policies).toEqual([
      expect.stringMatching(/^\$\{vault_policy\.a_policy_[0-9A-F]+\.name\}$/),
      expect.stringMatching(/^\$\{vault_policy\.b_policy_[0-9A-F]+\.name\}$/),
    ]);
  });

  test('GIVEN the caller mutates its CIDR array after construction WHEN synthesized THEN the role keeps the values it was given', () => {
    const stack = vaultStack();
    const cidrs = ['10.0.1.5/32'];
    appRole(stack, 'r', { auth: new AppRoleAuth(stack, 'approle'), secretIdBoundCidrs: cidrs });
    cidrs.push('0.0.0.0/0');
    expect(resources(stack, 'vault_approle_auth_backend_role')[0].secret_id_bound_cidrs).toEqual(['10.0.1.5/32']);
  });
});
