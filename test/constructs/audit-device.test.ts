import { FileAuditDevice } from '../../constructs/audit-device';
import { onlyResource, policy, vaultStack } from './support';

describe('FileAuditDevice', () => {
  test('GIVEN a file path WHEN synthesized THEN a file device at file/ logging JSON, HMACing values and accessors, mode 0600', () => {
    const stack = vaultStack();
    const audit = new FileAuditDevice(stack, 'audit', { filePath: '/vault/logs/audit.log' });
    expect(audit.devicePath).toBe('file');
    expect(audit.filePath).toBe('/vault/logs/audit.log');
    expect(onlyResource(stack, 'vault_audit')).toMatchObject({
      type: 'file',
      path: 'file',
      description: 'HoodCloud audit log',
      options: { file_path: '/vault/logs/audit.log', mode: '0600', format: 'json', log_raw: 'false', hmac_accessor: 'true' },
    });
  });

  test('GIVEN a device path, mode and description WHEN synthesized THEN they are written', () => {
    const stack = vaultStack();
    new FileAuditDevice(stack, 'audit', { filePath: '/openbao/logs/audit.log', path: 'file-main', mode: '0640', description: 'd' });
    expect(onlyResource(stack, 'vault_audit')).toMatchObject({ path: 'file-main', description: 'd', options: { file_path: '/openbao/logs/audit.log', mode: '0640' } });
  });

  test('GIVEN grantManage WHEN rendered THEN devices can be read and enabled with sudo, never deleted', () => {
    const stack = vaultStack();
    const ops = policy(stack, 'ops', 'operator');
    new FileAuditDevice(stack, 'audit', { filePath: '/vault/logs/audit.log' }).grantManage(ops);
    const rules = Object.fromEntries(ops.document.rules.map((r) => [r.path, r.capabilities]));
    expect(rules).toEqual({ 'sys/audit': ['read', 'list', 'sudo'], 'sys/audit/file': ['create', 'read', 'update', 'sudo'] });
    expect(Object.values(rules).flat()).not.toContain('delete');
  });
});
