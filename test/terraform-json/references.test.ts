import { parseReference, referencesIn, resolveReferences, TerraformExpressionError } from '../../terraform-json/references';

describe('Terraform JSON references', () => {
  test('GIVEN a plain reference WHEN parsed THEN address and attribute are split', () => {
    expect(parseReference(' vault_mount.kv_mount_AB12.path ')).toEqual({ address: 'vault_mount.kv_mount_AB12', attribute: 'path' });
  });

  test.each(['var.token', 'vault_mount.kv.path[0]', 'upper(vault_mount.kv.path)', 'vault_mount.kv'])('GIVEN the expression %p WHEN parsed THEN it is not a plain reference', (expr) => {
    expect(parseReference(expr)).toBeUndefined();
  });

  test('GIVEN nested values WHEN references are collected THEN every address appears once', () => {
    const value = { backend: '${vault_mount.t.path}', list: ['${vault_policy.p.name}', 'x-${vault_mount.t.path}'] };
    expect([...referencesIn(value, 'r')]).toEqual(['vault_mount.t', 'vault_policy.p']);
  });

  test('GIVEN a function call inside ${} WHEN references are collected THEN it fails naming where', () => {
    expect(() => referencesIn({ a: ['${upper(var.x)}'] }, 'vault_mount.m')).toThrow(new TerraformExpressionError('vault_mount.m.a[0]: expression ${upper(var.x)} is not a plain resource attribute reference'));
  });

  test('GIVEN whole and interpolated references WHEN resolved THEN whole ones keep their type and interpolated ones become text', () => {
    const lookup = ({ address, attribute }: { address: string; attribute: string }) => (attribute === 'list' ? ['a', 'b'] : `${address}/${attribute}`);
    expect(resolveReferences({ whole: '${a_b.c.list}', inner: 'p-${a_b.c.path}-s', other: '${var.x}' }, 'r', lookup)).toEqual({
      whole: ['a', 'b'],
      inner: 'p-a_b.c/path-s',
      other: '${var.x}',
    });
  });

  test('GIVEN a list interpolated into a string WHEN resolved THEN it fails naming where', () => {
    expect(() => resolveReferences('x-${a_b.c.list}', 'r.attr', () => ['a'])).toThrow('r.attr: reference a_b.c.list interpolated into a string is not a string or number');
  });
});
