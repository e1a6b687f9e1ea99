import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { AppRoleAuth } from '../../../constructs/approle-auth';
import { uniqueNames } from '../../../constructs/guardrails/unique-names';
import { appRole, fullSynth, guard, policy, synthErrors, vaultStack, violation } from '../support';

const FIX = 'give it its own name';

describe('HC-NAMES-1 (unique role and policy names)', () => {
  test('GIVEN two roles and two policies with distinct names WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    const auth = new AppRoleAuth(stack, 'approle');
    appRole(stack, 'a', { auth, roleName: 'hoodcloud-a' });
    appRole(stack, 'b', { auth, roleName: 'hoodcloud-b' });
    policy(stack, 'pa', 'service', 'hoodcloud-a');
    policy(stack, 'pb', 'service', 'hoodcloud-b');
    expect(() => fullSynth(guard(stack, uniqueNames))).not.toThrow();
  });

  test('GIVEN two policies with the same name WHEN synthesized THEN it fails naming rule, second policy, field, value and the first one', () => {
    const stack = vaultStack();
    policy(stack, 'first', 'service', 'hoodcloud-dup');
    policy(stack, 'second', 'operator', 'hoodcloud-dup');
    expect(() => fullSynth(guard(stack, uniqueNames))).toThrow(
      violation('HC-NAMES-1', 'test/second/policy', 'name', 'hoodcloud-dup', `is already used by test/first/policy; the second policy would overwrite the first, ${FIX}`),
    );
  });

  test('GIVEN two policy names that differ only in case WHEN synthesized THEN it fails (Vault lower-cases policy names)', () => {
    const stack = vaultStack();
    policy(stack, 'first', 'service', 'hoodcloud-dup');
    policy(stack, 'second', 'service', 'HoodCloud-Dup');
    expect(() => fullSynth(guard(stack, uniqueNames))).toThrow(violation('HC-NAMES-1', 'test/second/policy', 'name', 'HoodCloud-Dup', 'is already used by test/first/policy'));
  });

  test('GIVEN two raw roles with the same name on the same backend WHEN synthesized THEN it fails', () => {
    const stack = vaultStack();
    new ApproleAuthBackendRole(stack, 'first', { backend: 'approle', roleName: 'hoodcloud-dup' });
    new ApproleAuthBackendRole(stack, 'second', { backend: 'approle', roleName: 'hoodcloud-dup' });
    expect(() => fullSynth(guard(stack, uniqueNames))).toThrow(
      violation('HC-NAMES-1', 'test/second', 'role_name', 'hoodcloud-dup', `is already used by test/first; the second role would overwrite the first, ${FIX}`),
    );
  });

  // AppRole writes `backend` as a reference to the auth backend's path (a token); the rule resolves it.
  test('GIVEN two AppRole constructs with the same roleName on one AppRoleAuth WHEN synthesized THEN it fails', () => {
    const stack = vaultStack();
    const auth = new AppRoleAuth(stack, 'approle');
    appRole(stack, 'first', { auth, roleName: 'hoodcloud-dup' });
    appRole(stack, 'second', { auth, roleName: 'hoodcloud-dup' });
    expect(() => fullSynth(guard(stack, uniqueNames))).toThrow(violation('HC-NAMES-1', 'test/second/role', 'role_name', 'hoodcloud-dup', 'is already used by test/first/role'));
  });

  test('GIVEN the same role name on two different auth backends WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    const auth = new AppRoleAuth(stack, 'approle');
    const ci = new AppRoleAuth(stack, 'approle-ci', { path: 'approle-ci' });
    appRole(stack, 'a', { auth, roleName: 'hoodcloud-same' });
    appRole(stack, 'b', { auth: ci, roleName: 'hoodcloud-same' });
    new ApproleAuthBackendRole(stack, 'raw', { backend: 'approle-raw', roleName: 'hoodcloud-same' });
    expect(() => fullSynth(guard(stack, uniqueNames))).not.toThrow();
  });

  test('GIVEN a role and a policy sharing a name (the project convention) WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    const auth = new AppRoleAuth(stack, 'approle');
    const p = policy(stack, 'p', 'service', 'hoodcloud-control-plane');
    appRole(stack, 'r', { auth, roleName: 'hoodcloud-control-plane', policies: [p] });
    expect(() => fullSynth(guard(stack, uniqueNames))).not.toThrow();
  });

  test('GIVEN three policies with one name WHEN synthesized THEN the second and third are both reported at once', () => {
    const stack = vaultStack();
    policy(stack, 'one', 'service', 'x');
    policy(stack, 'two', 'service', 'x');
    policy(stack, 'three', 'service', 'x');
    expect(synthErrors(guard(stack, uniqueNames))).toEqual([
      expect.stringMatching(violation('HC-NAMES-1', 'test/two/policy', 'name', 'x', 'is already used by test/one/policy')),
      expect.stringMatching(violation('HC-NAMES-1', 'test/three/policy', 'name', 'x', 'is already used by test/one/policy')),
    ]);
  });
});
