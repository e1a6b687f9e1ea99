import { parsePolicy, PolicyParseError } from '../../model/policy-parser';
import { Acl, evaluate } from '../../review/acl-evaluator';

describe('policy parser', () => {
  test('GIVEN the HCL the policies/ renderer writes (leading comment, sorted blocks, wrapping TTLs) WHEN parsed THEN every rule is typed', () => {
    const doc = parsePolicy(
      'hoodcloud-control-plane',
      `# hoodcloud-control-plane: least privilege
path "secret/data/hoodcloud/control-plane/*" {
  capabilities = ["list", "read"]
}
path "transit/datakey/wrapped/hoodcloud-masterkey" {
  capabilities = ["update"]
  min_wrapping_ttl = "1s"
  max_wrapping_ttl = "300s"
}
`,
    );
    expect(doc.name).toBe('hoodcloud-control-plane');
    expect(doc.rules).toEqual([
      expect.objectContaining({ pattern: 'secret/data/hoodcloud/control-plane/*', kind: 'prefix', capabilities: new Set(['list', 'read']), deny: false, line: 2 }),
      expect.objectContaining({ pattern: 'transit/datakey/wrapped/hoodcloud-masterkey', kind: 'exact', capabilities: new Set(['update']), minWrappingTtlSeconds: 1, maxWrappingTtlSeconds: 300, line: 5 }),
    ]);
  });

  test('GIVEN a JSON policy (as the Vault docs show) WHEN parsed THEN it means the same as the HCL one', () => {
    const json = parsePolicy('j', JSON.stringify({ path: { 'secret/foo': { capabilities: ['read'] }, 'secret/+/bar*': { capabilities: ['list'] } } }));
    const hcl = parsePolicy('j', 'path "secret/foo" { capabilities = ["read"] }\npath "secret/+/bar*" { capabilities = ["list"] }');
    expect(json.rules.map((r) => [r.pattern, r.kind, [...r.capabilities]])).toEqual(hcl.rules.map((r) => [r.pattern, r.kind, [...r.capabilities]]));
    expect(json.rules[1].kind).toBe('segment');
  });

  test('GIVEN a JSON policy with a list of path objects WHEN parsed THEN each entry is a rule', () => {
    const doc = parsePolicy('j', '{"path": [{"a/b": {"capabilities": ["read"]}}, {"c/*": {"policy": "write"}}]}');
    expect(doc.rules.map((r) => r.pattern)).toEqual(['a/b', 'c/*']);
    expect([...doc.rules[1].capabilities].sort()).toEqual(['create', 'delete', 'list', 'read', 'update']);
  });

  test('GIVEN comments of every kind, commas between items and a leading slash WHEN parsed THEN they are ignored and the slash dropped', () => {
    const doc = parsePolicy(
      'c',
      `// line comment
/* block
   comment */ path "/sys/mounts" { capabilities = ["read", "list",], # trailing
  comment = "why" }
path = { "x/y" = { capabilities = ["deny", "read"] } }`,
    );
    expect(doc.rules[0]).toEqual(expect.objectContaining({ pattern: 'sys/mounts', capabilities: new Set(['read', 'list']), line: 3 }));
    expect(doc.rules[1]).toEqual(expect.objectContaining({ pattern: 'x/y', deny: true, capabilities: new Set() }));
  });

  test.each([
    ['+', 'segment'],
    ['+/x', 'segment'],
    ['a/+', 'segment'],
    ['a/+b', 'segment'],
    ['a+', 'exact'],
    ['a/b*', 'prefix'],
    ['a/+/b*', 'segment'],
    ['*', 'prefix'],
    ['a/*/b', 'exact'],
  ])('GIVEN path %p WHEN parsed THEN its kind is %p (the server\'s classification)', (pattern, kind) => {
    expect(parsePolicy('k', `path "${pattern}" { capabilities = ["read"] }`).rules[0].kind).toBe(kind);
  });

  test.each([
    ['path "a/+*" { capabilities = ["read"] }', `policy "p": path "a/+*": invalid use of wildcards ('+*' is forbidden)`],
    ['path "a" { capabilities = ["subscribe"] }', 'policy "p": path "a": invalid capability "subscribe" (expected one of create, read, update, patch, delete, list, sudo, scan, deny)'],
    ['path "a" { policy = "admin" }', 'policy "p": path "a": invalid policy "admin" (expected deny, read, write or sudo)'],
    ['path "a" { capabilitys = ["read"] }', 'policy "p": path "a": invalid key "capabilitys"'],
    ['paths "a" { capabilities = ["read"] }', 'policy "p": invalid key "paths" on line 1 (expected "path" or "name")'],
    ['path "a" { capabilities = "read" }', 'policy "p": path "a": capabilities must be a list of strings, found "read"'],
    ['path "a" { capabilities = ["read"] min_wrapping_ttl = "10s" max_wrapping_ttl = "5s" }', 'policy "p": path "a": max_wrapping_ttl (5s) cannot be less than min_wrapping_ttl (10s)'],
    ['path "a" { capabilities = ["read"] max_wrapping_ttl = "soon" }', 'policy "p": path "a": max_wrapping_ttl "soon" is not a duration'],
    ['path "a" { capabilities = ["read" }', 'policy "p": syntax error at line 1, column 35: expected "," or "]" in list, found "}"'],
    ['path "a {', 'policy "p": syntax error at line 1, column 10: unterminated string'],
    ['{"path": ', 'policy "p": syntax error at line 1, column 1: invalid JSON'],
  ])('GIVEN the malformed policy %p WHEN parsed THEN the error names the path, the bad value and what was expected', (text, message) => {
    expect(() => parsePolicy('p', text)).toThrow(PolicyParseError);
    expect(() => parsePolicy('p', text)).toThrow(message);
  });

  test('GIVEN a rule whose expiration has passed and one still valid WHEN parsed THEN only the valid one is kept (as the server does)', () => {
    const doc = parsePolicy('e', 'path "old" { capabilities = ["read"] expiration = "2001-01-01T00:00:00Z" }\npath "new" { capabilities = ["read"] expiration = "2999-01-01T00:00:00Z" }');
    expect(doc.rules.map((r) => r.pattern)).toEqual(['new']);
  });

  test('GIVEN legacy policy = "read" plus capabilities WHEN parsed THEN both add up, and policy = "deny" overrides everything', () => {
    const doc = parsePolicy('l', 'path "a" { policy = "read" capabilities = ["update"] }\npath "b" { policy = "deny" capabilities = ["read"] }');
    expect([...doc.rules[0].capabilities].sort()).toEqual(['list', 'read', 'update']);
    expect(doc.rules[1]).toEqual(expect.objectContaining({ deny: true, capabilities: new Set() }));
  });
});

describe('documented ACL rules (Vault docs concepts/policies "Priority matching")', () => {
  const acl = (text: string) => new Acl([parsePolicy('doc', text)]);

  test('GIVEN "secret/foo*" WHEN secret/foobar and secret/foo/bar are asked THEN both match (a glob is a plain prefix, not a segment)', () => {
    const a = acl('path "secret/foo*" { capabilities = ["read"] }');
    expect(a.evaluate('secret/foobar')).toEqual(new Set(['read']));
    expect(a.evaluate('secret/foo/bar')).toEqual(new Set(['read']));
    expect(a.evaluate('secret/fo')).toEqual(new Set());
  });

  test('GIVEN "secret/bar/*" WHEN secret/bar is asked THEN it does not match (the slash is part of the prefix)', () => {
    expect(acl('path "secret/bar/*" { capabilities = ["read"] }').evaluate('secret/bar')).toEqual(new Set());
  });

  test('GIVEN "secret/+/teamb" WHEN one, two or zero segments stand in for + THEN only exactly one matches', () => {
    const a = acl('path "secret/+/teamb" { capabilities = ["read"] }');
    expect(a.evaluate('secret/foo/teamb')).toEqual(new Set(['read']));
    expect(a.evaluate('secret/foo/bar/teamb')).toEqual(new Set());
    expect(a.evaluate('secret/teamb')).toEqual(new Set());
  });

  test('GIVEN a broad glob and a narrower glob WHEN a path under the narrower one is asked THEN only the longest prefix counts (no union across patterns)', () => {
    const a = acl('path "secret/*" { capabilities = ["create", "read", "update"] }\npath "secret/super-secret/*" { capabilities = ["list"] }');
    expect(a.evaluate('secret/super-secret/x')).toEqual(new Set(['list']));
    expect(a.evaluate('secret/other')).toEqual(new Set(['create', 'read', 'update']));
  });

  test('GIVEN an exact rule and a glob covering it WHEN the exact path is asked THEN the exact rule wins even if it grants less', () => {
    const a = acl('path "secret/*" { capabilities = ["read", "update"] }\npath "secret/a" { capabilities = ["read"] }');
    expect(a.evaluate('secret/a')).toEqual(new Set(['read']));
  });

  test('GIVEN the same pattern in two policies WHEN asked THEN the capabilities are united, and a deny in either wins', () => {
    const p1 = parsePolicy('p1', 'path "kv/x" { capabilities = ["read"] }\npath "kv/y" { capabilities = ["read", "sudo"] }');
    const p2 = parsePolicy('p2', 'path "kv/x" { capabilities = ["update"] }\npath "kv/y" { capabilities = ["deny"] }');
    expect(evaluate([p1, p2], 'kv/x')).toEqual(new Set(['read', 'update']));
    expect(evaluate([p1, p2], 'kv/y')).toEqual(new Set());
    expect(evaluate([p2, p1], 'kv/y')).toEqual(new Set());
    expect(new Acl([p1, p2]).serverCapabilities('kv/y')).toEqual(['deny']);
  });

  test('GIVEN an exact rule on "kv/dir" WHEN "kv/dir/" is asked THEN capabilities (a LIST) see it but a READ does not', () => {
    const a = acl('path "kv/dir" { capabilities = ["list", "read"] }');
    expect(a.evaluate('kv/dir/')).toEqual(new Set(['list', 'read']));
    expect(a.allows('list', 'kv/dir/')).toBe(true);
    expect(a.allows('read', 'kv/dir/')).toBe(false);
  });

  test('GIVEN a rule with an empty capability list WHEN it is the most specific match THEN it shadows broader grants (nothing allowed)', () => {
    const a = acl('path "kv/*" { capabilities = ["read"] }\npath "kv/locked/*" { capabilities = [] }');
    expect(a.serverCapabilities('kv/locked/x')).toEqual(['deny']);
    expect(a.evaluate('kv/open')).toEqual(new Set(['read']));
  });
});
