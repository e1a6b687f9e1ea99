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
    const grant = new AppRoleAuth(stack, 'approle').grantManage(ops, ['a', 'b']);
    expect(grant.paths).toEqual(['auth/approle/role/a', 'auth/approle/role/a/*', 'auth/approle/role/b', 'auth/approle/role/b/*']);
    expect(Object.fromEntries(ops.document.rules.map((r) => [r.path, r.capabilities]))).toEqual({
      'sys/auth': ['read'],
      'sys/auth/approle': ['create', 'update', 'sudo'],
      'sys/mounts/auth/approle': ['read'],
      'sys/mounts/auth/approle/tune': ['read', 'update'],
      'auth/approle/role': ['list'],
      'auth/approle/role/a': ['create', 'read', 'update', 'patch', 'delete', 'list'],
      'auth/approle/role/a/*': ['create', 'read', 'update', 'patch', 'delete', 'list'],
      'auth/approle/role/b': ['create', 'read', 'update', 'patch', 'delete', 'list'],
      'auth/approle/role/b/*': ['create', 'read', 'update', 'patch', 'delete', 'list'],
    });
    const tune = ops.document.rules.find((r) => r.path === 'sys/mounts/auth/approle/tune');
    expect(tune?.deniedParameters).toEqual({ audit_non_hmac_request_keys: [], audit_non_hmac_response_keys: [] });
  });
});
