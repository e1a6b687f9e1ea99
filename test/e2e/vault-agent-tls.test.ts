// The agent's `vault { address, ca_cert }` as `agent config` writes them from --address and
// --ca-cert, against a real server with a TLS listener (a dev server plus a listener with a
// certificate from a test CA): with the CA that signed the server certificate the agent logs in
// and renders; with another CA it refuses the server and writes neither token nor secret.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { secretsOf } from '../../services/catalog';
import { cliRunner, CliRunner } from '../cli/support/run-cli';
import { makeTestTls, TestTls } from '../cli/support/tls';
import { freePort } from '../support/free-port';
import { RunningServer, startDevServer } from '../support/vault-server';
import { startAgent, waitUntil, RunningAgent } from './support/agent-process';
import { applyConfig } from './support/apply-config';
import { DEV_ROOT_TOKEN, e2eConfigForLocalServer } from './support/e2e-target';
import { seedCatalog, type SeededSecret } from './support/seed';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let dir: string;
let server: RunningServer;
let tls: TestTls;
let otherCa: TestTls;
let httpsAddress: string;
let cli: CliRunner;
let seeded: SeededSecret[];
const agents: RunningAgent[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-agent-tls-'));
  tls = makeTestTls(path.join(dir, 'tls'));
  otherCa = makeTestTls(path.join(dir, 'other-ca'));
  const tlsPort = await freePort();
  server = await startDevServer({
    rootToken: DEV_ROOT_TOKEN,
    extraConfigHcl: `listener "tcp" {\n  address = "127.0.0.1:${tlsPort}"\n  tls_cert_file = "${tls.certFile}"\n  tls_key_file = "${tls.keyFile}"\n}`,
  });
  httpsAddress = `https://127.0.0.1:${tlsPort}`;
  await applyConfig(server.client(), e2eConfigForLocalServer(path.join(dir, 'audit.log'), dir));
  seeded = await seedCatalog(server.client());
  cli = cliRunner({ VAULT_ADDR: httpsAddress, VAULT_CACERT: tls.caFile, VAULT_TOKEN: DEV_ROOT_TOKEN });
  expect((await cli.run(['credentials', 'issue', '--role', 'hoodcloud-auth-server', '--out-dir', path.join(dir, 'credentials')])).code).toBe(0);
});

afterAll(async () => {
  for (const a of agents) await a.stop();
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function configureAndStart(name: string, caFile: string): Promise<{ outDir: string; agent: RunningAgent }> {
  const outDir = path.join(dir, name);
  const run = await cli.run(['agent', 'config', '--service', 'auth-server', '--credentials-dir', path.join(dir, 'credentials'), '--out-dir', outDir, '--address', httpsAddress, '--ca-cert', caFile]);
  expect(run.code).toBe(0);
  const agent = startAgent(path.join(outDir, 'agent.json'), path.join(dir, `${name}.log`));
  agents.push(agent);
  return { outDir, agent };
}

describe('GIVEN a server with a TLS listener and an agent config from --address https://… --ca-cert <file>', () => {
  test('WHEN the CA is the one that signed the server certificate THEN the agent logs in over TLS and renders the service\'s secrets', async () => {
    const { outDir, agent } = await configureAndStart('trusted', tls.caFile);
    expect(JSON.parse(fs.readFileSync(path.join(outDir, 'agent.json'), 'utf8')).vault).toEqual({ address: httpsAddress, ca_cert: tls.caFile });
    const owned = secretsOf('auth-server');
    const file = (p: string) => path.join(outDir, 'secrets', `${path.basename(p)}.json`);
    await waitUntil('the agent rendered the auth server secrets', () => owned.every((e) => fs.existsSync(file(e.path))), 30_000, agent);
    for (const e of owned) expect(JSON.parse(fs.readFileSync(file(e.path), 'utf8'))).toEqual(seeded.find((s) => s.path === e.path)!.data);
    const token = fs.readFileSync(path.join(outDir, 'token'), 'utf8').trim();
    expect((await server.client().raw('GET', 'auth/token/lookup-self', { token })).status).toBe(200);
  });

  test('WHEN the CA is another one THEN the agent refuses the server certificate and writes no token and no secret', async () => {
    const { outDir, agent } = await configureAndStart('untrusted', otherCa.caFile);
    await waitUntil('the agent reported the certificate error', () => /x509|certificate/.test(agent.log()), 30_000, agent);
    expect(agent.log()).toMatch(/error authenticating[\s\S]*(x509|certificate signed by unknown authority)/);
    expect(fs.existsSync(path.join(outDir, 'token'))).toBe(false);
    expect(fs.readdirSync(path.join(outDir, 'secrets'))).toEqual([]);
  });
});
