import { isOpenCidr, parseCidr, toCidrNotation } from '../../constructs/cidr';

describe('parseCidr', () => {
  test.each([
    ['10.0.1.5/32', { address: '10.0.1.5', prefix: 32, family: 4 }],
    ['10.0.0.0/8', { address: '10.0.0.0', prefix: 8, family: 4 }],
    ['0.0.0.0/0', { address: '0.0.0.0', prefix: 0, family: 4 }],
    ['10.0.1.5', { address: '10.0.1.5', prefix: 32, family: 4 }],
    [' 10.0.1.5/24 ', { address: '10.0.1.5', prefix: 24, family: 4 }],
    ['2001:db8::/64', { address: '2001:db8::', prefix: 64, family: 6 }],
    ['::1', { address: '::1', prefix: 128, family: 6 }],
    ['::/0', { address: '::', prefix: 0, family: 6 }],
  ])('GIVEN %j WHEN parsed THEN %j', (value, expected) => {
    expect(parseCidr(value)).toMatchObject(expected);
  });

  test.each([
    ['10.0.1.300/32', 'octet over 255'],
    ['10.0.1.5/33', 'IPv4 prefix over 32'],
    ['2001:db8::/129', 'IPv6 prefix over 128'],
    ['10.0.1.5/', 'empty prefix'],
    ['10.0.1.5/-1', 'negative prefix'],
    ['10.0.1.5/1000', 'four-digit prefix'],
    ['10.0.1.5/24/8', 'two prefixes'],
    ['10.0.1/24', 'three octets'],
    ['localhost', 'a host name'],
    ['', 'empty'],
  ])('GIVEN %j (%s) WHEN parsed THEN it does not parse', (value) => {
    expect(parseCidr(value)).toBeUndefined();
  });
});

describe('isOpenCidr', () => {
  test.each([
    ['0.0.0.0/0', true],
    ['::/0', true],
    ['10.0.0.0/0', true],
    ['0.0.0.0/1', false],
    ['::/1', false],
    ['10.0.0.0/8', false],
    ['0.0.0.0', false],
    ['not-a-cidr', false],
    // Vault (Go net.ParseCIDR, go-sockaddr) reads IPv4-mapped /96 as 0.0.0.0/0.
    ['::ffff:0.0.0.0/96', true],
    ['::ffff:0:0/96', true],
    ['::ffff:10.0.0.0/104', false],
  ])('GIVEN %j WHEN checked THEN open is %j', (value, expected) => {
    expect(isOpenCidr(value)).toBe(expected);
  });
});

describe('toCidrNotation', () => {
  test.each([
    ['10.0.1.5/32', '10.0.1.5/32'],
    ['10.0.1.5', '10.0.1.5/32'],
    ['10.0.1.0/24', '10.0.1.0/24'],
    ['2001:db8::1', '2001:db8::1/128'],
    ['2001:db8::/64', '2001:db8::/64'],
    ['not-a-cidr', 'not-a-cidr'],
  ])('GIVEN %j WHEN written for a role THEN %j (CIDR notation; the provider warns on bare addresses)', (value, expected) => {
    expect(toCidrNotation(value)).toBe(expected);
  });

  test.each([
    ['2001:DB8::1/128', '2001:db8::1/128'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1/128'],
    ['2001:DB8:0:0::/64', '2001:db8::/64'],
  ])('GIVEN the non-canonical IPv6 %j WHEN written THEN the canonical %j', (value, expected) => {
    expect(toCidrNotation(value)).toBe(expected);
  });
});
