import { TransitEngine } from '../../constructs/transit-engine';
import { onlyResource, policy, vaultStack } from './support';

describe('TransitEngine', () => {
  test('GIVEN no props WHEN synthesized THEN a transit mount at transit/ without prevent_destroy', () => {
    const stack = vaultStack();
    const engine = new TransitEngine(stack, 'transit');
    expect(engine.mountPath).toBe('transit');
    const mount = onlyResource(stack, 'vault_mount');
    expect(mount).toMatchObject({ path: 'transit', type: 'transit', description: 'HoodCloud encryption as a service (transit)' });
    expect(mount.lifecycle).toBeUndefined();
  });

  test('GIVEN a path, description and preventDestroy WHEN synthesized THEN they are written', () => {
    const stack = vaultStack();
    new TransitEngine(stack, 'transit', { path: 'crypto', description: 'd', preventDestroy: true });
    expect(onlyResource(stack, 'vault_mount')).toMatchObject({ path: 'crypto', description: 'd', lifecycle: { prevent_destroy: true } });
  });

  test('GIVEN grantManage WHEN rendered THEN the mount can be created and tuned, never unmounted', () => {
    const stack = vaultStack();
    const ops = policy(stack, 'ops', 'operator');
    new TransitEngine(stack, 'transit').grantManage(ops);
    expect(Object.fromEntries(ops.document.rules.map((r) => [r.path, r.capabilities]))).toEqual({
      'sys/mounts': ['read'],
      'sys/mounts/transit': ['create', 'read', 'update', 'patch', 'list'],
      'sys/mounts/transit/tune': ['create', 'read', 'update', 'patch', 'list'],
    });
  });
});
