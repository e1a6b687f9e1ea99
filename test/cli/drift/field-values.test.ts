import { comparable, display, FieldSpec, valueAt } from '../../../cli/drift/field-values';

const spec = (kind: FieldSpec['kind'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ name: 'f', kind, default: kind === 'set' || kind === 'cidrs' ? [] : kind === 'map' ? {} : kind === 'bool' ? false : kind === 'string' ? '' : 0, ...extra });
const same = (s: FieldSpec, a: unknown, b: unknown) => comparable(s, a) === comparable(s, b);

describe('drift field values', () => {
  test.each([
    [['127.0.0.1/32'], ['127.0.0.1']],
    [['::1/128'], ['::1']],
    [['10.0.9.0/28', '127.0.0.1/32'], ['127.0.0.1', '10.0.9.0/28']],
    [[], null],
  ])('GIVEN CIDR lists %j and %j WHEN compared THEN they are the same blocks (bare address = one host, order and null ignored)', (a, b) => {
    expect(same(spec('cidrs'), a, b)).toBe(true);
  });

  test('GIVEN a wider block WHEN compared THEN it differs, and each side is shown as written', () => {
    expect(same(spec('cidrs'), ['127.0.0.1/32'], ['10.0.0.0/8'])).toBe(false);
    expect(display(spec('cidrs'), ['127.0.0.1', '10.0.0.0/8'])).toBe('127.0.0.1, 10.0.0.0/8');
    expect(display(spec('cidrs'), [])).toBe('(none)');
  });

  test.each([
    [0, '0s'],
    [2764800, '768h0m0s'],
    [3600, '1h'],
    [undefined, 0],
  ])('GIVEN durations %j and %j WHEN compared THEN they are equal in seconds', (a, b) => {
    expect(same(spec('seconds'), a, b)).toBe(true);
  });

  test('GIVEN seconds WHEN displayed THEN the number and a short form; 0 as 0', () => {
    expect(display(spec('seconds'), 3600)).toBe('3600 (1h)');
    expect(display(spec('seconds'), 2592000)).toBe('2592000 (30d)');
    expect(display(spec('seconds'), '0s')).toBe('0');
  });

  test('GIVEN sets, strings with an equivalent default, booleans as text WHEN compared THEN only real differences count', () => {
    expect(same(spec('set'), ['b', 'a'], ['a', 'b', 'a'])).toBe(true);
    expect(same(spec('set'), null, [])).toBe(true);
    expect(same(spec('set'), [], ['password'])).toBe(false);
    expect(same(spec('string', { sameAsDefault: ['hidden'] }), undefined, 'hidden')).toBe(true);
    expect(same(spec('string', { sameAsDefault: ['hidden'] }), undefined, 'unauth')).toBe(false);
    expect(same(spec('bool'), 'true', true)).toBe(true);
    expect(same(spec('bool', { default: true }), undefined, false)).toBe(false);
    expect(same(spec('int', { default: 1 }), undefined, 1)).toBe(true);
  });

  test('GIVEN a map with keys not listed as printable WHEN displayed THEN their values are masked', () => {
    expect(display(spec('map', { printableKeys: ['version'] }), { version: '2', token: 'x' })).toBe('token=(set), version=2');
    expect(display(spec('map'), {})).toBe('(none)');
  });

  test('GIVEN an API answer WHEN a dotted path is read THEN the nested value, or undefined', () => {
    expect(valueAt({ config: { max_lease_ttl: 5 } }, 'config.max_lease_ttl')).toBe(5);
    expect(valueAt({ config: null }, 'config.max_lease_ttl')).toBeUndefined();
  });
});
