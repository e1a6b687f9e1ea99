import { cidrAdmits, cidrContains, coveredByUnion, familiesAdmittingEveryone, isBroaderThan, parseCidr, parseCidrList, toCidrNotation } from '../../model/cidr';

const cidr = (t: string) => {
  const r = parseCidr(t);
  if (!r.cidr) throw new Error(`${t}: ${r.problem}`);
  return r.cidr;
};

describe('parseCidr: one meaning of a CIDR block', () => {
  test.each([
    ['10.0.1.5/32', 4, 32, '10.0.1.5/32'],
    ['10.0.0.0/8', 4, 8, '10.0.0.0/8'],
    ['0.0.0.0/0', 4, 0, '0.0.0.0/0'],
    [' 10.0.1.0/24 ', 4, 24, '10.0.1.0/24'],
    ['2001:db8::/64', 6, 64, '2001:db8::/64'],
    ['2001:DB8:0:0::/64', 6, 64, '2001:db8::/64'],
    ['::/0', 6, 0, '::/0'],
  ])('GIVEN %j WHEN parsed THEN IPv%i /%i, written %j', (text, family, prefix, written) => {
    expect(cidr(text)).toMatchObject({ family, prefix, text: written });
  });

  test.each([
    ['10.0.1.5', '10.0.1.5/32'],
    ['::1', '::1/128'],
    ['2001:0db8::0001', '2001:db8::1/128'],
  ])('GIVEN the bare address %j WHEN parsed THEN it is one host, written %j', (text, written) => {
    expect(cidr(text).text).toBe(written);
    expect(toCidrNotation(text)).toBe(written);
  });

  test.each([
    ['10.0.0.5/8', 'has host bits set: it admits all of 10.0.0.0/8; write 10.0.0.0/8 for the network or 10.0.0.5/32 for the one host'],
    ['2001:db8::1/64', 'has host bits set: it admits all of 2001:db8::/64; write 2001:db8::/64 for the network or 2001:db8::1/128 for the one host'],
    ['fe80::1%eth0/64', 'has a zone index (after %)'],
    ['fe80::1%eth0', 'has a zone index (after %)'],
    ['10.0.1.300/32', 'is not an IPv4 or IPv6 address'],
    ['10.0.1.5/33', 'has prefix length 33; an IPv4 prefix is at most 32'],
    ['2001:db8::/129', 'an IPv6 prefix is at most 128'],
    ['10.0.1.5/', 'has prefix length ""'],
    ['10.0.1.5/-1', 'has prefix length "-1"'],
    ['10.0.0.0/8/8', 'has more than one "/"'],
    ['10.0.1/24', 'is not an IPv4 or IPv6 address'],
    ['localhost', 'is not an IPv4 or IPv6 address'],
    ['010.0.0.1/32', 'is not an IPv4 or IPv6 address'],
    ['', 'is empty'],
  ])('GIVEN %j WHEN parsed THEN the problem says %j', (text, problem) => {
    expect(parseCidr(text).problem).toContain(problem);
  });

  test.each([
    // Go reads an IPv4-mapped block /n (n >= 96) as the IPv4 block /n-96.
    ['::ffff:10.0.0.0/104', 4, 8],
    ['::ffff:0:0/96', 4, 0],
  ])('GIVEN the IPv4-mapped %j WHEN parsed THEN it is the IPv4 block /%i the server reads', (text, family, prefix) => {
    expect(cidr(text)).toMatchObject({ family, prefix });
  });

  test('GIVEN an IPv4-mapped block shorter than /96 WHEN parsed THEN it stays IPv6, as Go reads it, and its ffff bits are host bits (refused)', () => {
    expect(parseCidr('::ffff:10.0.0.0/80').problem).toContain('has host bits set: it admits all of ::/80');
  });

  test('GIVEN a list with a bad entry WHEN parsed THEN the good ones and each problem with its index', () => {
    const r = parseCidrList(['10.0.0.0/8', 'nope', '10.1.0.1']);
    expect(r.cidrs.map((c) => c.text)).toEqual(['10.0.0.0/8', '10.1.0.1/32']);
    expect(r.problems).toEqual([{ index: 1, value: 'nope', problem: expect.stringContaining('is not an IPv4 or IPv6 address') }]);
  });
});

describe('containment and unions', () => {
  test('GIVEN blocks WHEN containment is asked THEN host-in-range, range-in-range and cross-family behave', () => {
    expect(cidrContains(cidr('172.16.0.0/12'), cidr('172.17.0.1'))).toBe(true);
    expect(cidrContains(cidr('172.16.0.0/12'), cidr('172.32.0.1'))).toBe(false);
    expect(cidrContains(cidr('10.0.0.0/8'), cidr('0.0.0.0/0'))).toBe(false);
    expect(cidrContains(cidr('0.0.0.0/0'), cidr('::1'))).toBe(false);
    expect(cidrAdmits(cidr('127.0.0.0/8'), '127.0.0.2')).toBe(true);
    expect(cidrAdmits(cidr('127.0.0.1/32'), '127.0.0.2')).toBe(false);
  });

  test('GIVEN a block split across two smaller ones WHEN covered by their union is asked THEN it is covered; with a gap it is not', () => {
    expect(coveredByUnion(cidr('10.0.0.0/8'), [cidr('10.0.0.0/9'), cidr('10.128.0.0/9')])).toBe(true);
    expect(coveredByUnion(cidr('10.0.0.0/8'), [cidr('10.0.0.0/9'), cidr('10.192.0.0/10')])).toBe(false);
  });

  test.each([
    [['0.0.0.0/0'], [4]],
    [['::/0'], [6]],
    [['0.0.0.0/1', '128.0.0.0/1'], [4]],
    [['::/1', '8000::/1'], [6]],
    [['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/2', '::/0'], [4, 6]],
    [['::ffff:0:0/96'], [4]],
  ])('GIVEN %j WHEN asked who it admits THEN everyone of IPv%j', (cidrs, families) => {
    expect(familiesAdmittingEveryone(cidrs.map(cidr))).toEqual(families);
  });

  test.each([[['0.0.0.0/1']], [['0.0.0.0/1', '128.0.0.0/2']], [['::/1']], [[]]])('GIVEN %j (a near miss) WHEN asked THEN it does not admit everyone', (cidrs) => {
    expect(familiesAdmittingEveryone(cidrs.map(cidr))).toEqual([]);
  });

  test('GIVEN prefix bounds /16 and /48 WHEN blocks are compared THEN only shorter prefixes are broader', () => {
    const bounds = { ipv4: 16, ipv6: 48 };
    expect(['10.0.0.0/15', '10.0.0.0/16', '2001:db8::/47', '2001:db8::/48'].map((t) => isBroaderThan(cidr(t), bounds))).toEqual([true, false, true, false]);
  });
});
