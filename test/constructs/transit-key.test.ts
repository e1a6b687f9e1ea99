import { TransitEngine } from '../../constructs/transit-engine';
import { MIN_AUTO_ROTATE_PERIOD_SECONDS, TransitKey, TransitKeyProps } from '../../constructs/transit-key';
import { onlyResource, policy, vaultStack } from './support';

function keyStack(props: Partial<TransitKeyProps> = {}) {
  const stack = vaultStack();
  const engine = new TransitEngine(stack, 'transit');
  const key = new TransitKey(stack, 'master-key', { engine, keyName: 'hoodcloud-masterkey', ...props });
  return { stack, key };
}

describe('TransitKey', () => {
  test('GIVEN only engine and name WHEN synthesized THEN the key is aes256-gcm96, not exportable, no plaintext backup, not deletable, no rotation', () => {
    const { stack, key } = keyStack();
    expect(key.keyName).toBe('hoodcloud-masterkey');
    const json = onlyResource(stack, 'vault_transit_secret_backend_key');
    expect(json).toMatchObject({
      name: 'hoodcloud-masterkey',
      backend: expect.stringMatching(/^\$\{vault_mount\.transit_mount_[0-9A-F]+\.path\}$/),
      type: 'aes256-gcm96',
      exportable: false,
      allow_plaintext_backup: false,
      deletion_allowed: false,
      auto_rotate_period: 0,
    });
    expect(json.lifecycle).toBeUndefined();
  });

  test('GIVEN preventDestroy, a type and a rotation period WHEN synthesized THEN they are written', () => {
    const { stack } = keyStack({ preventDestroy: true, type: 'chacha20-poly1305', autoRotatePeriodSeconds: 30 * 86400 });
    expect(onlyResource(stack, 'vault_transit_secret_backend_key')).toMatchObject({
      type: 'chacha20-poly1305',
      auto_rotate_period: 2592000,
      lifecycle: { prevent_destroy: true },
    });
  });

  test('GIVEN the explicit opt-ins WHEN synthesized THEN they are written as asked (the guardrail decides)', () => {
    const { stack } = keyStack({ exportable: true, allowPlaintextBackup: true, deletionAllowed: true });
    expect(onlyResource(stack, 'vault_transit_secret_backend_key')).toMatchObject({ exportable: true, allow_plaintext_backup: true, deletion_allowed: true });
  });

  test.each([0, MIN_AUTO_ROTATE_PERIOD_SECONDS, 86400])('GIVEN autoRotatePeriodSeconds %d WHEN constructed THEN it is accepted', (seconds) => {
    const { stack } = keyStack({ autoRotatePeriodSeconds: seconds });
    expect(onlyResource(stack, 'vault_transit_secret_backend_key')).toMatchObject({ auto_rotate_period: seconds });
  });

  test.each([1, 3599, -1, 3600.5])('GIVEN autoRotatePeriodSeconds %d WHEN constructed THEN it throws naming the construct, field, value and expected range', (seconds) => {
    expect(() => keyStack({ autoRotatePeriodSeconds: seconds })).toThrow(
      `test/master-key: autoRotatePeriodSeconds is ${seconds}; expected 0 (off) or a whole number of seconds >= 3600 (Vault rejects shorter periods)`,
    );
  });

  test('GIVEN grantEncryptDecrypt, grantGenerateDataKey and grantRewrap WHEN rendered THEN each is update on its single operation path', () => {
    const { stack, key } = keyStack();
    const svc = policy(stack, 'svc', 'service');
    key.grantEncryptDecrypt(svc);
    key.grantGenerateDataKey(svc);
    key.grantRewrap(svc);
    expect(svc.document.rules.map((r) => [r.path, r.capabilities])).toEqual([
      ['transit/datakey/plaintext/hoodcloud-masterkey', ['update']],
      ['transit/datakey/wrapped/hoodcloud-masterkey', ['update']],
      ['transit/decrypt/hoodcloud-masterkey', ['update']],
      ['transit/encrypt/hoodcloud-masterkey', ['update']],
      ['transit/rewrap/hoodcloud-masterkey', ['update']],
    ]);
  });

  test('GIVEN grantManage WHEN rendered THEN the key can be created, configured and rotated but never deleted, trimmed, exported or backed up', () => {
    const { stack, key } = keyStack();
    const ops = policy(stack, 'ops', 'operator');
    key.grantManage(ops);
    expect(Object.fromEntries(ops.document.rules.map((r) => [r.path, r.capabilities]))).toEqual({
      'transit/keys': ['list'],
      'transit/keys/hoodcloud-masterkey': ['create', 'read', 'update'],
      'transit/keys/hoodcloud-masterkey/config': ['update'],
      'transit/keys/hoodcloud-masterkey/rotate': ['update'],
      'transit/keys/hoodcloud-masterkey/trim': ['deny'],
      'transit/export/+/hoodcloud-masterkey': ['deny'],
      'transit/export/+/hoodcloud-masterkey/*': ['deny'],
      'transit/backup/hoodcloud-masterkey': ['deny'],
    });
  });

  test('GIVEN an engine on another path WHEN granting THEN the paths follow the engine mount', () => {
    const stack = vaultStack();
    const key = new TransitKey(stack, 'k', { engine: new TransitEngine(stack, 'transit', { path: 'crypto' }), keyName: 'app' });
    const svc = policy(stack, 'svc', 'service');
    key.grantEncryptDecrypt(svc);
    expect(svc.document.rules.map((r) => r.path)).toEqual(['crypto/decrypt/app', 'crypto/encrypt/app']);
  });
});
