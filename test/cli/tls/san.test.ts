import { canonicalIp, parseDnsName, parseIp, parseSubjectAltNames } from '../../../cli/tls/san';

describe('subject alternative names from --ip and --dns', () => {
  test('GIVEN IPv4 and IPv6 addresses WHEN parsed THEN each is kept in canonical form', () => {
    expect(parseIp('--ip', '127.0.0.1')).toBe('127.0.0.1');
    expect(parseIp('--ip', '0:0:0:0:0:0:0:1')).toBe('::1');
    expect(parseIp('--ip', '2001:DB8:0:0:0:0:0:10')).toBe('2001:db8::10');
    expect(canonicalIp('2001:db8::10')).toBe('2001:db8::10');
  });

  test.each(['localhost', '127.0.0.1/32', '127.0.0.1:8200', 'fe80::1%eth0', '300.1.1.1', '127.000.0.1', ''])(
    'GIVEN --ip %p WHEN parsed THEN the error names the flag, the value and the expected form',
    (value) => {
      expect(() => parseIp('--ip', value)).toThrow(`--ip: "${value}" is not an IP address; expected an IPv4 or IPv6 address such as 127.0.0.1 or ::1 (no CIDR, port or zone)`);
    },
  );

  test('GIVEN host names WHEN parsed THEN they are lower-cased', () => {
    expect(parseDnsName('--dns', 'Vault.Internal')).toBe('vault.internal');
    expect(parseDnsName('--dns', 'localhost')).toBe('localhost');
    expect(parseDnsName('--dns', 'vault-1.hoodcloud.example')).toBe('vault-1.hoodcloud.example');
  });

  test.each(['vault_internal', '-vault.internal', 'vault..internal', 'vault.internal.', 'a'.repeat(64) + '.internal', 'vault.123', 'https://vault.internal'])(
    'GIVEN --dns %p WHEN parsed THEN the error names the flag and value',
    (value) => {
      expect(() => parseDnsName('--dns', value)).toThrow(`--dns: "${value}" is not a DNS name; expected a host name such as vault.internal`);
    },
  );

  test('GIVEN an IP address or a wildcard as --dns WHEN parsed THEN the error says what to do instead', () => {
    expect(() => parseDnsName('--dns', '10.0.0.5')).toThrow('--dns: "10.0.0.5" is an IP address; pass it with --ip');
    expect(() => parseDnsName('--dns', '*.internal')).toThrow('--dns: "*.internal" is a wildcard; name each host the server answers as (wildcards are not issued)');
  });

  test('GIVEN repeated values WHEN combined THEN duplicates are dropped and the order kept', () => {
    expect(parseSubjectAltNames(['127.0.0.1', '::1', '0:0::1', '127.0.0.1'], ['localhost', 'LOCALHOST'])).toEqual({ ipAddresses: ['127.0.0.1', '::1'], dnsNames: ['localhost'] });
  });

  test('GIVEN neither --ip nor --dns WHEN combined THEN the error names both flags', () => {
    expect(() => parseSubjectAltNames([], [])).toThrow("no subject alternative name: pass --ip <address> (e.g. --ip 127.0.0.1, the server's bind address) and/or --dns <name>, each repeatable");
  });
});
