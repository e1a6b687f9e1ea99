import { AppRoleAuth } from '../../constructs/approle-auth';
import { onlyResource, policy, vaultStack } from './support';

describe('AppRoleAuth', () => {
  test('GIVEN no props WHEN synthesized THEN an approle auth backend at approle/', () => {
    const stack = vaultStack();
    const auth = new AppRoleAuth(stack, 'approle');
    expect(auth.path).toBe('approle');
    expect(onlyResource(stack, 'vault_auth_backend')).toMatchObject({ type: 'approle', path: 'approle', description: 'HoodCloud machine authentication (AppRole)' });
  });

  test('GIVEN a path and description WHEN synthesized THEN they are written', () => {
    const stack = vaultStack();
    new AppRoleAuth(stack, 'approle', { path: 'machines', description: 'd' });
    expect(onlyResource(stack, 'vault_auth_backend')).toMatchObject({ type: 'approle', path: 'machines', description: 'd' });
  });

  test('GIVEN grantManage of two declared roles WHEN rendered THEN those roles and their secret IDs can be managed (no other role), and enabling (sudo) is allowed but not disabling', () => {
    const stack = vaultStack();
    const ops = policy(stack, 'ops', 'operator');
    const grant = new AppRoleAuth(stack, 'approle').grantManage(ops, [{ roleName: 'a', tokenPolicies: ['pa'] }, { roleName: 'b', tokenPolicies: ['pb'] }]);
    expect(grant.paths).toEqual(['auth/approle/role/a/policies', 'auth/approle/role/a/bind-secret-id', 'auth/approle/role/b/policies', 'auth/approle/role/b/bind-secret-id']);
    expect(Object.fromEntries(ops.document.rules.map((r) => [r.path, r.capabilities]))).toEqual({
      'sys/auth': ['read'],
      'sys/auth/approle': ['create', 'update', 'sudo'],
      'sys/mounts/auth/approle': ['read'],
      'sys/mounts/auth/approle/tune': ['read', 'update'],
      'auth/approle/role': ['list'],
      'auth/approle/role/a': ['create', 'read', 'update', 'patch', 'delete', 'list'],
      'auth/approle/role/a/*': ['create', 'read', 'update', 'patch', 'delete', 'list'],
      'auth/approle/role/a/bind-secret-id': ['deny'],
      'auth/approle/role/a/policies': ['deny'],
      'auth/approle/role/b': ['create', 'read', 'update', 'patch', 'delete', 'list'],
      'auth/approle/role/b/*': ['create', 'read', 'update', 'patch', 'delete', 'list'],
      'auth/approle/role/b/bind-secret-id': ['deny'],
      'auth/approle/role/b/policies': ['deny'],
    });
    const tune = ops.document.rules.find((r) => r.path === 'sys/mounts/auth/approle/tune');
    expect(tune?.deniedParameters).toEqual({ audit_non_hmac_request_keys: [], audit_non_hmac_response_keys: [] });
  });

  test('GIVEN a managed role WHEN rendered THEN its write admits only the provider fields, its own policies as a list and bind_secret_id true', () => {
    const stack = vaultStack();
    const ops = policy(stack, 'ops', 'operator');
    new AppRoleAuth(stack, 'approle').grantManage(ops, [{ roleName: 'a', tokenPolicies: ['pa'] }]);
    const role = ops.document.rules.find((r) => r.path === 'auth/approle/role/a');
    expect(role?.allowedParameters).toEqual({
      bind_secret_id: [true],
      secret_id_bound_cidrs: [], secret_id_num_uses: [], secret_id_ttl: [],
      token_bound_cidrs: [], token_explicit_max_ttl: [], token_max_ttl: [], token_no_default_policy: [], token_num_uses: [], token_period: [], token_policies: [['pa']], token_ttl: [], token_type: [],
    });
    expect(ops.document.render()).toContain('"token_policies" = [["pa"]]');
    expect(ops.document.rules.find((r) => r.path === 'auth/approle/role/a/*')?.allowedParameters).toBeUndefined();
  });

  test('GIVEN a role with three policies WHEN rendered THEN every ordering of them is admitted (the provider sends a set)', () => {
    const stack = vaultStack();
    const ops = policy(stack, 'ops', 'operator');
    new AppRoleAuth(stack, 'approle').grantManage(ops, [{ roleName: 'a', tokenPolicies: ['x', 'y', 'z'] }]);
    const pinned = ops.document.rules.find((r) => r.path === 'auth/approle/role/a')?.allowedParameters?.token_policies;
    expect(pinned).toHaveLength(6);
    expect(new Set(pinned?.map((v) => JSON.stringify(v)))).toEqual(new Set(['["x","y","z"]', '["x","z","y"]', '["y","x","z"]', '["y","z","x"]', '["z","x","y"]', '["z","y","x"]']));
  });

  test.each([[[]], [['x', 'x']], [['a', 'b', 'c', 'd', 'e']]])('GIVEN tokenPolicies %j WHEN granted THEN it is refused naming the role and what is expected', (policies) => {
    const stack = vaultStack();
    expect(() => new AppRoleAuth(stack, 'approle').grantManage(policy(stack, 'ops', 'operator'), [{ roleName: 'a', tokenPolicies: policies }])).toThrow(
      `role a: tokenPolicies = ${JSON.stringify(policies)}: expected 1 to 4 distinct policy names`,
    );
  });
});
