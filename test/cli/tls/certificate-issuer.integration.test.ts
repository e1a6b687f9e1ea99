import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCa, issueServerCertificate, serverCommonName, Workspace } from '../../../cli/tls/certificate-issuer';
import { chainsTo, parseCertificate } from '../../../cli/tls/certificate-info';

describe('making certificates with openssl in a private workspace', () => {
  let parent: string;
  beforeEach(() => { parent = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-issuer-')); });
  afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

  test('GIVEN a CA and a server certificate made WHEN the workspace closes THEN it held no server key and is gone', () => {
    let seen: string[] = [];
    const { ca, server } = Workspace.use((ws) => {
      expect(fs.statSync(ws.dir).mode & 0o777).toBe(0o700);
      const ca = createCa(ws, { commonName: 'Test CA', keyType: 'ecdsa-p256', days: 2 });
      const server = issueServerCertificate(ws, ca, { sans: { ipAddresses: ['127.0.0.1'], dnsNames: [] }, keyType: 'ecdsa-p256', days: 1 });
      seen = fs.readdirSync(ws.dir).map((f) => fs.readFileSync(path.join(ws.dir, f), 'utf8'));
      return { ca, server };
    }, parent);
    expect(fs.readdirSync(parent)).toEqual([]);
    expect(seen.some((content) => content === ca.keyPem)).toBe(true);
    expect(seen.some((content) => content.includes(server.keyPem.split('\n')[1]))).toBe(false);
    expect(chainsTo(parseCertificate(server.certPem, 'server'), parseCertificate(ca.certPem, 'ca'))).toBe(true);
  });

  test('GIVEN openssl fails WHEN the workspace closes THEN the CA key written for openssl is gone too', () => {
    expect(() => Workspace.use((ws) => createCa(ws, { commonName: 'Test CA', keyType: 'ecdsa-p256', days: 3_000_000 }), parent)).toThrow('openssl failed to create the CA certificate (exit 1)');
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  test('GIVEN DNS names and IPs WHEN the subject is chosen THEN the first DNS name wins, else the first IP', () => {
    expect(serverCommonName({ ipAddresses: ['127.0.0.1'], dnsNames: ['vault.internal', 'localhost'] })).toBe('vault.internal');
    expect(serverCommonName({ ipAddresses: ['::1', '127.0.0.1'], dnsNames: [] })).toBe('::1');
  });
});
