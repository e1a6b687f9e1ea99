// Fixtures: public certificates only (EC P-256, made once with openssl; the keys were not kept):
// ca.pem and other-ca.pem (both "CN=doctor fixture CA", different keys), leaf.pem (IP:127.0.0.1,
// DNS:vault.internal, signed by ca.pem), intermediate.pem (signed by ca.pem) and
// leaf-via-intermediate.pem (IP:10.0.0.5, signed by the intermediate).
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluateTls, sanNamesHost, TlsFacts, verifiesAgainst } from '../../../cli/doctor/tls-certificate';
import { CertificateInfo } from '../../../cli/tls/certificate-info';

const fixture = (name: string) => new X509Certificate(fs.readFileSync(path.join(__dirname, 'fixtures', name)));
const DAY = 86_400_000;
const NOW = new Date('2026-12-01T12:00:00Z');
const WINDOW = 30 * 86400;

function info(over: Partial<CertificateInfo> = {}): CertificateInfo {
  const notAfter = over.notAfter ?? new Date(NOW.getTime() + 200 * DAY);
  return {
    subject: 'CN=127.0.0.1', issuer: 'CN=HoodCloud Vault CA', serialNumber: '01', fingerprint256: 'AA', isCa: false,
    ipAddresses: ['127.0.0.1'], dnsNames: [], notBefore: new Date(NOW.getTime() - DAY), notAfter,
    daysToExpiry: Math.floor((notAfter.getTime() - NOW.getTime()) / DAY), expired: notAfter.getTime() <= NOW.getTime(), keyDescription: 'ECDSA P-256',
    ...over,
  };
}
const https = (over: Partial<Extract<TlsFacts, { kind: 'https' }>> = {}): TlsFacts => ({
  kind: 'https', host: '127.0.0.1', leaf: info(), caSource: '--ca-cert "ca.crt"', ca: info({ subject: 'CN=HoodCloud Vault CA', isCa: true, notAfter: new Date(NOW.getTime() + 1000 * DAY) }),
  chainVerified: true, hostInSan: true, ...over,
});
const byCheck = (facts: TlsFacts) => Object.fromEntries(evaluateTls(facts, NOW, WINDOW).map((r) => [`${r.check} ${r.subject}`, r]));

describe('doctor: TLS certificate', () => {
  test('GIVEN a certificate that verifies, names the host and lives 200 days WHEN evaluated THEN chain, both expiries and SAN are ok', () => {
    const rows = evaluateTls(https(), NOW, WINDOW);
    expect(rows.map((r) => [r.check, r.subject, r.status])).toEqual([
      ['tls-chain', 'server certificate', 'ok'],
      ['tls-expiry', 'server certificate', 'ok'],
      ['tls-expiry', 'CA certificate (--ca-cert "ca.crt")', 'ok'],
      ['tls-san', '127.0.0.1', 'ok'],
    ]);
    expect(rows[0].detail).toBe('CN=127.0.0.1, issued by CN=HoodCloud Vault CA; verifies against --ca-cert "ca.crt"');
    expect(rows[1].detail).toBe('expires 2027-06-19T12:00:00.000Z, in 200d');
  });

  test('GIVEN a certificate expiring in 20 hours WHEN evaluated THEN expiry warns with tls renew and the reload', () => {
    const r = byCheck(https({ leaf: info({ notAfter: new Date(NOW.getTime() + 20 * 3600_000) }) }))['tls-expiry server certificate'];
    expect(r).toMatchObject({ status: 'warn', detail: 'expires 2026-12-02T08:00:00.000Z, in 20h (warning window 30d)' });
    expect(r.fix).toBe('npm run ops -- tls renew --out-dir <tls dir> --ca-dir <ca dir>, then reload the server (SIGHUP; a prod-server node mounts the TLS directory: docker kill --signal=HUP <node id, e.g. hoodcloud-vault-1>)');
  });

  test('GIVEN an expired certificate or one not yet valid WHEN evaluated THEN expiry fails', () => {
    expect(byCheck(https({ leaf: info({ notAfter: new Date(NOW.getTime() - DAY) }) }))['tls-expiry server certificate']).toMatchObject({ status: 'FAIL', detail: 'expired 2026-11-30T12:00:00.000Z' });
    expect(byCheck(https({ leaf: info({ notBefore: new Date(NOW.getTime() + DAY) }) }))['tls-expiry server certificate']).toMatchObject({ status: 'FAIL', fix: expect.stringContaining('NTP') });
  });

  test('GIVEN a certificate from another CA WHEN evaluated THEN the chain fails naming the CA source and the fix', () => {
    const r = byCheck(https({ chainVerified: false }))['tls-chain server certificate'];
    expect(r).toMatchObject({ status: 'FAIL', detail: 'CN=127.0.0.1, issued by CN=HoodCloud Vault CA; does not verify against --ca-cert "ca.crt" (CN=HoodCloud Vault CA)' });
    expect(r.fix).toContain('--ca-cert / VAULT_CACERT');
  });

  test('GIVEN an address host missing from the SANs WHEN evaluated THEN tls-san fails and the fix renews with that --ip or --dns', () => {
    expect(byCheck(https({ host: '10.0.0.5', hostInSan: false }))['tls-san 10.0.0.5']).toMatchObject({
      status: 'FAIL', detail: "the --address host is not among the certificate's subject alternative names (IP:127.0.0.1): clients refuse it",
      fix: expect.stringContaining('tls renew --out-dir <tls dir> --ca-dir <ca dir> --ip 10.0.0.5'),
    });
    expect(byCheck(https({ host: 'vault.internal', hostInSan: false }))['tls-san vault.internal'].fix).toContain('--dns vault.internal');
  });

  test('GIVEN http, or a listener that does not answer WHEN evaluated THEN one warn or FAIL row', () => {
    expect(evaluateTls({ kind: 'http' }, NOW, WINDOW)).toMatchObject([{ check: 'tls', status: 'warn' }]);
    expect(evaluateTls({ kind: 'unreachable', error: 'connect ECONNREFUSED' }, NOW, WINDOW)).toMatchObject([{ check: 'tls', status: 'FAIL', detail: 'cannot connect: connect ECONNREFUSED' }]);
  });

  test('GIVEN the system CAs (no --ca-cert) WHEN evaluated THEN the chain row says so and no CA expiry row is made', () => {
    const rows = evaluateTls(https({ caSource: undefined, ca: undefined, chainVerified: false, verifyError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }), NOW, WINDOW);
    expect(rows.map((r) => r.check)).toEqual(['tls-chain', 'tls-expiry', 'tls-san']);
    expect(rows[0].detail).toContain('does not verify against the system CAs (UNABLE_TO_VERIFY_LEAF_SIGNATURE)');
  });

  test('GIVEN real certificates WHEN chains are verified THEN direct and intermediate chains verify and another CA of the same name does not', () => {
    const [ca, other, leaf, inter, deep] = ['ca.pem', 'other-ca.pem', 'leaf.pem', 'intermediate.pem', 'leaf-via-intermediate.pem'].map(fixture);
    expect(verifiesAgainst([leaf], ca)).toBe(true);
    expect(verifiesAgainst([leaf, ca], ca)).toBe(true); // Node completes the chain with the trusted CA
    expect(verifiesAgainst([leaf], other)).toBe(false);
    expect(verifiesAgainst([deep, inter], ca)).toBe(true);
    expect(verifiesAgainst([deep], ca)).toBe(false);
    expect(verifiesAgainst([], ca)).toBe(false);
  });

  test('GIVEN real certificates WHEN the host is matched THEN only IP and DNS SANs count', () => {
    const leaf = fixture('leaf.pem');
    expect([sanNamesHost(leaf, '127.0.0.1'), sanNamesHost(leaf, 'vault.internal'), sanNamesHost(leaf, '127.0.0.2'), sanNamesHost(leaf, 'other.internal')]).toEqual([true, true, false, false]);
    expect(sanNamesHost(fixture('leaf-via-intermediate.pem'), '10.0.0.5')).toBe(true);
  });
});
