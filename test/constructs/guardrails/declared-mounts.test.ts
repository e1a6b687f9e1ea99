import { AuthBackend } from '@cdktf/provider-vault/lib/auth-backend';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { AppRoleAuth } from '../../../constructs/approle-auth';
import { declaredMounts, grantsOnDeclaredMounts } from '../../../constructs/guardrails/declared-mounts';
import { KvV2Engine } from '../../../constructs/kv-v2-engine';
import { TransitEngine } from '../../../constructs/transit-engine';
import { TransitKey } from '../../../constructs/transit-key';
import { BUILTIN_MOUNTS, mountOf } from '../../../model/mount-paths';
import { fullSynth, guard, policy, synthErrors, vaultStack, violation } from '../support';

describe('HC-POLICY-3 (grants only on declared mounts)', () => {
  test('GIVEN grants through declared engines, auth and built-in mounts WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    const kv = new KvV2Engine(stack, 'kv');
    const key = new TransitKey(stack, 'key', { engine: new TransitEngine(stack, 'transit'), keyName: 'k' });
    const auth = new AppRoleAuth(stack, 'approle');
    const ops = policy(stack, 'ops', 'operator');
    kv.grantManage(ops);
    key.grantManage(ops);
    auth.grantManage(ops, [{ roleName: 'hoodcloud-a', tokenPolicies: ['hoodcloud-a'] }]);
    ops.document.addRule('auth/token/create', ['update'], 'built-in token auth');
    ops.document.addRule('identity/entity', ['read'], 'built-in identity');
    expect(() => fullSynth(guard(stack, grantsOnDeclaredMounts))).not.toThrow();
  });

  test('GIVEN a grant under a mount the stack does not declare WHEN synthesized THEN it fails naming rule, policy resource, field, value and fix', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv');
    policy(stack, 'svc', 'service').document.addRule('kv/data/x', ['read'], 'why');
    expect(() => fullSynth(guard(stack, grantsOnDeclaredMounts))).toThrow(
      violation('HC-POLICY-3', 'test/svc/policy', 'path', 'kv/data/x', 'is not under a mount this stack declares (sys, auth/token, identity, cubbyhole, secret); declare the engine first and grant through it'),
    );
  });

  test('GIVEN secretx/data/a next to a declared secret/ mount WHEN synthesized THEN it fails (a prefix of the name is not the mount)', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv');
    policy(stack, 'svc', 'service').document.addRule('secretx/data/a', ['read'], 'why');
    expect(() => fullSynth(guard(stack, grantsOnDeclaredMounts))).toThrow(violation('HC-POLICY-3', 'test/svc/policy', 'path', 'secretx/data/a', 'is not under a mount'));
  });

  test('GIVEN a raw mount declared as /apps/ and a raw auth backend with only a type WHEN granting under them THEN it passes', () => {
    const stack = vaultStack();
    new Mount(stack, 'apps', { path: '/apps/', type: 'kv-v2' });
    new AuthBackend(stack, 'userpass', { type: 'userpass' });
    const ops = policy(stack, 'ops', 'operator');
    ops.document.addRule('apps/data/x', ['read'], 'why').addRule('auth/userpass/users/x', ['read'], 'why');
    expect(() => fullSynth(guard(stack, grantsOnDeclaredMounts))).not.toThrow();
  });

  test('GIVEN a raw vault_policy granting on an undeclared mount WHEN synthesized THEN it is checked too (the rule reads the text)', () => {
    const stack = vaultStack();
    new Policy(stack, 'raw', { name: 'raw', policy: 'path "pki/issue/x" { capabilities = ["update"] }' });
    expect(() => fullSynth(guard(stack, grantsOnDeclaredMounts))).toThrow(violation('HC-POLICY-3', 'test/raw', 'path', 'pki/issue/x', 'declare the engine first'));
  });

  test('GIVEN a transit grant with no transit mount declared WHEN synthesized THEN every orphan path is reported at once', () => {
    const stack = vaultStack();
    const svc = policy(stack, 'svc', 'service');
    svc.document.addRule('transit/encrypt/k', ['update'], 'why');
    svc.document.addRule('transit/decrypt/k', ['update'], 'why');
    expect(synthErrors(guard(stack, grantsOnDeclaredMounts))).toEqual([
      expect.stringMatching(violation('HC-POLICY-3', 'test/svc/policy', 'path', 'transit/decrypt/k', 'is not under a mount')),
      expect.stringMatching(violation('HC-POLICY-3', 'test/svc/policy', 'path', 'transit/encrypt/k', 'is not under a mount')),
    ]);
  });

  test('GIVEN auth/approle/role/x without an approle auth backend WHEN synthesized THEN it fails (only auth/token is built in)', () => {
    const stack = vaultStack();
    policy(stack, 'ops', 'operator').document.addRule('auth/approle/role/x', ['read'], 'why');
    expect(() => fullSynth(guard(stack, grantsOnDeclaredMounts))).toThrow(violation('HC-POLICY-3', 'test/ops/policy', 'path', 'auth/approle/role/x', 'is not under a mount'));
  });

  test('GIVEN engines, an auth backend and raw mounts WHEN declaredMounts THEN it lists the built-ins and every declared path without slashes', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv');
    new AppRoleAuth(stack, 'approle', { path: 'approle-ci' });
    new Mount(stack, 'apps', { path: '/apps/', type: 'kv-v2' });
    expect(declaredMounts(stack)).toEqual([...BUILTIN_MOUNTS, 'secret', 'auth/approle-ci', 'apps']);
  });

  test('GIVEN the built-in mounts WHEN listed THEN they are exactly sys, auth/token, identity and cubbyhole', () => {
    expect(BUILTIN_MOUNTS).toEqual(['sys', 'auth/token', 'identity', 'cubbyhole']);
  });

  test.each([
    ['secret/data/x', 'secret'],
    ['secret', 'secret'],
    ['secretx/data/x', undefined],
    ['auth/approle/login', 'auth/approle'],
    ['auth/token/create', 'auth/token'],
  ])('GIVEN path %j WHEN mountOf THEN %j (longest declared mount wins)', (path, expected) => {
    expect(mountOf(path, ['sys', 'auth/token', 'secret', 'auth', 'auth/approle'])).toBe(expected);
  });
});
