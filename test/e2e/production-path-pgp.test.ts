// The bootstrap ceremony with custodian PGP keys: the server encrypts each of the 5 shares to its
// custodian's real gpg key; 3 custodians decrypt theirs and type them (stdin here) to unseal; after
// a restart 3 other custodians unseal the same way. API and cluster ports are assigned by the OS.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { VaultClient } from '../../vault-api/client';
import { freePorts } from '../support/free-port';
import { RunningServer } from '../support/vault-server';
import { cliRunner, CliRunner } from '../cli/support/run-cli';
import { makeTestTls, TestTls } from '../cli/support/tls';
import { makeKeyring, Keyring } from '../cli/support/gpg';
import { ProdServerFiles, startProdServer, writeProdServerConfig } from '../cli/support/prod-server';
import { serverJsonBeside, synthesizeProdConfig } from '../cli/support/prod-config';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let PORT: number;
let CLUSTER_PORT: number;
let base: string;
let tls: TestTls;
let files: ProdServerFiles;
let server: RunningServer | undefined;
let cli: CliRunner;
let keyring: Keyring;
let keyFiles: string[];
let configJsonFile: string;
let outDir: string;
const decrypted: string[] = [];

const client = () => new VaultClient({ address: `https://127.0.0.1:${PORT}`, caPem: tls.caPem });
const shareFile = (i: number) => path.join(outDir, `unseal-share-${i}.pgp.b64`);

async function waitForFile(file: string, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  [PORT, CLUSTER_PORT] = await freePorts(2);
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-prod-pgp-'));
  tls = makeTestTls(path.join(base, 'tls'));
  keyring = makeKeyring(base);
  keyFiles = [1, 2, 3, 4, 5].map((i) => keyring.exportNewKey(`custodian-${i}`, { armor: i % 2 === 0 }));
  files = writeProdServerConfig(path.join(base, 'server'), tls, PORT, CLUSTER_PORT);
  fs.mkdirSync(path.join(base, 'audit'));
  configJsonFile = synthesizeProdConfig(path.join(base, 'cdktf.out'), path.join(base, 'audit', 'audit.log'), `https://127.0.0.1:${PORT}`);
  server = await startProdServer(path.join(base, 'server'), files, tls, 1);
  cli = cliRunner({ VAULT_ADDR: `https://127.0.0.1:${PORT}`, VAULT_CACERT: tls.caFile });
  outDir = path.join(base, 'ceremony');
});

afterAll(async () => {
  await server?.stop({ keepWorkDir: true });
  if (base) fs.rmSync(base, { recursive: true, force: true });
});

describe('bootstrap with custodian PGP keys', () => {
  test('GIVEN 5 custodian keys WHEN bootstrap runs and 3 custodians type their decrypted shares THEN it unseals, hands over and revokes root; the files hold only ciphertext', async () => {
    const stdin = new PassThrough();
    const running = cli.run(['bootstrap', '--out-dir', outDir, '--config-json', configJsonFile, '--server-json', serverJsonBeside(configJsonFile), ...keyFiles.flatMap((f) => ['--pgp-key', f])], { stdin });
    await waitForFile(shareFile(5));
    for (let i = 1; i <= 5; i++) {
      const ciphertext = fs.readFileSync(shareFile(i), 'utf8').trim();
      const plain = keyring.decryptBase64(ciphertext);
      expect(plain).not.toBe(ciphertext);
      decrypted.push(plain);
    }
    for (const share of decrypted.slice(0, 3)) stdin.write(`${share}\n`);
    const run = await running;
    expect(run.stderr).toContain('[11/11] Revoking the root token');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Custodian 3 of 3: enter your decrypted unseal share (not echoed):');
    expect(run.stderr).toContain('unseal progress 3 of 3: unsealed');
    expect((fs.statSync(shareFile(1)).mode & 0o777).toString(8)).toBe('600');
    expect(fs.existsSync(path.join(outDir, 'unseal-share-1'))).toBe(false);
    expect(await client().get('sys/seal-status')).toMatchObject({ initialized: true, sealed: false, t: 3, n: 5 });
  });

  test('GIVEN a restart WHEN 3 other custodians type their decrypted shares into unseal THEN it unseals, reporting progress', async () => {
    await server!.stop({ keepWorkDir: true });
    server = await startProdServer(path.join(base, 'server'), files, tls, 2);
    const stdin = new PassThrough();
    stdin.end(`${decrypted[3]}\n${decrypted[4]}\n${decrypted[0]}\n`);
    const run = await cli.run(['unseal'], { stdin });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Unseal share 1 of 3 (not echoed):');
    expect(run.stderr).toContain('unseal progress 2 of 3');
    expect(run.stderr).toContain('unseal progress 3 of 3: unsealed');
    expect(await client().get('sys/seal-status')).toMatchObject({ sealed: false });
  });

  test('GIVEN the ceremony output WHEN searched THEN no decrypted share appears', () => {
    const transcript = cli.transcript.join('\n');
    expect(decrypted).toHaveLength(5);
    expect(decrypted.filter((s) => transcript.includes(s))).toEqual([]);
  });
});
