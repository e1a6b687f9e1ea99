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

  test('GIVEN grantManage WHEN rendered THEN roles and secret IDs can be managed, and enabling (sudo) is allowed but not disabling', () => {
    const stack = vaultStack();
    const ops = policy(stack, 'ops', 'operator');
    new AppRoleAuth(stack, 'approle').grantManage(ops);
    expect(Object.fromEntries(ops.document.rules.map((r) => [r.path, r.capabilities]))).toEqual({
      'sys/auth': ['read'],
      'sys/auth/approle': ['create', 'update', 'sudo'],
      'sys/mounts/auth/approle': ['read'],
      'sys/mounts/auth/approle/tune': ['read', 'update'],
      'auth/approle/role': ['list'],
      'auth/approle/role/*': ['create', 'read', 'update', 'patch', 'delete', 'list'],
    });
  });
});
