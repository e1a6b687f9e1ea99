import { Mount } from '@cdktf/provider-vault/lib/mount';
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { kvV2ApiPrefix, kvV2MountPaths } from '../../../constructs/guardrails/kv-v2-paths';
import { KvV2Engine } from '../../../constructs/kv-v2-engine';
import { fullSynth, guard, policy, synthErrors, vaultStack, violation } from '../support';

describe('HC-POLICY-4 (KV v2 rules carry the API prefix)', () => {
  test('GIVEN read and manage grants through the engine WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    const kv = new KvV2Engine(stack, 'kv');
    kv.grantRead(policy(stack, 'svc', 'service'), 'hoodcloud/auth-server/*');
    kv.grantManage(policy(stack, 'ops', 'operator'));
    expect(() => fullSynth(guard(stack, kvV2ApiPrefix))).not.toThrow();
  });

  test('GIVEN secret/hoodcloud/x (no data/ prefix) WHEN synthesized THEN it fails naming rule, policy resource, field, value and fix', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv');
    policy(stack, 'svc', 'service').document.addRule('secret/hoodcloud/x', ['read'], 'why');
    expect(() => fullSynth(guard(stack, kvV2ApiPrefix))).toThrow(
      violation('HC-POLICY-4', 'test/svc/policy', 'path', 'secret/hoodcloud/x', 'is under the KV v2 mount secret/ but misses the data/ or metadata/ prefix, so it matches no secret; write secret/data/<path> for values and secret/metadata/<path> for listing'),
    );
  });

  test('GIVEN secret/datax/x (data as a prefix of a longer segment) WHEN synthesized THEN it fails', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv');
    policy(stack, 'svc', 'service').document.addRule('secret/datax/x', ['read'], 'why');
    expect(() => fullSynth(guard(stack, kvV2ApiPrefix))).toThrow(violation('HC-POLICY-4', 'test/svc/policy', 'path', 'secret/datax/x', 'misses the data/ or metadata/ prefix'));
  });

  test.each(['secret/data/x', 'secret/metadata/x', 'secret/subkeys/x', 'secret/config'])('GIVEN %s (an API prefix) WHEN synthesized THEN it passes', (path) => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv');
    policy(stack, 'ops', 'operator').document.addRule(path, ['read'], 'why');
    expect(() => fullSynth(guard(stack, kvV2ApiPrefix))).not.toThrow();
  });

  test('GIVEN a path without prefix under a KV version 1 mount WHEN synthesized THEN it passes (v1 has no API prefix)', () => {
    const stack = vaultStack();
    new Mount(stack, 'kv1', { path: 'legacy', type: 'kv', options: { version: '1' } });
    policy(stack, 'ops', 'operator').document.addRule('legacy/hoodcloud/x', ['read'], 'why');
    expect(() => fullSynth(guard(stack, kvV2ApiPrefix))).not.toThrow();
  });

  test('GIVEN a raw vault_policy with an unprefixed KV v2 path WHEN synthesized THEN it is checked too', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv');
    new Policy(stack, 'raw', { name: 'raw', policy: 'path "secret/hoodcloud/*" { capabilities = ["read"] }' });
    expect(() => fullSynth(guard(stack, kvV2ApiPrefix))).toThrow(violation('HC-POLICY-4', 'test/raw', 'path', 'secret/hoodcloud/*', 'write secret/data/<path>'));
  });

  test('GIVEN a kv-v2 typed mount and two unprefixed rules WHEN synthesized THEN both are reported at once', () => {
    const stack = vaultStack();
    new Mount(stack, 'kv2', { path: '/apps/', type: 'kv-v2' });
    const svc = policy(stack, 'svc', 'service');
    svc.document.addRule('apps/a', ['read'], 'why');
    svc.document.addRule('apps/b/*', ['list'], 'why');
    expect(synthErrors(guard(stack, kvV2ApiPrefix))).toEqual([
      expect.stringMatching(violation('HC-POLICY-4', 'test/svc/policy', 'path', 'apps/a', 'write apps/data/<path>')),
      expect.stringMatching(violation('HC-POLICY-4', 'test/svc/policy', 'path', 'apps/b/*', 'write apps/data/<path>')),
    ]);
  });

  test('GIVEN KV mounts of both spellings and a v1 mount WHEN kvV2MountPaths THEN only the v2 ones are listed, without slashes', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv');
    new Mount(stack, 'kv2', { path: '/apps/', type: 'kv-v2' });
    new Mount(stack, 'kv1', { path: 'legacy', type: 'kv' });
    expect(kvV2MountPaths(stack).sort()).toEqual(['apps', 'secret']);
  });
});
