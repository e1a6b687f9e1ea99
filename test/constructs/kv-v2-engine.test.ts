import { KvV2Engine } from '../../constructs/kv-v2-engine';
import { KV_V2_API_PREFIXES } from '../../model/kv-v2';
import { onlyResource, policy, synthJson, vaultStack } from './support';

describe('KvV2Engine', () => {
  test('GIVEN no props WHEN synthesized THEN a kv mount at secret/ with options.version 2 and the engine defaults', () => {
    const stack = vaultStack();
    const kv = new KvV2Engine(stack, 'kv');
    expect(kv.mountPath).toBe('secret');
    const mount = onlyResource(stack, 'vault_mount');
    expect(mount).toMatchObject({ path: 'secret', type: 'kv', options: { version: '2' }, description: 'HoodCloud application secrets (KV v2)' });
    expect(mount.lifecycle).toBeUndefined();
    expect(onlyResource(stack, 'vault_kv_secret_backend_v2')).toMatchObject({
      mount: expect.stringMatching(/^\$\{vault_mount\.kv_mount_[0-9A-F]+\.path\}$/),
      max_versions: 10,
      cas_required: false,
      delete_version_after: 0,
    });
  });

  test('GIVEN maxVersions, casRequired and deleteVersionAfterSeconds WHEN synthesized THEN the engine settings carry them', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv', { maxVersions: 3, casRequired: true, deleteVersionAfterSeconds: 86400 });
    expect(onlyResource(stack, 'vault_kv_secret_backend_v2')).toMatchObject({ max_versions: 3, cas_required: true, delete_version_after: 86400 });
  });

  test('GIVEN adoptExisting WHEN synthesized THEN an import block adopts the mount by its path', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv', { adoptExisting: true });
    const json = synthJson(stack);
    expect(json.import).toEqual([{ id: 'secret', to: expect.stringMatching(/^vault_mount\.kv_mount_[0-9A-F]+$/) }]);
    expect(Object.keys(json.resource.vault_mount)).toEqual([json.import?.[0].to.split('.')[1]]);
  });

  test('GIVEN no adoptExisting WHEN synthesized THEN there is no import block', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv');
    expect(synthJson(stack).import).toBeUndefined();
  });

  test('GIVEN preventDestroy WHEN synthesized THEN the mount has lifecycle.prevent_destroy', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv', { preventDestroy: true });
    expect(onlyResource(stack, 'vault_mount')).toMatchObject({ lifecycle: { prevent_destroy: true } });
  });

  test('GIVEN grantRead on a service subpath WHEN rendered THEN read on data/ and read+list on metadata/', () => {
    const stack = vaultStack();
    const svc = policy(stack, 'svc', 'service');
    new KvV2Engine(stack, 'kv').grantRead(svc, 'hoodcloud/control-plane/*');
    expect(svc.document.rules.map((r) => [r.path, r.capabilities])).toEqual([
      ['secret/data/hoodcloud/control-plane/*', ['read']],
      ['secret/metadata/hoodcloud/control-plane/*', ['read', 'list']],
    ]);
  });

  test('GIVEN grantManage WHEN rendered THEN every API prefix is covered and the mount is never deleted', () => {
    const stack = vaultStack();
    const ops = policy(stack, 'ops', 'operator');
    new KvV2Engine(stack, 'kv', { path: 'apps' }).grantManage(ops);
    expect(Object.fromEntries(ops.document.rules.map((r) => [r.path, r.capabilities]))).toEqual({
      'apps/config': ['create', 'read', 'update', 'patch', 'list'],
      'apps/data/*': ['create', 'read', 'update', 'patch', 'delete', 'list'],
      'apps/delete/*': ['update'],
      'apps/destroy/*': ['update'],
      'apps/metadata/*': ['create', 'read', 'update', 'patch', 'delete', 'list'],
      'apps/subkeys/*': ['read'],
      'apps/undelete/*': ['update'],
      'sys/mounts': ['read'],
      'sys/mounts/apps': ['create', 'read', 'update', 'patch', 'list'],
      'sys/mounts/apps/tune': ['create', 'read', 'update', 'patch', 'list'],
    });
  });

  test('GIVEN a prefix and a logical path WHEN apiPath THEN <mount>/<prefix>/<path>', () => {
    const kv = new KvV2Engine(vaultStack(), 'kv');
    expect(KV_V2_API_PREFIXES.filter((p) => p !== 'config').map((p) => kv.apiPath(p, 'hoodcloud/x'))).toEqual([
      'secret/data/hoodcloud/x',
      'secret/metadata/hoodcloud/x',
      'secret/delete/hoodcloud/x',
      'secret/undelete/hoodcloud/x',
      'secret/destroy/hoodcloud/x',
      'secret/subkeys/hoodcloud/x',
    ]);
  });
});
