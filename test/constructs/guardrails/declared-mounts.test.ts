import { AppRoleAuth } from '../../../constructs/approle-auth';
import { BUILTIN_MOUNTS, grantsOnDeclaredMounts, mountOf } from '../../../constructs/guardrails/declared-mounts';
import { KvV2Engine } from '../../../constructs/kv-v2-engine';
import { TransitEngine } from '../../../constructs/transit-engine';
import { TransitKey } from '../../../constructs/transit-key';
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
    auth.grantManage(ops);
    ops.document.addRule('auth/token/create', ['update'], 'built-in token auth');
    ops.document.addRule('identity/entity', ['read'], 'built-in identity');
    expect(() => fullSynth(guard(stack, grantsOnDeclaredMounts))).not.toThrow();
  });

  test('GIVEN a grant under a mount the stack does not declare WHEN synthesized THEN it fails naming rule, policy, field, value and fix', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv');
    policy(stack, 'svc', 'service').document.addRule('kv/data/x', ['read'], 'why');
    expect(() => fullSynth(guard(stack, grantsOnDeclaredMounts))).toThrow(
      violation('HC-POLICY-3', 'test/svc', 'path', 'kv/data/x', 'declare the engine first and grant through it'),
    );
  });

  test('GIVEN secretx/data/a next to a declared secret/ mount WHEN synthesized THEN it fails (a prefix of the name is not the mount)', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv');
    policy(stack, 'svc', 'service').document.addRule('secretx/data/a', ['read'], 'why');
    expect(() => fullSynth(guard(stack, grantsOnDeclaredMounts))).toThrow(violation('HC-POLICY-3', 'test/svc', 'path', 'secretx/data/a', 'is not under a mount'));
  });

  test('GIVEN a transit grant with no transit mount declared WHEN synthesized THEN every orphan path is reported at once', () => {
    const stack = vaultStack();
    const svc = policy(stack, 'svc', 'service');
    svc.document.addRule('transit/encrypt/k', ['update'], 'why');
    svc.document.addRule('transit/decrypt/k', ['update'], 'why');
    expect(synthErrors(guard(stack, grantsOnDeclaredMounts))).toEqual([
      expect.stringMatching(violation('HC-POLICY-3', 'test/svc', 'path', 'transit/decrypt/k', 'is not under a mount')),
      expect.stringMatching(violation('HC-POLICY-3', 'test/svc', 'path', 'transit/encrypt/k', 'is not under a mount')),
    ]);
  });

  test('GIVEN auth/approle/role/x without an approle auth backend WHEN synthesized THEN it fails (only auth/token is built in)', () => {
    const stack = vaultStack();
    policy(stack, 'ops', 'operator').document.addRule('auth/approle/role/x', ['read'], 'why');
    expect(() => fullSynth(guard(stack, grantsOnDeclaredMounts))).toThrow(violation('HC-POLICY-3', 'test/ops', 'path', 'auth/approle/role/x', 'is not under a mount'));
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
