// A production-like server as operators run it after day one, on loopback: the prod server config
// (TLS from a test CA, raft storage), the bootstrap ceremony through the CLI (root token revoked),
// the prod-config stack applied as hoodcloud-admin through the apply fixture. For tests that need
// root again (to play the attacker or the break-glass operator), a second listener keeps OpenBao's
// unauthenticated generate-root endpoints open, and `generateRoot()` makes a root token from 3 of
// the 5 shares, the way a quorum of custodians would (OpenBao 2.7.2 closes those endpoints on a
// listener unless `disable_unauthed_generate_root_endpoints = false`).
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VaultClient } from '../../../vault-api/client';
import { freePorts } from '../../support/free-port';
import { RunningServer } from '../../support/vault-server';
import { cliRunner, CliRunner } from '../../cli/support/run-cli';
import { makeTestTls, TestTls } from '../../cli/support/tls';
import { startProdServer, writeProdServerConfig } from '../../cli/support/prod-server';
import { serverJsonBeside, synthesizeProdConfig } from '../../cli/support/prod-config';
import { applyConfig, ApplyReport, ApplyState, loadConfigFile } from './apply-config';

export interface BootstrappedProdServer {
  readonly base: string;
  readonly tls: TestTls;
  readonly server: RunningServer;
  /** Runs the CLI with VAULT_ADDR and VAULT_CACERT of this server. */
  readonly cli: CliRunner;
  /** The synthesized prod-config stack the server was configured from. */
  readonly configJsonFile: string;
  /** role_id and secret_id of hoodcloud-admin, written by bootstrap. */
  readonly adminDir: string;
  /** Every share, credential and token seen, for leak checks. */
  readonly secretValues: string[];
  client(token?: string): VaultClient;
  /** A fresh hoodcloud-admin token (AppRole login). */
  adminClient(): Promise<VaultClient>;
  /** A new root token from 3 shares (generate-root on the break-glass listener). */
  generateRoot(): Promise<VaultClient>;
  /** Applies prod-config again with `client` (as `cdktf deploy` would, from the state of the last apply). */
  apply(client: VaultClient): Promise<ApplyReport>;
  stop(): Promise<void>;
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Synthesizes, starts, bootstraps and applies; `name` prefixes the temp directory. */
export async function bootstrapProdServer(name: string): Promise<BootstrappedProdServer> {
  const [port, clusterPort, breakGlassPort] = await freePorts(3);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `hoodcloud-${name}-`));
  const tls = makeTestTls(path.join(base, 'tls'));
  const files = writeProdServerConfig(path.join(base, 'server'), tls, port, clusterPort);
  const breakGlass = path.join(base, 'server', 'break-glass-listener.hcl');
  fs.writeFileSync(
    breakGlass,
    `listener "tcp" {\n  address = "127.0.0.1:${breakGlassPort}"\n  tls_cert_file = ${JSON.stringify(tls.certFile)}\n  tls_key_file = ${JSON.stringify(tls.keyFile)}\n  disable_unauthed_generate_root_endpoints = false\n}\n`,
  );
  const auditLog = path.join(base, 'audit', 'audit.log');
  const configJsonFile = synthesizeProdConfig(path.join(base, 'cdktf.out'), auditLog, `https://127.0.0.1:${port}`);
  fs.mkdirSync(path.dirname(auditLog));
  const server = await startProdServer(path.join(base, 'server'), { ...files, configFiles: [...files.configFiles, breakGlass] }, tls, 1);
  const client = (token?: string) => new VaultClient({ address: `https://127.0.0.1:${port}`, caPem: tls.caPem, token });
  const cli = cliRunner({ VAULT_ADDR: `https://127.0.0.1:${port}`, VAULT_CACERT: tls.caFile });
  const outDir = path.join(base, 'ceremony');
  const adminDir = path.join(outDir, 'admin');
  const secretValues: string[] = [];
  const read = (f: string) => fs.readFileSync(f, 'utf8').trim();

  try {
    const run = await cli.run(['bootstrap', '--out-dir', outDir, '--config-json', configJsonFile, '--server-json', serverJsonBeside(configJsonFile)]);
    if (run.code !== 0) throw new Error(`bootstrap failed (${run.code}):\n${run.stderr}`);
  } catch (e) {
    await server.stop({ keepWorkDir: true });
    throw e;
  }
  const shares = [1, 2, 3, 4, 5].map((i) => read(path.join(outDir, `unseal-share-${i}`)));
  secretValues.push(...shares, read(path.join(adminDir, 'role_id')), read(path.join(adminDir, 'secret_id')));

  const adminClient = async () => {
    const login = await client().post<{ auth?: { client_token?: string } }>('auth/approle/login', { role_id: read(path.join(adminDir, 'role_id')), secret_id: read(path.join(adminDir, 'secret_id')) });
    const token = String(login.auth?.client_token);
    secretValues.push(token);
    return client(token);
  };
  let state: ApplyState = (await applyConfig(await adminClient(), loadConfigFile(configJsonFile))).state;
  const apply = async (c: VaultClient) => {
    const report = await applyConfig(c, loadConfigFile(configJsonFile), { state });
    state = report.state;
    return report;
  };

  const generateRoot = async () => {
    const glass = new VaultClient({ address: `https://127.0.0.1:${breakGlassPort}`, caPem: tls.caPem });
    const otp = Array.from({ length: 26 }, () => BASE62[randomInt(BASE62.length)]).join('');
    const attempt = await glass.put<{ nonce: string }>('sys/generate-root/attempt', { otp });
    let encoded = '';
    for (const key of shares.slice(0, 3)) {
      const step = await glass.put<{ complete: boolean; encoded_token?: string }>('sys/generate-root/update', { key, nonce: attempt.nonce });
      if (step.complete) encoded = String(step.encoded_token);
    }
    // The token comes back XOR'd with the one-time password, base64-encoded.
    const xored = Buffer.from(encoded, 'base64');
    const token = Buffer.from(xored.map((b, i) => b ^ otp.charCodeAt(i))).toString('utf8');
    secretValues.push(token);
    return client(token);
  };

  return {
    base,
    tls,
    server,
    cli,
    configJsonFile,
    adminDir,
    secretValues,
    client,
    adminClient,
    generateRoot,
    apply,
    stop: async () => {
      await server.stop();
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
