import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chainsTo, formatSans, inspectCertificate, parseCertificate } from '../../../cli/tls/certificate-info';
import { makeTestTls, TestTls } from '../support/tls';

describe('inspecting a certificate (what `ops doctor` will check)', () => {
  let dir: string;
  let tls: TestTls;
  let otherTls: TestTls;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-cert-info-'));
    tls = makeTestTls(path.join(dir, 'a'), ['127.0.0.1', '::1']);
    // Same CA name ("hoodcloud test CA"), another key: only the signature tells them apart.
    otherTls = makeTestTls(path.join(dir, 'b'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cert = (f: string) => parseCertificate(fs.readFileSync(f), f);

  test('GIVEN a server certificate and its CA WHEN inspected THEN subject, SANs, key and chain are reported', () => {
    const info = inspectCertificate(cert(tls.certFile), { ca: cert(tls.caFile) });
    expect(info).toMatchObject({ subject: 'CN=127.0.0.1', issuer: 'CN=hoodcloud test CA', isCa: false, ipAddresses: ['127.0.0.1', '::1'], dnsNames: [], keyDescription: 'RSA 2048', chainsToCa: true, expired: false });
    expect(info.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(formatSans(info)).toBe('IP:127.0.0.1, IP:::1');
  });

  test('GIVEN another CA with the same name WHEN the chain is checked THEN it does not verify', () => {
    expect(chainsTo(cert(tls.certFile), cert(otherTls.caFile))).toBe(false);
    expect(inspectCertificate(cert(tls.certFile), { ca: cert(otherTls.caFile) }).chainsToCa).toBe(false);
  });

  test('GIVEN a leaf certificate as the CA WHEN the chain is checked THEN it does not verify', () => {
    expect(chainsTo(cert(tls.certFile), cert(tls.certFile))).toBe(false);
  });

  test('GIVEN a time WHEN inspected THEN days to expiry and expiry follow it', () => {
    const c = cert(tls.certFile);
    const notAfter = new Date(c.validTo);
    expect(inspectCertificate(c, { now: new Date(notAfter.getTime() - 10.5 * 86_400_000) }).daysToExpiry).toBe(10);
    const after = inspectCertificate(c, { now: new Date(notAfter.getTime() + 86_400_000) });
    expect(after).toMatchObject({ expired: true, daysToExpiry: -1 });
    expect(inspectCertificate(c).chainsToCa).toBeUndefined();
  });

  test('GIVEN a file that is not a certificate WHEN parsed THEN the error names it', () => {
    expect(() => parseCertificate(fs.readFileSync(tls.keyFile), '--ca-cert "key.pem"')).toThrow('--ca-cert "key.pem" is not a PEM certificate');
  });
});
