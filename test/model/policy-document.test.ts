import { sortCapabilities } from '../../model/capabilities';
import { PolicyDocument, PolicyRuleError } from '../../model/policy-document';
import { parsePolicy } from '../../model/policy-parser';
import { parsePolicyPath } from '../../model/policy-path';

describe('PolicyDocument', () => {
  test('GIVEN rules added out of order WHEN rendered THEN paths are sorted and each block lists its reasons', () => {
    const doc = new PolicyDocument().addRule('transit/encrypt/k', ['update'], 'encrypt').addRule('secret/data/a/*', ['read'], 'read a');
    expect(doc.render('header')).toBe(
      ['# header', '', '# read a', 'path "secret/data/a/*" {', '  capabilities = ["read"]', '}', '', '# encrypt', 'path "transit/encrypt/k" {', '  capabilities = ["update"]', '}', ''].join('\n'),
    );
  });

  test('GIVEN two grants on one path WHEN read THEN capabilities merge in the one order without duplicates', () => {
    const doc = new PolicyDocument().addRule('p', ['list', 'read'], 'one').addRule('p', ['read', 'create'], 'two');
    expect(doc.rules).toEqual([{ path: 'p', capabilities: ['create', 'read', 'list'], reasons: ['one', 'two'] }]);
  });

  test('GIVEN parameter constraints WHEN rendered THEN the server reads them back as written (names lower-cased, sorted)', () => {
    const doc = new PolicyDocument().addRule('transit/keys/k/config', ['update'], 'config', {
      allowedParameters: { Exportable: [false], min_decryption_version: [] },
      deniedParameters: { audit_non_hmac_request_keys: [] },
      requiredParameters: ['b', 'a'],
    });
    const text = doc.render();
    expect(text).toContain('  allowed_parameters = {\n    "exportable" = [false]\n    "min_decryption_version" = []\n  }');
    const [rule] = parsePolicy('p', text).rules;
    expect(rule).toMatchObject({ allowedParameters: { exportable: [false], min_decryption_version: [] }, deniedParameters: { audit_non_hmac_request_keys: [] }, requiredParameters: ['a', 'b'] });
  });

  test('GIVEN a list of strings as an admitted value WHEN rendered THEN it is a nested list the parser reads back as that list; other non-scalars are refused', () => {
    const doc = new PolicyDocument().addRule('auth/approle/role/a', ['update'], 'pin', { allowedParameters: { token_policies: [['a', 'b'], ['b', 'a']] } });
    expect(doc.render()).toContain('"token_policies" = [["a", "b"], ["b", "a"]]');
    expect(parsePolicy('p', doc.render()).rules[0].allowedParameters).toEqual({ token_policies: [['a', 'b'], ['b', 'a']] });
    expect(() => new PolicyDocument().addRule('k', ['update'], 'why', { allowedParameters: { a: [[1] as never] } })).toThrow('allowed_parameters.a lists [1]; values are strings, numbers, booleans or lists of strings');
  });

  test.each([
    ['a/+*', ['read'], "invalid use of wildcards ('+*' is forbidden)"],
    ['/a/b', ['read'], 'write it without the leading "/"'],
    ['a/b', [], 'no capabilities'],
    ['a/b', ['subscribe'], 'invalid capability "subscribe": the server refuses it'],
  ] as const)('GIVEN path %j with %j WHEN added THEN it is refused the way the server would: %s', (p, caps, why) => {
    expect(() => new PolicyDocument().addRule(p, caps as never, 'why')).toThrow(PolicyRuleError);
    expect(() => new PolicyDocument().addRule(p, caps as never, 'why')).toThrow(why);
  });

  test('GIVEN a second grant on a path with other constraints WHEN added THEN it is refused (two grants cannot shape one block); the same constraints merge', () => {
    const doc = new PolicyDocument().addRule('k', ['update'], 'one', { allowedParameters: { a: [] } });
    expect(() => doc.addRule('k', ['read'], 'two')).toThrow('parameter constraints differ from an earlier grant on this path');
    doc.addRule('k', ['read'], 'three', { allowedParameters: { a: [] } });
    expect(doc.rules[0].capabilities).toEqual(['read', 'update']);
  });

  test('GIVEN no rules WHEN asked THEN the document is empty', () => {
    expect(new PolicyDocument().isEmpty).toBe(true);
  });
});

describe('one capability order', () => {
  test('GIVEN capabilities in any order WHEN sorted THEN create read update patch delete list scan sudo deny, unknown last', () => {
    expect(sortCapabilities(['subscribe', 'deny', 'sudo', 'scan', 'read', 'create'])).toEqual(['create', 'read', 'scan', 'sudo', 'deny', 'subscribe']);
  });
});

describe('policy paths as the server reads them', () => {
  test.each([
    ['secret/data/a', 'exact'],
    ['secret/data/*', 'prefix'],
    ['secret/+/a', 'segment'],
    ['+', 'segment'],
    ['+/x/*', 'segment'],
  ])('GIVEN %j WHEN parsed THEN it is a %s rule', (p, kind) => {
    expect(parsePolicyPath(p)).toMatchObject({ kind });
  });
});
