// `tls renew` through the real CLI (in-process): a new key and certificate from the same CA, the
// SANs kept or replaced, the files replaced together, and every refusal before anything changes.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { CliIo } from '../../../cli/io';
import { runTlsRenew } from '../../../cli/tls/tls-renew';
import { cliRunner } from '../support/run-cli';

const mode = (f: string) => fs.statSync(f).mode & 0o777;
const cert = (f: string) => new X509Certificate(fs.readFileSync(f));
const read = (f: string) => fs.readFileSync(f, 'utf8');
const quietIo: CliIo = { env: {}, out: () => undefined, err: () => undefined, stdin: new PassThrough(), sleep: async () => undefined };

describe('tls renew', () => {
  let dir: string;
  const cli = cliRunner({});
  const keys: string[] = [];
  let n = 0;

  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-tls-renew-')); });
  afterAll(() => {
    const transcript = cli.transcript.join('\n');
    for (const k of keys) for (const line of k.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) expect(transcript).not.toContain(line);
    expect(keys.length).toBeGreaterThan(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh `tls init` in its own directories. */
  async function initialized(...extra: string[]) {
    const base = path.join(dir, `case-${++n}`);
    const d = { out: path.join(base, 'tls'), ca: path.join(base, 'ca') };
    const run = await cli.run(['tls', 'init', '--out-dir', d.out, '--ca-dir', d.ca, '--ip', '127.0.0.1', '--dns', 'localhost', ...extra]);
    expect(run.code).toBe(0);
    const f = {
      ...d,
      serverCert: path.join(d.out, 'tls.crt'), serverKey: path.join(d.out, 'tls.key'), serverCa: path.join(d.out, 'ca.crt'),
      caCert: path.join(d.ca, 'ca.crt'), caKey: path.join(d.ca, 'ca.key'),
    };
    keys.push(read(f.serverKey), read(f.caKey));
    return f;
  }
  const snapshot = (files: readonly string[]) => files.map((f) => (fs.existsSync(f) ? read(f) : undefined));

  test('GIVEN an initialized pair WHEN renewed without SANs THEN a new key and certificate from the same CA keep the SANs', async () => {
    const f = await initialized();
    const old = cert(f.serverCert);
    const oldKey = read(f.serverKey);
    const caFiles = snapshot([f.caCert, f.caKey, f.serverCa]);
    const run = await cli.run(['tls', 'renew', '--out-dir', f.out, '--ca-dir', f.ca]);
    expect(run.code).toBe(0);
    keys.push(read(f.serverKey));

    const renewed = cert(f.serverCert);
    expect(renewed.serialNumber).not.toBe(old.serialNumber);
    expect(read(f.serverKey)).not.toBe(oldKey);
    expect(renewed.subjectAltName).toBe(old.subjectAltName);
    expect(renewed.checkPrivateKey(createPrivateKey(read(f.serverKey)))).toBe(true);
    const ca = cert(f.caCert);
    expect(renewed.checkIssued(ca) && renewed.verify(ca.publicKey)).toBe(true);
    expect(snapshot([f.caCert, f.caKey, f.serverCa])).toEqual(caFiles);
    expect([mode(f.serverKey), mode(f.serverCert)]).toEqual([0o600, 0o644]);
    expect(fs.readdirSync(f.out).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);

    expect(run.stderr).toContain('(the current SANs)');
    expect(run.stdout).toContain(`server certificate ${f.serverCert}  (ECDSA P-256, IP:127.0.0.1, DNS:localhost, serial ${renewed.serialNumber}`);
    expect(run.stdout).toContain(`replaced           serial ${old.serialNumber} (IP:127.0.0.1, DNS:localhost, expires `);
    expect(run.stdout).toContain('reload: send SIGHUP to the server process (kill -HUP <pid>)');
    expect(run.stdout).toContain('A prod-server node mounts the certificate\'s directory, so it sees the renewed files: `docker kill --signal=HUP <node id>`');
  });

  test('GIVEN new --ip and --dns WHEN renewed THEN exactly those are the SANs', async () => {
    const f = await initialized();
    const run = await cli.run(['tls', 'renew', '--out-dir', f.out, '--ca-dir', f.ca, '--ip', '10.0.0.5', '--dns', 'vault.internal', '--server-lifetime', '30d', '--key-type', 'ecdsa-p384']);
    expect(run.code).toBe(0);
    keys.push(read(f.serverKey));
    const renewed = cert(f.serverCert);
    expect(renewed.subjectAltName).toBe('IP Address:10.0.0.5, DNS:vault.internal');
    expect(renewed.publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    expect((new Date(renewed.validTo).getTime() - new Date(renewed.validFrom).getTime()) / 86_400_000).toBe(30);
  });

  test('GIVEN a server certificate whose owner is kept WHEN renewed THEN the new key and certificate have the same owner', async () => {
    const f = await initialized();
    // As root (production), another owner, e.g. the server's user; otherwise the only owner one can give.
    const owner = process.getuid?.() === 0 ? { uid: 1234, gid: 2345 } : { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
    fs.chownSync(f.serverKey, owner.uid, owner.gid);
    fs.chownSync(f.serverCert, owner.uid, owner.gid);
    expect((await cli.run(['tls', 'renew', '--out-dir', f.out, '--ca-dir', f.ca])).code).toBe(0);
    keys.push(read(f.serverKey));
    for (const file of [f.serverKey, f.serverCert]) expect({ file, uid: fs.statSync(file).uid, gid: fs.statSync(file).gid }).toEqual({ file, ...owner });
  });

  test('GIVEN the --ca-dir of another CA WHEN renewed THEN it refuses and changes nothing', async () => {
    const f = await initialized();
    const other = await initialized();
    const before = snapshot([f.serverCert, f.serverKey, f.serverCa]);
    const run = await cli.run(['tls', 'renew', '--out-dir', f.out, '--ca-dir', other.ca]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: --out-dir: "${f.serverCert}" was not issued by the CA in --ca-dir (CN=HoodCloud Vault CA); pass the --ca-dir of the CA that clients trust`);
    expect(snapshot([f.serverCert, f.serverKey, f.serverCa])).toEqual(before);
  });

  test('GIVEN a ca.crt copy of another CA in --out-dir WHEN renewed THEN it refuses', async () => {
    const f = await initialized();
    const other = await initialized();
    fs.rmSync(f.serverCert);
    fs.copyFileSync(other.caCert, f.serverCa);
    const run = await cli.run(['tls', 'renew', '--out-dir', f.out, '--ca-dir', f.ca, '--ip', '127.0.0.1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--out-dir: "${f.serverCa}" is another CA than "${f.caCert}"; clients trust that file: pass the matching --ca-dir`);
    expect(fs.existsSync(f.serverCert)).toBe(false);
  });

  test('GIVEN a CA key that does not belong to the CA certificate WHEN renewed THEN it refuses, naming both files', async () => {
    const f = await initialized();
    const other = await initialized();
    fs.copyFileSync(other.caKey, f.caKey);
    const run = await cli.run(['tls', 'renew', '--out-dir', f.out, '--ca-dir', f.ca]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--ca-dir: "${f.caKey}" is not the key of "${f.caCert}"`);
  });

  test('GIVEN a --ca-dir without the CA WHEN renewed THEN the flag and the missing file are named', async () => {
    const f = await initialized();
    const empty = path.join(dir, 'empty-ca');
    fs.mkdirSync(empty);
    const run = await cli.run(['tls', 'renew', '--out-dir', f.out, '--ca-dir', empty]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--ca-dir: "${path.join(empty, 'ca.crt')}" does not exist; expected the CA that \`tls init\` wrote (ca.crt and ca.key)`);
  });

  test('GIVEN a server lifetime beyond the CA WHEN renewed THEN it refuses with the CA expiry', async () => {
    const f = await initialized('--ca-lifetime', '30d', '--server-lifetime', '7d');
    const run = await cli.run(['tls', 'renew', '--out-dir', f.out, '--ca-dir', f.ca]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--server-lifetime: 397d would outlive the CA \(it expires \S+, in 29 days\); pass a shorter --server-lifetime or create a new CA/);
  });

  test('GIVEN no current certificate and no SANs WHEN renewed THEN it asks for --ip/--dns; with them it writes the pair', async () => {
    const f = await initialized();
    fs.rmSync(f.serverCert);
    fs.rmSync(f.serverKey);
    fs.rmSync(f.serverCa);
    const refused = await cli.run(['tls', 'renew', '--out-dir', f.out, '--ca-dir', f.ca]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`--out-dir: "${f.serverCert}" does not exist, so there are no SANs to keep; pass --ip and/or --dns`);
    const run = await cli.run(['tls', 'renew', '--out-dir', f.out, '--ca-dir', f.ca, '--ip', '127.0.0.1']);
    expect(run.code).toBe(0);
    keys.push(read(f.serverKey));
    expect(fs.readdirSync(f.out).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    expect(read(f.serverCa)).toBe(read(f.caCert));
    expect([mode(f.serverKey), mode(f.serverCert), mode(f.serverCa)]).toEqual([0o600, 0o644, 0o644]);
  });

  test('GIVEN a missing --out-dir or a bad --ip WHEN renewed THEN it exits 2 naming the flag', async () => {
    const f = await initialized();
    const missing = await cli.run(['tls', 'renew', '--out-dir', path.join(dir, 'nope'), '--ca-dir', f.ca]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--out-dir: "${path.join(dir, 'nope')}" does not exist; expected the directory \`tls init\` wrote`);
    const badIp = await cli.run(['tls', 'renew', '--out-dir', f.out, '--ca-dir', f.ca, '--ip', 'vault.internal']);
    expect(badIp.code).toBe(2);
    expect(badIp.stderr).toContain('--ip: "vault.internal" is not an IP address');
  });

  test('GIVEN an expired CA WHEN renewed THEN it refuses and says to create a new CA', async () => {
    const f = await initialized('--ca-lifetime', '30d', '--server-lifetime', '7d');
    const later = new Date(Date.now() + 31 * 86_400_000);
    expect(() => runTlsRenew(quietIo, { outDir: f.out, caDir: f.ca, keyType: 'ecdsa-p256', serverDays: 7, now: later })).toThrow(/--ca-dir: the CA ".*ca\.crt" expired on \S+; create a new CA with `tls init`/);
  });
});
