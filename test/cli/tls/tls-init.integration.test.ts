// `tls init` through the real CLI (in-process): the files it writes, their modes, what the
// certificates say, and that nothing is written when anything is wrong.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliRunner } from '../support/run-cli';

const mode = (f: string) => fs.statSync(f).mode & 0o777;
const cert = (f: string) => new X509Certificate(fs.readFileSync(f));
const extensions = (f: string) => execFileSync('openssl', ['x509', '-in', f, '-noout', '-ext', 'basicConstraints,keyUsage,extendedKeyUsage,subjectAltName'], { encoding: 'utf8' }).replace(/\s+/g, ' ').trim();
const lifetimeDays = (c: X509Certificate) => (new Date(c.validTo).getTime() - new Date(c.validFrom).getTime()) / 86_400_000;
const signature = (f: string) => /Signature Algorithm: (\S+)/.exec(execFileSync('openssl', ['x509', '-in', f, '-noout', '-text'], { encoding: 'utf8' }))?.[1];

describe('tls init', () => {
  let dir: string;
  const cli = cliRunner({});
  const keys: string[] = [];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-tls-init-'));
  });
  afterAll(() => {
    // No key in anything the CLI printed, in any test.
    const transcript = cli.transcript.join('\n');
    for (const k of keys) for (const line of k.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) expect(transcript).not.toContain(line);
    expect(keys.length).toBeGreaterThan(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const dirs = (name: string) => ({ out: path.join(dir, name, 'etc', 'tls'), ca: path.join(dir, name, 'offline', 'ca') });

  test('GIVEN --help WHEN run for tls, init and renew THEN each prints usage and exits 0', async () => {
    for (const cmd of [['tls'], ['tls', 'init'], ['tls', 'renew']]) {
      const run = await cli.run([...cmd, '--help']);
      expect({ cmd, code: run.code }).toEqual({ cmd, code: 0 });
      expect(run.stdout).toContain(`Usage: hoodcloud-ops ${cmd.join(' ')}`);
    }
  });

  test('GIVEN IPs and DNS names WHEN init runs THEN the server dir holds tls.crt, tls.key and ca.crt, the CA dir ca.crt and ca.key, with their modes', async () => {
    const d = dirs('basic');
    const run = await cli.run(['tls', 'init', '--out-dir', d.out, '--ca-dir', d.ca, '--ip', '127.0.0.1', '--ip', '::1', '--dns', 'localhost', '--dns', 'Vault.Internal']);
    expect(run.stderr).toContain('[4/4] Writing the files');
    expect(run.code).toBe(0);
    keys.push(fs.readFileSync(path.join(d.ca, 'ca.key'), 'utf8'), fs.readFileSync(path.join(d.out, 'tls.key'), 'utf8'));

    // The CA key is never where the server mounts its files.
    expect(fs.readdirSync(d.out).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    expect(fs.readdirSync(d.ca).sort()).toEqual(['ca.crt', 'ca.key']);
    expect([mode(d.out), mode(d.ca)]).toEqual([0o755, 0o700]);
    expect(mode(path.join(d.out, 'tls.key'))).toBe(0o600);
    expect(mode(path.join(d.ca, 'ca.key'))).toBe(0o600);
    for (const f of [path.join(d.out, 'tls.crt'), path.join(d.out, 'ca.crt'), path.join(d.ca, 'ca.crt')]) expect(mode(f)).toBe(0o644);
    expect(fs.readFileSync(path.join(d.out, 'ca.crt'), 'utf8')).toBe(fs.readFileSync(path.join(d.ca, 'ca.crt'), 'utf8'));

    const ca = cert(path.join(d.ca, 'ca.crt'));
    const server = cert(path.join(d.out, 'tls.crt'));
    expect(ca.subject).toBe('CN=HoodCloud Vault CA');
    expect(extensions(path.join(d.ca, 'ca.crt'))).toBe('X509v3 Basic Constraints: critical CA:TRUE, pathlen:0 X509v3 Key Usage: critical Certificate Sign, CRL Sign');
    expect(extensions(path.join(d.out, 'tls.crt'))).toBe(
      'X509v3 Basic Constraints: critical CA:FALSE X509v3 Key Usage: critical Digital Signature X509v3 Extended Key Usage: TLS Web Server Authentication ' +
        'X509v3 Subject Alternative Name: IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:localhost, DNS:vault.internal',
    );
    expect(server.subject).toBe('CN=localhost');
    expect(server.checkIssued(ca) && server.verify(ca.publicKey)).toBe(true);
    expect(server.checkPrivateKey(createPrivateKey(fs.readFileSync(path.join(d.out, 'tls.key'))))).toBe(true);
    expect(ca.checkPrivateKey(createPrivateKey(fs.readFileSync(path.join(d.ca, 'ca.key'))))).toBe(true);
    expect(server.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(signature(path.join(d.out, 'tls.crt'))).toBe('ecdsa-with-SHA256');
    expect([lifetimeDays(ca), lifetimeDays(server)]).toEqual([1826, 397]);
    execFileSync('openssl', ['verify', '-CAfile', path.join(d.ca, 'ca.crt'), '-purpose', 'sslserver', path.join(d.out, 'tls.crt')], { stdio: 'pipe' });

    expect(run.stdout).toContain(`server certificate ${path.join(d.out, 'tls.crt')}  (ECDSA P-256, IP:127.0.0.1, IP:::1, DNS:localhost, DNS:vault.internal, serial ${server.serialNumber}`);
    expect(run.stdout).toContain(`CA for clients     ${path.join(d.out, 'ca.crt')}  (VAULT_CACERT / --ca-cert)`);
  });

  test('GIVEN P-384 and shorter lifetimes WHEN init runs THEN the keys, signatures and validity follow them', async () => {
    const d = dirs('p384');
    const run = await cli.run(['tls', 'init', '--out-dir', d.out, '--ca-dir', d.ca, '--ip', '10.0.0.5', '--key-type', 'ecdsa-p384', '--ca-lifetime', '365d', '--server-lifetime', '2160h', '--ca-name', 'HoodCloud Vault CA (staging)']);
    expect(run.code).toBe(0);
    keys.push(fs.readFileSync(path.join(d.out, 'tls.key'), 'utf8'));
    const server = cert(path.join(d.out, 'tls.crt'));
    expect(server.publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    expect(signature(path.join(d.out, 'tls.crt'))).toBe('ecdsa-with-SHA384');
    expect(server.subject).toBe('CN=10.0.0.5');
    expect(server.issuer).toBe('CN=HoodCloud Vault CA (staging)');
    expect([lifetimeDays(cert(path.join(d.ca, 'ca.crt'))), lifetimeDays(server)]).toEqual([365, 90]);
  });

  test('GIVEN files from an earlier init WHEN init runs again THEN it refuses, naming them, and changes nothing', async () => {
    const d = dirs('twice');
    expect((await cli.run(['tls', 'init', '--out-dir', d.out, '--ca-dir', d.ca, '--ip', '127.0.0.1'])).code).toBe(0);
    const before = [path.join(d.out, 'tls.crt'), path.join(d.out, 'tls.key'), path.join(d.ca, 'ca.key')].map((f) => fs.readFileSync(f, 'utf8'));
    keys.push(before[1], before[2]);
    const run = await cli.run(['tls', 'init', '--out-dir', d.out, '--ca-dir', d.ca, '--ip', '127.0.0.1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: refusing to overwrite: ${path.join(d.out, 'tls.crt')}, ${path.join(d.out, 'tls.key')}, ${path.join(d.out, 'ca.crt')}, ${path.join(d.ca, 'ca.crt')}, ${path.join(d.ca, 'ca.key')} already exist(s)`);
    expect([path.join(d.out, 'tls.crt'), path.join(d.out, 'tls.key'), path.join(d.ca, 'ca.key')].map((f) => fs.readFileSync(f, 'utf8'))).toEqual(before);
  });

  test('GIVEN only the CA key exists WHEN init runs THEN it refuses and does not create the server directory', async () => {
    const d = dirs('partial');
    fs.mkdirSync(d.ca, { recursive: true });
    fs.writeFileSync(path.join(d.ca, 'ca.key'), 'precious');
    const run = await cli.run(['tls', 'init', '--out-dir', d.out, '--ca-dir', d.ca, '--ip', '127.0.0.1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`refusing to overwrite: ${path.join(d.ca, 'ca.key')} already exist(s)`);
    expect(fs.existsSync(path.join(dir, 'partial', 'etc'))).toBe(false);
    expect(fs.readFileSync(path.join(d.ca, 'ca.key'), 'utf8')).toBe('precious');
  });

  test.each([
    [['--ip', '127.0.0.1/32'], '--ip: "127.0.0.1/32" is not an IP address; expected an IPv4 or IPv6 address such as 127.0.0.1 or ::1'],
    [['--ip', '127.0.0.1', '--dns', 'vault_1.internal'], '--dns: "vault_1.internal" is not a DNS name; expected a host name such as vault.internal'],
    [[], 'no subject alternative name: pass --ip <address>'],
    [['--ip', '127.0.0.1', '--server-lifetime', '36h'], '--server-lifetime: "36h" (1d12h) is not a whole number of days'],
    [['--ip', '127.0.0.1', '--ca-lifetime', 'five years'], '--ca-lifetime: "five years" is not a duration'],
    [['--ip', '127.0.0.1', '--ca-lifetime', '30d'], '--server-lifetime: 397d is longer than --ca-lifetime 30d; a certificate cannot outlive its CA'],
    [['--ip', '127.0.0.1', '--key-type', 'rsa-2048'], "option '--key-type <type>' argument 'rsa-2048' is invalid. Allowed choices are ecdsa-p256, ecdsa-p384."],
    [['--ip', '127.0.0.1', '--ca-name', 'CN=evil/O=x'], '--ca-name: "CN=evil/O=x" is not a usable CA name'],
  ])('GIVEN %p WHEN init runs THEN it exits 2 naming the flag and value, and writes nothing', async (args, message) => {
    const d = dirs('invalid');
    const run = await cli.run(['tls', 'init', '--out-dir', d.out, '--ca-dir', d.ca, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(fs.existsSync(path.join(dir, 'invalid'))).toBe(false);
  });

  test('GIVEN --ca-dir inside --out-dir WHEN init runs THEN it refuses and writes nothing', async () => {
    const out = path.join(dir, 'nested', 'tls');
    const run = await cli.run(['tls', 'init', '--out-dir', out, '--ca-dir', path.join(out, 'ca'), '--ip', '127.0.0.1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--ca-dir: "${path.join(out, 'ca')}" is inside --out-dir "${out}"; the CA key must not be where the server mounts its files: choose a separate --ca-dir`);
    expect(fs.existsSync(path.join(dir, 'nested'))).toBe(false);
  });

  test('GIVEN --out-dir that is a file WHEN init runs THEN the flag and path are named', async () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    const run = await cli.run(['tls', 'init', '--out-dir', file, '--ca-dir', path.join(dir, 'a-file-ca'), '--ip', '127.0.0.1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--out-dir: "${file}" exists and is not a directory`);
    expect(fs.existsSync(path.join(dir, 'a-file-ca'))).toBe(false);
  });

  test('GIVEN a lifetime openssl cannot encode WHEN init runs THEN it fails with openssl\'s refusal and writes nothing', async () => {
    const d = dirs('openssl-fails');
    const run = await cli.run(['tls', 'init', '--out-dir', d.out, '--ca-dir', d.ca, '--ip', '127.0.0.1', '--ca-lifetime', '3000000d']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: openssl failed to create the CA certificate (exit 1)');
    expect(fs.existsSync(path.join(dir, 'openssl-fails'))).toBe(false);
  });
});
