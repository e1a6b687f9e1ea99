// The certificates `tls init` makes, served by a real OpenBao server: the production server config
// (TLS 1.3 listener, raft storage) pointed at the files init wrote, real TLS handshakes that verify
// against the new CA (and fail without it, with another CA, or for a name not in the SANs), an existing
// CLI command (`unseal`) trusting the CA through --ca-cert; then `tls renew` and SIGHUP: the running,
// still unsealed server serves the new certificate without a restart.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { VaultClient } from '../../vault-api/client';
import { cliRunner } from '../cli/support/run-cli';
import { writeProdServerConfig } from '../cli/support/prod-server';
import { makeTestTls } from '../cli/support/tls';
import { freePorts } from '../support/free-port';
import { RunningServer, startConfiguredServer } from '../support/vault-server';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let PORT: number;
let base: string;
let outDir: string;
let caDir: string;
let server: RunningServer | undefined;
const cli = cliRunner({});
const secrets: string[] = [];
const timings: Record<string, number> = {};

const file = (name: string) => path.join(outDir, name);
const caPem = () => fs.readFileSync(file('ca.crt'), 'utf8');
const fingerprintOf = (f: string) => new X509Certificate(fs.readFileSync(f)).fingerprint256;
const address = () => `https://127.0.0.1:${PORT}`;
const keepSecret = (f: string) => secrets.push(fs.readFileSync(f, 'utf8'));

/** A TLS handshake with the server on 127.0.0.1; `servername` (a DNS name) is what the certificate is checked against, else the IP. */
function handshake(opts: { ca?: string; servername?: string } = {}): Promise<{ fingerprint256: string; protocol: string | null }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: PORT, ca: opts.ca, servername: opts.servername, rejectUnauthorized: true }, () => {
      const result = { fingerprint256: socket.getPeerX509Certificate()?.fingerprint256 ?? '', protocol: socket.getProtocol() };
      socket.end();
      resolve(result);
    });
    socket.once('error', reject);
  });
}

/** Waits until the server hands out the certificate with this fingerprint; returns how long that took. */
async function waitForServed(fingerprint: string, timeoutMs = 15_000): Promise<number> {
  const t0 = Date.now();
  let served = '';
  while (Date.now() - t0 < timeoutMs) {
    served = (await handshake({ ca: caPem() })).fingerprint256;
    if (served === fingerprint) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server still serves ${served}, not ${fingerprint}, after ${timeoutMs} ms`);
}

beforeAll(async () => {
  const [port, clusterPort] = await freePorts(2);
  PORT = port;
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-tls-e2e-'));
  outDir = path.join(base, 'etc', 'hoodcloud', 'vault', 'tls');
  caDir = path.join(base, 'offline', 'vault-ca');
  const t0 = Date.now();
  const init = await cli.run(['tls', 'init', '--out-dir', outDir, '--ca-dir', caDir, '--ip', '127.0.0.1', '--dns', 'localhost']);
  timings.init = Date.now() - t0;
  if (init.code !== 0) throw new Error(`tls init failed: ${init.stderr}`);
  keepSecret(path.join(caDir, 'ca.key'));
  keepSecret(file('tls.key'));

  // The production server config (renderServerConfig), its TLS files being exactly what init wrote.
  const files = writeProdServerConfig(path.join(base, 'server'), { caFile: file('ca.crt'), caPem: caPem(), certFile: file('tls.crt'), keyFile: file('tls.key') }, PORT, clusterPort);
  const t1 = Date.now();
  // The harness waits for sys/seal-status over https, trusting only the new CA.
  server = await startConfiguredServer({ port: PORT, configFiles: files.configFiles, workDir: path.join(base, 'server', 'run-1'), scheme: 'https', caPem: caPem() });
  timings.serverStart = Date.now() - t1;
});

afterAll(async () => {
  await server?.stop({ keepWorkDir: true });
  const transcript = cli.transcript.join('\n');
  for (const s of secrets) {
    for (const line of s.split('\n').filter((l) => l.length > 16 && !l.startsWith('-----'))) expect(transcript).not.toContain(line);
  }
  if (base) fs.rmSync(base, { recursive: true, force: true });
  console.log(`tls certificates timings (ms): ${JSON.stringify(timings)}`);
});

describe('certificates from `tls init` on a real server, renewed with `tls renew`', () => {
  test('GIVEN the CA from init WHEN a client connects THEN the handshake verifies (TLS 1.3) and the server serves tls.crt', async () => {
    const h = await handshake({ ca: caPem() });
    expect(h).toEqual({ fingerprint256: fingerprintOf(file('tls.crt')), protocol: 'TLSv1.3' });
    expect((await handshake({ ca: caPem(), servername: 'localhost' })).fingerprint256).toBe(fingerprintOf(file('tls.crt')));
    const status = await new VaultClient({ address: address(), caPem: caPem() }).raw<{ initialized?: boolean }>('GET', 'sys/seal-status');
    expect(status).toMatchObject({ status: 200, body: { initialized: false } });
  });

  test('GIVEN a client that does not trust the CA WHEN it connects THEN the server certificate is refused', async () => {
    await expect(handshake()).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    await expect(new VaultClient({ address: address() }).raw('GET', 'sys/seal-status')).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    const otherCa = makeTestTls(path.join(base, 'other-ca')).caPem;
    await expect(handshake({ ca: otherCa })).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    await expect(handshake({ ca: caPem(), servername: 'vault.example' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  test('GIVEN the CA as --ca-cert WHEN `unseal` runs THEN it reaches the server; without it the CLI says to pass the CA', async () => {
    const init = await new VaultClient({ address: address(), caPem: caPem() }).put<{ keys_base64: string[]; root_token: string }>('sys/init', { secret_shares: 1, secret_threshold: 1 });
    secrets.push(init.keys_base64[0], init.root_token);
    const shareFile = path.join(base, 'share');
    fs.writeFileSync(shareFile, init.keys_base64[0], { mode: 0o600 });

    const untrusted = await cli.run(['unseal', '--address', address(), '--share-file', shareFile]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toContain('error: TLS verification failed (UNABLE_TO_VERIFY_LEAF_SIGNATURE); pass the CA certificate that signed the server certificate with --ca-cert / VAULT_CACERT');

    const run = await cli.run(['unseal', '--address', address(), '--ca-cert', file('ca.crt'), '--share-file', shareFile]);
    expect(run.stderr).toContain('unseal progress 1 of 1: unsealed');
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: 'unsealed' });
  });

  test('GIVEN `tls renew` WHEN the server gets SIGHUP THEN it serves the new certificate, still unsealed, without a restart', async () => {
    const oldFingerprint = fingerprintOf(file('tls.crt'));
    const renew = await cli.run(['tls', 'renew', '--out-dir', outDir, '--ca-dir', caDir]);
    expect(renew.code).toBe(0);
    expect(renew.stdout).toContain('reload: send SIGHUP to the server process');
    keepSecret(file('tls.key'));
    const newFingerprint = fingerprintOf(file('tls.crt'));
    expect(newFingerprint).not.toBe(oldFingerprint);

    // Replacing the files alone changes nothing: the server reads them at start and on SIGHUP.
    await new Promise((r) => setTimeout(r, 500));
    expect((await handshake({ ca: caPem() })).fingerprint256).toBe(oldFingerprint);

    server!.signal('SIGHUP');
    timings.reloadAfterSighup = await waitForServed(newFingerprint);
    expect(fs.readFileSync(server!.logFile, 'utf8')).toContain('reload triggered');

    const status = await new VaultClient({ address: address(), caPem: caPem() }).get<{ sealed?: boolean }>('sys/seal-status');
    expect(status.sealed).toBe(false);
    const run = await cli.run(['unseal', '--address', address(), '--ca-cert', file('ca.crt')]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: 'unsealed' });
    expect(run.stderr).toContain('is already unsealed');
  });

  test('GIVEN `tls renew` with new SANs WHEN reloaded THEN the new name verifies and the dropped one is refused', async () => {
    const renew = await cli.run(['tls', 'renew', '--out-dir', outDir, '--ca-dir', caDir, '--ip', '127.0.0.1', '--dns', 'vault.hoodcloud.internal']);
    expect(renew.code).toBe(0);
    keepSecret(file('tls.key'));
    server!.signal('SIGHUP');
    await waitForServed(fingerprintOf(file('tls.crt')));
    expect((await handshake({ ca: caPem(), servername: 'vault.hoodcloud.internal' })).fingerprint256).toBe(fingerprintOf(file('tls.crt')));
    await expect(handshake({ ca: caPem(), servername: 'localhost' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });
});
