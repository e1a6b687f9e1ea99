// A throwaway CA and a server certificate for loopback addresses (127.0.0.1 by default), made with the openssl CLI for real-server TLS tests.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TestTls {
  readonly caFile: string;
  readonly caPem: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** `days`: validity of the CA and the server certificate (default 2). */
export function makeTestTls(dir: string, ips: readonly string[] = ['127.0.0.1'], opts: { days?: number } = {}): TestTls {
  const days = String(opts.days ?? 2);
  fs.mkdirSync(dir, { recursive: true });
  const f = (n: string) => path.join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', days, '-subj', '/CN=hoodcloud test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('tls.key'), '-out', f('tls.csr'), '-subj', `/CN=${ips[0]}`);
  fs.writeFileSync(f('ext.cnf'), `subjectAltName=${ips.map((ip) => `IP:${ip}`).join(',')}\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n`);
  ssl('x509', '-req', '-in', f('tls.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('tls.crt'), '-days', days, '-extfile', f('ext.cnf'));
  return { caFile: f('ca.crt'), caPem: fs.readFileSync(f('ca.crt'), 'utf8'), certFile: f('tls.crt'), keyFile: f('tls.key') };
}

/** A committed public CA certificate (its key was discarded) for unit tests that only need a PEM CA file: no openssl run. */
export const PUBLIC_TEST_CA_FILE = path.join(__dirname, 'fixtures', 'public-test-ca.crt');
