// The cases of Vault's / OpenBao's own ACL tests (internal/vault/policy/acl_test.go:
// TestACL_Capabilities, TestACL_Single, TestACL_Layered, TestACL_SegmentWildcardPriority,
// TestACLGrantingPolicies), re-stated as table tests against the review's evaluator.
import { Operation } from '../../model/capabilities';
import { parsePolicy } from '../../model/policy-parser';
import { Acl } from '../../review/acl-evaluator';

const ACL_POLICY = `
name = "DeV"
path "dev/*" {
	policy = "sudo"
}
path "stage/*" {
	policy = "write"
}
path "stage/aws/*" {
	policy = "read"
	capabilities = ["update", "sudo"]
}
path "stage/aws/policy/*" {
	policy = "sudo"
}
path "prod/*" {
	policy = "read"
}
path "prod/aws/*" {
	policy = "deny"
}
path "sys/*" {
	policy = "deny"
}
path "foo/bar" {
	capabilities = ["read", "create", "sudo"]
}
path "baz/quux" {
	capabilities = ["read", "create", "patch"]
}
path "test/+/segment" {
	capabilities = ["read"]
}
path "+/segment/at/front" {
	capabilities = ["read"]
}
path "test/segment/at/end/+" {
	capabilities = ["read"]
}
path "test/segment/at/end/v2/+/" {
	capabilities = ["read"]
}
path "test/+/wildcard/+/*" {
	capabilities = ["read"]
}
path "test/+/wildcardglob/+/end*" {
	capabilities = ["read"]
}
path "1/2/*" {
	capabilities = ["create"]
}
path "1/2/+" {
	capabilities = ["read"]
}
path "1/2/+/+" {
	capabilities = ["update"]
}
path "asdf/fdsa" {
	capabilities = ["scan"]
}
`;

const ACL_POLICY_2 = `
name = "OpS"
path "dev/hide/*" {
	policy = "deny"
}
path "stage/aws/policy/*" {
	policy = "deny"
	# This should have no effect
	capabilities = ["read", "update", "sudo"]
}
path "prod/*" {
	policy = "write"
}
path "sys/seal" {
	policy = "sudo"
}
path "foo/bar" {
	capabilities = ["deny"]
}
path "baz/quux" {
	capabilities = ["deny"]
}
`;

type Case = [op: Operation, path: string, allowed: boolean, rootPrivs: boolean];

describe('ACL evaluator against the cases of Vault/OpenBao acl_test.go', () => {
  const single = new Acl([parsePolicy('dev', ACL_POLICY)]);
  const layered = new Acl([parsePolicy('dev', ACL_POLICY), parsePolicy('ops', ACL_POLICY_2)]);

  test('GIVEN the root policy WHEN capabilities are asked on any path THEN the answer is ["root"]', () => {
    const root = new Acl([{ name: 'root', rules: [] }]);
    expect(root.serverCapabilities('any/path')).toEqual(['root']);
    expect(root.allows('update', 'sys/mount/foo')).toBe(true);
    expect(root.rootPrivileges('update', 'sys/mount/foo')).toBe(true);
  });

  test('GIVEN the root policy WHEN combined with another policy THEN it is refused', () => {
    expect(() => new Acl([{ name: 'root', rules: [] }, parsePolicy('dev', ACL_POLICY)])).toThrow('policy "root" cannot be combined');
  });

  test.each([
    ['dev', ['deny']],
    ['dev/', ['create', 'delete', 'list', 'read', 'sudo', 'update']],
    ['stage/aws/test', ['list', 'read', 'sudo', 'update']],
  ])('GIVEN aclPolicy WHEN sys/capabilities is asked for %p THEN it answers %p (TestACL_Capabilities)', (path, expected) => {
    expect(single.serverCapabilities(path)).toEqual(expected);
  });

  const singleCases: Case[] = [
    ['read', 'sys/mount/foo', false, false],
    ['read', 'root', false, false],
    ['help', 'root', true, false],
    ['read', 'dev/foo', true, true],
    ['update', 'dev/foo', true, true],
    ['delete', 'stage/foo', true, false],
    ['list', 'stage/aws/foo', true, true],
    ['update', 'stage/aws/foo', true, true],
    ['update', 'stage/aws/policy/foo', true, true],
    ['delete', 'prod/foo', false, false],
    ['update', 'prod/foo', false, false],
    ['read', 'prod/foo', true, false],
    ['list', 'prod/foo', true, false],
    ['read', 'prod/aws/foo', false, false],
    ['read', 'foo/bar', true, true],
    ['list', 'foo/bar', false, true],
    ['update', 'foo/bar', false, true],
    ['create', 'foo/bar', true, true],
    ['read', 'baz/quux', true, false],
    ['create', 'baz/quux', true, false],
    ['patch', 'baz/quux', true, false],
    ['list', 'baz/quux', false, false],
    ['update', 'baz/quux', false, false],
    ['scan', 'baz/quux', false, false],
    ['scan', 'asdf/fdsa', true, false],
    ['list', 'asdf/fdsa', false, false],
    ['read', 'test/foo/bar/segment', false, false],
    ['read', 'test/foo/segment', true, false],
    ['read', 'test/bar/segment', true, false],
    ['read', 'test/segment/at/frond', false, false],
    ['read', 'test/segment/at/front', true, false],
    ['read', 'test/segment/at/end/foo', true, false],
    ['read', 'test/segment/at/end/foo/', false, false],
    ['read', 'test/segment/at/end/v2/foo/', true, false],
    ['read', 'test/segment/wildcard/at/foo/', true, false],
    ['read', 'test/segment/wildcard/at/end', true, false],
    ['read', 'test/segment/wildcard/at/end/', true, false],
    ['read', '1/2/3/4', false, false],
    ['read', '1/2/3', true, false],
    ['update', '1/2/3', false, false],
    ['update', '1/2/3/4', true, false],
    ['create', '1/2/3/4/5', true, false],
  ];
  test.each(singleCases)('GIVEN aclPolicy alone WHEN %s %p THEN allowed=%p, root privileges=%p (TestACL_Single)', (op, path, allowed, rootPrivs) => {
    expect(single.allows(op, path)).toBe(allowed);
    expect(single.rootPrivileges(op, path)).toBe(rootPrivs);
  });

  const layeredCases: Case[] = [
    ['read', 'sys/mount/foo', false, false],
    ['read', 'root', false, false],
    ['help', 'root', true, false],
    ['read', 'dev/foo', true, true],
    ['update', 'dev/foo', true, true],
    ['read', 'dev/hide/foo', false, false],
    ['update', 'dev/hide/foo', false, false],
    ['delete', 'stage/foo', true, false],
    ['list', 'stage/aws/foo', true, true],
    ['update', 'stage/aws/foo', true, true],
    ['update', 'stage/aws/policy/foo', false, false],
    ['delete', 'prod/foo', true, false],
    ['update', 'prod/foo', true, false],
    ['read', 'prod/foo', true, false],
    ['list', 'prod/foo', true, false],
    ['read', 'prod/aws/foo', false, false],
    ['read', 'sys/status', false, false],
    ['update', 'sys/seal', true, true],
    ['read', 'foo/bar', false, false],
    ['list', 'foo/bar', false, false],
    ['update', 'foo/bar', false, false],
    ['create', 'foo/bar', false, false],
    ['read', 'baz/quux', false, false],
    ['list', 'baz/quux', false, false],
    ['update', 'baz/quux', false, false],
    ['create', 'baz/quux', false, false],
    ['patch', 'baz/quux', false, false],
  ];
  test.each(layeredCases)('GIVEN aclPolicy and aclPolicy2 WHEN %s %p THEN allowed=%p, root privileges=%p (TestACL_Layered)', (op, path, allowed, rootPrivs) => {
    expect(layered.allows(op, path)).toBe(allowed);
    expect(layered.rootPrivileges(op, path)).toBe(rootPrivs);
  });

  // Each pair: a read rule and an update rule, where the update rule must win on the path.
  test.each([
    ['+/*', '*', 'foo/bar/bar/baz'],
    ['+/*', 'foo/+/*', 'foo/bar/bar/baz'],
    ['foo/+/+/*', 'foo/+/bar/baz', 'foo/bar/bar/baz'],
    ['foo/+/+/baz', 'foo/+/bar/baz', 'foo/bar/bar/baz'],
    ['foo/+/(ar/baz', 'foo/(ar/+/baz', 'foo/(ar/(ar/baz'],
    ['foo/bar/+/baz*', 'foo/bar/+/baz', 'foo/bar/bar/baz'],
    ['foo/bar/+/b*', 'foo/bar/+/ba*', 'foo/bar/bar/baz'],
  ])('GIVEN read on %p and update on %p WHEN %p is asked THEN the update rule wins (TestACL_SegmentWildcardPriority)', (readRule, updateRule, path) => {
    for (const order of [
      [readRule, updateRule],
      [updateRule, readRule],
    ]) {
      const text = order.map((p) => `path "${p}" { capabilities = ["${p === updateRule ? 'update' : 'read'}"] }`).join('\n');
      const acl = new Acl([parsePolicy('prio', text)]);
      expect(acl.allows('update', path)).toBe(true);
      expect(acl.allows('read', path)).toBe(false);
      expect(acl.decide(path, 'update').rule?.pattern).toBe(updateRule);
    }
  });

  const GRANTING = `
name = "granting_policy"
path "kv/foo" { capabilities = ["update", "read"] }
path "kv/path/*" { capabilities = ["read"] }
path "kv/path/longer" { capabilities = ["update", "read"] }
path "kv/path/longer2" { capabilities = ["update"] }
path "kv/deny" { capabilities = ["deny"] }
path "ns1/kv/foo" { capabilities = ["update", "read"] }
`;
  const GRANTING_MERGED = `
name = "granting_policy_merged"
path "kv/foo" { capabilities = ["update", "read"] }
path "kv/bar" { capabilities = ["update", "read"] }
path "kv/path/*" { capabilities = ["read"] }
path "kv/path/longer" { capabilities = ["read"] }
path "kv/path/longer3" { capabilities = ["read"] }
path "kv/deny" { capabilities = ["update"] }
`;
  test.each([
    ['kv/foo', 'read', ['g'], ['g'], true],
    ['kv/foo', 'update', ['g'], ['g'], true],
    ['kv/bad', 'read', ['g'], undefined, false],
    ['kv/deny', 'read', ['g'], ['g'], false],
    ['kv/path/foo', 'read', ['g'], ['g'], true],
    ['kv/path/longer', 'read', ['g'], ['g'], true],
    ['kv/foo', 'read', ['g', 'm'], ['g', 'm'], true],
    ['kv/path/longer3', 'read', ['g', 'm'], ['m'], true],
    ['kv/bar', 'read', ['g', 'm'], ['m'], true],
    ['kv/deny', 'read', ['g', 'm'], ['g', 'm'], false],
    ['kv/path/longer', 'update', ['g', 'm'], ['g', 'm'], true],
    ['kv/path/foo', 'read', ['g', 'm'], ['g', 'm'], true],
  ] as const)('GIVEN the granting policies (case %#) WHEN %p is asked for %s THEN the deciding rule names its policies (TestACLGrantingPolicies)', (path, op, which, policies, allowed) => {
    const docs = which.map((w) => (w === 'g' ? parsePolicy('g', GRANTING) : parsePolicy('m', GRANTING_MERGED)));
    const acl = new Acl(docs);
    expect(acl.allows(op as Operation, path)).toBe(allowed);
    expect(acl.decide(path, op as Operation).rule?.policies).toEqual(policies);
  });
});
