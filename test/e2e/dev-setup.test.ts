// `npm run dev` (`ops dev`), its seeding and credential steps, against a real dev server with the
// dev config applied by the apply fixture (`npm run test:terraform` runs the whole command with
// real Terraform). Re-running is safe; stale credentials are replaced, another role's folder and a
// server that is not in dev mode are refused before anything is written; no secret is printed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { SECRET_CATALOG, workloadServices } from '../../services/catalog';
import { configStackName } from '../../stacks/environment';
import { DEV } from '../../stacks/environments';
import { synthesizeApp } from '../../stacks/hoodcloud-app';
import { LAYOUT } from '../../stacks/layout';
import { RunningServer, startConfiguredServer, startDevServer } from '../support/vault-server';
import { freePort } from '../support/free-port';
import { cliRunner, CliRunner } from '../cli/support/run-cli';
import { applyConfig } from './support/apply-config';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const SERVICES = workloadServices();
let server: RunningServer;
let root: VaultClient;
let cli: CliRunner;
let work: string;
let out: string;

const devArgs = (extra: string[] = []) => ['dev', '--address', server.address, '--config-applied', '--out-dir', out, ...extra];
const read = (service: string, file: string) => fs.readFileSync(path.join(out, service, file), 'utf8').trim();

async function liveAccessors(role: string): Promise<string[]> {
  const res = await root.raw<{ data?: { keys?: string[] } }>('LIST', `auth/${LAYOUT.approleMount}/role/${role}/secret-id`);
  return res.body.data?.keys ?? [];
}

async function loginWith(service: string): Promise<VaultClient> {
  const login = await root.post<{ auth: { client_token: string } }>(`auth/${LAYOUT.approleMount}/login`, { role_id: read(service, 'role_id'), secret_id: read(service, 'secret_id') }, { token: null });
  return root.withToken(login.auth.client_token);
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-dev-setup-'));
  out = path.join(work, 'credentials');
  server = await startDevServer();
  root = server.client();
  const synth = synthesizeApp({ outdir: path.join(work, 'cdktf.out'), environments: [{ ...DEV, auditFilePath: path.join(work, 'audit.log') }] });
  const json = JSON.parse(fs.readFileSync(path.join(synth.outdir, 'stacks', configStackName(DEV.name), 'cdk.tf.json'), 'utf8'));
  await applyConfig(root, json);
  // The shell's Vault settings, which `dev` must ignore: they could name another server.
  cli = cliRunner({ VAULT_ADDR: 'https://192.0.2.1:8200', VAULT_TOKEN: 'not-the-dev-token' });
});

afterAll(async () => {
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm run dev: seeding and credentials on a real dev server', () => {
  test('GIVEN the dev config applied WHEN dev runs THEN every catalog secret exists, each service has credentials that log in and read its own secrets, and its env lines are printed and written', async () => {
    const run = await cli.run(devArgs());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('[4/6] Seeding every catalog secret with dev values');
    expect(run.stdout).toContain(`secrets: ${SECRET_CATALOG.length} written, 0 kept`);
    expect(run.stdout).toContain(`credentials: ${SERVICES.map((s) => `${s.id} issued`).join(', ')}`);
    const check = await cliRunner({ VAULT_ADDR: server.address, VAULT_TOKEN: 'dev-token' }).run(['secrets', 'check']);
    expect(check.code, check.stdout).toBe(0);
    for (const s of SERVICES) {
      expect((fs.statSync(path.join(out, s.id, 'secret_id')).mode & 0o777).toString(8)).toBe('400');
      const client = await loginWith(s.id);
      const own = SECRET_CATALOG.find((e) => e.path.startsWith(`${s.kvSubtree}/`))!;
      expect(await client.get(`${LAYOUT.kvMount}/data/${own.path}`)).toHaveProperty('data.data');
      const lines = [
        `${s.vaultEnv.address}=${server.address}`,
        `${s.vaultEnv.roleIdFile}=${path.join(out, s.id, 'role_id')}`,
        `${s.vaultEnv.secretIdFile}=${path.join(out, s.id, 'secret_id')}`,
      ];
      for (const line of lines) expect(run.stdout).toContain(line);
      const envFile = fs.readFileSync(path.join(out, `${s.id}.env`), 'utf8');
      for (const line of lines) expect(envFile).toContain(line);
      expect(envFile).toMatch(new RegExp(`^${s.vaultEnv.tokenCacheTtl}=\\d+s$`, 'm'));
      expect(await liveAccessors(s.roleName)).toEqual([read(s.id, 'secret_id_accessor')]);
    }
  });

  test('GIVEN a completed dev setup WHEN dev runs again THEN nothing is regenerated: secrets kept, the same credentials kept, one live secret ID per role', async () => {
    const before = Object.fromEntries(SERVICES.map((s) => [s.id, read(s.id, 'secret_id')]));
    const versions = await Promise.all(SECRET_CATALOG.map((e) => root.get<{ data: { current_version: number } }>(`${LAYOUT.kvMount}/metadata/${e.path}`)));
    const run = await cli.run(devArgs());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`secrets: 0 written, ${SECRET_CATALOG.length} kept`);
    expect(run.stdout).toContain(`credentials: ${SERVICES.map((s) => `${s.id} kept`).join(', ')}`);
    for (const s of SERVICES) {
      expect(read(s.id, 'secret_id')).toBe(before[s.id]);
      expect(await liveAccessors(s.roleName)).toHaveLength(1);
    }
    const after = await Promise.all(SECRET_CATALOG.map((e) => root.get<{ data: { current_version: number } }>(`${LAYOUT.kvMount}/metadata/${e.path}`)));
    expect(after.map((m) => m.data.current_version)).toEqual(versions.map((m) => m.data.current_version));
  });

  test('GIVEN one destroyed secret ID and one folder from a previous dev server WHEN dev runs THEN exactly those two are replaced and log in again', async () => {
    const [first, second, ...rest] = SERVICES;
    await root.post(`auth/${LAYOUT.approleMount}/role/${first.roleName}/secret-id-accessor/destroy`, { secret_id_accessor: read(first.id, 'secret_id_accessor') });
    // A restarted in-memory server forgets its roles: the folder's role_id then belongs to no role.
    const roleIdFile = path.join(out, second.id, 'role_id');
    fs.chmodSync(roleIdFile, 0o600);
    fs.writeFileSync(roleIdFile, '00000000-0000-0000-0000-000000000000\n');
    const run = await cli.run(devArgs());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`credentials: ${[`${first.id} replaced`, `${second.id} replaced`, ...rest.map((s) => `${s.id} kept`)].join(', ')}`);
    for (const s of SERVICES) {
      await loginWith(s.id);
      // The secret ID the faked folder held is still live on this server (on a restarted one it is gone).
      expect(await liveAccessors(s.roleName)).toHaveLength(s === second ? 2 : 1);
    }
  });

  test('GIVEN a service folder holding another role\'s credentials WHEN dev runs THEN it is refused naming the folder and both roles, and the folder is unchanged', async () => {
    const [first, second] = SERVICES;
    const target = path.join(out, second.id);
    const saved = fs.readdirSync(target).map((f) => [f, fs.readFileSync(path.join(target, f), 'utf8')]);
    fs.chmodSync(path.join(target, 'role_id'), 0o600);
    fs.copyFileSync(path.join(out, first.id, 'role_id'), path.join(target, 'role_id'));
    const run = await cli.run(devArgs());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: --out-dir: "${target}" holds the credentials of ${first.roleName}, not of ${second.roleName}; expected ${second.roleName}'s own folder (nothing was changed)`);
    expect(fs.readFileSync(path.join(target, 'role_id'), 'utf8')).toBe(fs.readFileSync(path.join(out, first.id, 'role_id'), 'utf8'));
    for (const [f, text] of saved) if (f !== 'role_id') expect(fs.readFileSync(path.join(target, f), 'utf8')).toBe(text);
    fs.writeFileSync(path.join(target, 'role_id'), saved.find(([f]) => f === 'role_id')![1]);
  });

  test('GIVEN a server that is not in dev mode WHEN dev runs against it THEN it is refused before any write, naming its storage', async () => {
    const [port, clusterPort] = [await freePort(), await freePort()];
    const dir = path.join(work, 'raft-server');
    fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
    const config = path.join(dir, 'server.hcl');
    fs.writeFileSync(config, [
      `storage "raft" {\n  path = "${dir}/data"\n  node_id = "not-dev"\n}`,
      `listener "tcp" {\n  address = "127.0.0.1:${port}"\n  cluster_address = "127.0.0.1:${clusterPort}"\n  tls_disable = true\n}`,
      `api_addr = "http://127.0.0.1:${port}"`,
      `cluster_addr = "http://127.0.0.1:${clusterPort}"`,
      'disable_mlock = true',
    ].join('\n') + '\n');
    const other = await startConfiguredServer({ port, configFiles: [config], workDir: dir, scheme: 'http' });
    try {
      const elsewhere = path.join(work, 'not-dev');
      const run = await cli.run(['dev', '--address', other.address, '--config-applied', '--out-dir', elsewhere]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`error: ${other.address} is not a dev-mode server (storage "raft", expected "inmem")`);
      expect(fs.existsSync(elsewhere)).toBe(false);
    } finally {
      await other.stop();
    }
  });

  test('GIVEN --address without --config-applied WHEN dev runs THEN it is a usage error naming both flags', async () => {
    const run = await cli.run(['dev', '--address', server.address, '--out-dir', path.join(work, 'unused')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: --address ${server.address}: needs --config-applied (dev-config deploys to ${DEV.vaultAddress}, the dev settings' address)`);
  });

  test('GIVEN every run above WHEN their output is searched THEN no secret ID, token or seeded value appears', async () => {
    const printed = cli.transcript.join('\n');
    for (const s of SERVICES) expect(printed).not.toContain(read(s.id, 'secret_id'));
    for (const e of SECRET_CATALOG) {
      const res = await root.raw<{ data?: { data?: Record<string, unknown> } }>('GET', `${LAYOUT.kvMount}/data/${e.path}`);
      for (const v of Object.values(res.body.data?.data ?? {})) {
        const text = typeof v === 'string' ? v : JSON.stringify(v);
        if (text.length >= 8) expect(printed).not.toContain(text);
      }
    }
  });
});
