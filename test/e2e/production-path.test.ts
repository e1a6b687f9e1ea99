// The whole production path on loopback, against a real server: the prod server config (TLS from a
// test CA, raft storage in a temp dir), the bootstrap ceremony through the CLI, the prod-config stack
// applied as hoodcloud-admin through the e2e apply fixture, secrets seeded and checked, each role
// logging in, a secret ID rotated, then a restart: sealed, unsealed with 3 of 5 shares, everything
// still there, the root token gone. API and cluster ports are assigned by the OS.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { freePorts } from '../support/free-port';
import { SECRET_CATALOG } from '../../services/catalog';
import { applyConfig, describeReport, loadConfigFile, type ApplyState } from './support/apply-config';
import { RunningServer } from '../support/vault-server';
import { cliRunner, CliRunner } from '../cli/support/run-cli';
import { makeTestTls, TestTls } from '../cli/support/tls';
import { ProdServerFiles, startProdServer, writeProdServerConfig } from '../cli/support/prod-server';
import { serverJsonBeside, synthesizeProdConfig } from '../cli/support/prod-config';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let PORT: number;
let CLUSTER_PORT: number;
const SERVICE_ROLES = ['hoodcloud-control-plane', 'hoodcloud-auth-server', 'hoodcloud-payment-service'] as const;
const OWN_SECRET: Record<(typeof SERVICE_ROLES)[number], string> = {
  'hoodcloud-control-plane': 'hoodcloud/control-plane/database',
  'hoodcloud-auth-server': 'hoodcloud/auth-server/jwt',
  'hoodcloud-payment-service': 'hoodcloud/payment-service/nats',
};

let base: string;
let tls: TestTls;
let files: ProdServerFiles;
let server: RunningServer | undefined;
let cli: CliRunner;
let configJsonFile: string;
let outDir: string;
let adminDir: string;
let applyState: ApplyState;
let rootToken: string | undefined;
const secretValues: string[] = [];
const timings: Record<string, number> = {};

const client = (token?: string) => new VaultClient({ address: `https://127.0.0.1:${PORT}`, caPem: tls.caPem, token });
const read = (f: string) => fs.readFileSync(f, 'utf8').trim();
const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);

async function adminClient(): Promise<VaultClient> {
  const login = await client().post<{ auth?: { client_token?: string } }>('auth/approle/login', {
    role_id: read(path.join(adminDir, 'role_id')), secret_id: read(path.join(adminDir, 'secret_id')),
  });
  return client(String(login.auth?.client_token));
}

async function timed<T>(name: string, f: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await f();
  } finally {
    timings[name] = Date.now() - t0;
  }
}

beforeAll(async () => {
  [PORT, CLUSTER_PORT] = await freePorts(2);
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-prod-path-'));
  tls = makeTestTls(path.join(base, 'tls'));
  files = writeProdServerConfig(path.join(base, 'server'), tls, PORT, CLUSTER_PORT);
  configJsonFile = await timed('synth', async () => synthesizeProdConfig(path.join(base, 'cdktf.out'), path.join(base, 'audit', 'audit.log'), `https://127.0.0.1:${PORT}`));
  fs.mkdirSync(path.join(base, 'audit'));
  server = await timed('start', () => startProdServer(path.join(base, 'server'), files, tls, 1));
  cli = cliRunner({ VAULT_ADDR: `https://127.0.0.1:${PORT}`, VAULT_CACERT: tls.caFile });
  outDir = path.join(base, 'ceremony');
  adminDir = path.join(outDir, 'admin');
});

afterAll(async () => {
  await server?.stop({ keepWorkDir: true });
  if (base) fs.rmSync(base, { recursive: true, force: true });
  console.log(`production path timings (ms): ${JSON.stringify(timings)}`);
});

describe('production path on loopback', () => {
  test('GIVEN a fresh server from the prod config WHEN asked THEN it answers over TLS from the test CA, uninitialized', async () => {
    const status = await client().get<{ initialized: boolean; sealed: boolean }>('sys/seal-status');
    expect(status).toMatchObject({ initialized: false, sealed: true });
    await expect(new VaultClient({ address: `https://127.0.0.1:${PORT}` }).get('sys/seal-status')).rejects.toThrow(/certificate/);
    const untrusted = await cli.run(['unseal'], { env: { VAULT_CACERT: undefined } });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/error: TLS verification failed \(\w+\); pass the CA certificate that signed the server certificate with --ca-cert \/ VAULT_CACERT/);
  });

  test('GIVEN the fresh server WHEN bootstrap runs THEN 5 shares and the admin credentials are written once (0600), audit is on and the root token is revoked', async () => {
    // Records the real sys/init answer (root token included) so the test can prove the token is gone later.
    const original = VaultClient.prototype.put;
    const spy = vi.spyOn(VaultClient.prototype, 'put').mockImplementation(async function (this: VaultClient, p: string, body?: unknown, o?: object) {
      const res = await original.call(this, p, body, o);
      if (p === 'sys/init') rootToken = String((res as { root_token?: string }).root_token);
      return res;
    });
    let run;
    try {
      run = await timed('bootstrap', () => cli.run(['bootstrap', '--out-dir', outDir, '--config-json', configJsonFile, '--server-json', serverJsonBeside(configJsonFile)]));
    } finally {
      spy.mockRestore();
    }
    expect(run.stderr).toContain('[11/11] Revoking the root token');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('unseal progress 3 of 3: unsealed');
    for (let i = 1; i <= 5; i++) {
      const f = path.join(outDir, `unseal-share-${i}`);
      expect(mode(f)).toBe('600');
      secretValues.push(read(f));
    }
    for (const f of ['role_id', 'secret_id']) {
      expect(mode(path.join(adminDir, f))).toBe('600');
      secretValues.push(read(path.join(adminDir, f)));
    }
    expect(rootToken).toMatch(/^s\./);
    secretValues.push(rootToken!);
    const lookup = await client(rootToken).raw('GET', 'auth/token/lookup-self');
    expect(lookup.status).toBe(403);
    const admin = await adminClient();
    const audits = (await admin.get('sys/audit')).data as Record<string, { type: string; options: Record<string, string> }>;
    expect(audits['file/']).toMatchObject({ type: 'file', options: { file_path: path.join(base, 'audit', 'audit.log') } });
    expect(fs.statSync(path.join(base, 'audit', 'audit.log')).size).toBeGreaterThan(0);
  });

  test('GIVEN an initialized server WHEN bootstrap runs again THEN it refuses clearly and writes nothing', async () => {
    const again = path.join(base, 'ceremony-again');
    const run = await cli.run(['bootstrap', '--out-dir', again, '--config-json', configJsonFile, '--server-json', serverJsonBeside(configJsonFile)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is already initialized: bootstrap runs once on a fresh server');
    expect(fs.existsSync(again)).toBe(false);
  });

  test('GIVEN the admin credentials WHEN the prod-config stack is applied as hoodcloud-admin THEN every declared object is created or adopted', async () => {
    const tokenFile = path.join(base, 'admin.token');
    const login = await cli.run(['login', '--approle-dir', adminDir, '--token-out', tokenFile]);
    expect(login.code).toBe(0);
    expect(login.stdout).toContain('token for policies default, hoodcloud-admin');
    expect(mode(tokenFile)).toBe('600');
    secretValues.push(read(tokenFile));
    const json = loadConfigFile(configJsonFile);
    // As `VAULT_TOKEN=$(cat admin.token) cdktf deploy prod-config` would: its import blocks adopt what bootstrap created, unchanged.
    const report = await timed('apply', async () => applyConfig(client(read(tokenFile)), json));
    applyState = report.state;
    console.log(`prod-config apply as hoodcloud-admin:\n${describeReport(report)}`);
    const byType = (t: string) => report.resources.filter((r) => r.address.startsWith(`${t}.`));
    expect(byType('vault_audit').map((r) => r.action)).toEqual(['import']);
    expect(byType('vault_auth_backend').map((r) => r.action)).toEqual(['import']);
    expect(byType('vault_approle_auth_backend_role')).toHaveLength(4);
    const admin = await adminClient();
    expect(((await admin.get('transit/keys/hoodcloud-masterkey')).data as { deletion_allowed: boolean }).deletion_allowed).toBe(false);
  });

  test('GIVEN prod and nothing supplied WHEN secrets seed runs THEN only keypairs, the NATS seed and the internal API key are created and the rest is listed as to be supplied', async () => {
    const run = await timed('seed-generatable', () => cli.run(['secrets', 'seed', '--env', 'prod', '--approle-dir', adminDir]));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('written: 4 (hoodcloud/control-plane/api-keys, hoodcloud/control-plane/sealed-box, hoodcloud/auth-server/jwt, hoodcloud/payment-service/nats)');
    expect(run.stdout).toContain('hoodcloud/auth-server/database: username, password');
    const check = await cli.run(['secrets', 'check', '--approle-dir', adminDir]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/hoodcloud\/payment-service\/provider\s+api_key\s+missing\s+secret does not exist/);
  });

  test('GIVEN the values production must be given WHEN seeded THEN the rest is created, the generated ones kept, and secrets check passes', async () => {
    const values: Record<string, Record<string, unknown>> = {};
    for (const e of SECRET_CATALOG) {
      if (['hoodcloud/control-plane/api-keys', 'hoodcloud/control-plane/sealed-box', 'hoodcloud/auth-server/jwt', 'hoodcloud/payment-service/nats'].includes(e.path)) continue;
      values[e.path] = Object.fromEntries(e.fields.map((f) => [f.name, f.kind === 'json-object-of-strings' ? { PROVIDER_TOKEN: `tok-${f.name}-${Date.now()}` } : `prod-${f.name}-${Math.random().toString(36).slice(2)}-${Date.now()}`]));
    }
    const valuesFile = path.join(base, 'values.json');
    fs.writeFileSync(valuesFile, JSON.stringify(values), { mode: 0o600 });
    const run = await cli.run(['secrets', 'seed', '--env', 'prod', '--approle-dir', adminDir, '--values', valuesFile]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('written: 6');
    expect(run.stdout).toContain('kept (exist; --force replaces): 4');
    const check = await timed('check', () => cli.run(['secrets', 'check', '--approle-dir', adminDir]));
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('all required secrets present and well-formed');
    const admin = await adminClient();
    for (const e of SECRET_CATALOG) {
      const data = ((await admin.get(`secret/data/${e.path}`)).data as { data: Record<string, unknown> }).data;
      for (const v of Object.values(data)) secretValues.push(typeof v === 'string' ? v : JSON.stringify(v));
    }
  });

  test('GIVEN each service role WHEN credentials are issued and used THEN each logs in from 127.0.0.1 and reads its own secret', async () => {
    for (const role of SERVICE_ROLES) {
      const dir = path.join(base, 'services', role);
      const run = await cli.run(['credentials', 'issue', '--role', role, '--out-dir', dir, '--approle-dir', adminDir]);
      expect(run.code).toBe(0);
      expect(mode(path.join(dir, 'secret_id'))).toBe('400');
      secretValues.push(read(path.join(dir, 'secret_id')), read(path.join(dir, 'role_id')));
      const login = await client().post<{ auth?: { client_token?: string; policies?: string[] } }>('auth/approle/login', { role_id: read(path.join(dir, 'role_id')), secret_id: read(path.join(dir, 'secret_id')) });
      expect(login.auth?.policies).toContain(role);
      const own = await client(login.auth?.client_token).get(`secret/data/${OWN_SECRET[role]}`);
      expect(own.data).toBeDefined();
    }
  });

  test('GIVEN a wrapped, CIDR-restricted secret ID WHEN unwrapped once THEN it logs in from 127.0.0.1 and the wrapping token is spent', async () => {
    const dir = path.join(base, 'wrapped');
    const run = await cli.run(['credentials', 'issue', '--role', 'hoodcloud-auth-server', '--out-dir', dir, '--wrap-ttl', '60s', '--cidr', '127.0.0.1/32', '--approle-dir', adminDir]);
    expect(run.code).toBe(0);
    const wrapToken = read(path.join(dir, 'secret_id'));
    secretValues.push(wrapToken);
    const unwrapped = await client(wrapToken).post<{ data?: { secret_id?: string } }>('sys/wrapping/unwrap');
    const secretId = String(unwrapped.data?.secret_id);
    secretValues.push(secretId);
    await client().post('auth/approle/login', { role_id: read(path.join(dir, 'role_id')), secret_id: secretId });
    expect((await client(wrapToken).raw('POST', 'sys/wrapping/unwrap')).status).toBe(400);
  });

  test('GIVEN the control plane credentials WHEN rotated THEN the new secret ID logs in and the old one no longer works', async () => {
    const dir = path.join(base, 'services', 'hoodcloud-control-plane');
    const oldSecret = read(path.join(dir, 'secret_id'));
    const roleId = read(path.join(dir, 'role_id'));
    const run = await timed('rotate', () => cli.run(['credentials', 'rotate', '--role', 'hoodcloud-control-plane', '--out-dir', dir, '--grace', '1s', '--approle-dir', adminDir]));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rotated hoodcloud-control-plane: new accessor \S+, destroyed \S+/);
    const newSecret = read(path.join(dir, 'secret_id'));
    secretValues.push(newSecret);
    expect(newSecret).not.toBe(oldSecret);
    await client().post('auth/approle/login', { role_id: roleId, secret_id: newSecret });
    const old = await client().raw('POST', 'auth/approle/login', { body: { role_id: roleId, secret_id: oldSecret } });
    expect(old.status).toBe(400);
    expect(old.body.errors?.join()).toContain('invalid role or secret ID');
  });

  test('GIVEN live secret IDs with a 7-day TTL WHEN credentials status runs with the credentials directories THEN every role is listed with creation and expiry and nothing warns', async () => {
    const dirs = [...SERVICE_ROLES.map((r) => path.join(base, 'services', r)), path.join(base, 'wrapped'), adminDir].flatMap((d) => ['--out-dir', d]);
    const run = await cli.run(['credentials', 'status', '--approle-dir', adminDir, ...dirs]);
    expect(run.code).toBe(0);
    for (const role of [...SERVICE_ROLES, 'hoodcloud-admin']) expect(run.stdout).toMatch(new RegExp(`${role}\\s+[0-9a-f-]{36}\\s+\\d{4}-\\d\\d-\\d\\dT\\S+\\s+\\d{4}-\\d\\d-\\d\\dT\\S+\\s+ok \\(6d23h left\\)`));
    // without the directories, the auth server's two secret IDs (plain and wrapped) cannot be told apart from a leftover
    const bare = await cli.run(['credentials', 'status', '--approle-dir', adminDir]);
    expect(bare.code).toBe(3);
    expect(bare.stdout).toContain('WARN hoodcloud-auth-server: 2 live secret IDs');
    const warn = await cli.run(['credentials', 'status', '--approle-dir', adminDir, '--warn-before', '8d', ...dirs]);
    expect(warn.code).toBe(3);
    expect(warn.stdout).toContain('WARN expires in 6d23h: rotate now');
  });

  test("GIVEN the payment service's credentials WHEN its Vault settings are printed THEN the .env fragment has VAULT_ADDRESS, the CA file, the credential files and 75 % of the token TTL, and no secret", async () => {
    const dir = path.join(base, 'services', 'hoodcloud-payment-service');
    const run = await cli.run(['credentials', 'env', '--role', 'hoodcloud-payment-service', '--out-dir', dir, '--approle-dir', adminDir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n').filter((l) => !l.startsWith('#'))).toEqual([
      `VAULT_ADDRESS=https://127.0.0.1:${PORT}`,
      `VAULT_CACERT=${path.resolve(tls.caFile)}`,
      `VAULT_ROLE_ID_FILE=${dir}/role_id`,
      `VAULT_SECRET_ID_FILE=${dir}/secret_id`,
      'VAULT_TOKEN_CACHE_TTL=2700s',
    ]);
  });

  test('GIVEN the configured server WHEN it is stopped and started again THEN it is sealed, and unseal takes 3 of the 5 shares one at a time', async () => {
    await server!.stop({ keepWorkDir: true });
    server = await timed('restart', () => startProdServer(path.join(base, 'server'), files, tls, 2));
    expect(await client().get('sys/seal-status')).toMatchObject({ initialized: true, sealed: true, t: 3, n: 5, progress: 0 });
    const share = (i: number) => path.join(outDir, `unseal-share-${i}`);
    const bogus = path.join(base, 'bogus-share');
    fs.writeFileSync(bogus, 'bogus-share-text-not-base64!');
    const rejected = await cli.run(['unseal', '--share-file', bogus]);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('error: the server rejected the unseal share');
    expect(rejected.stderr).not.toContain('bogus-share-text');
    const first = await cli.run(['unseal', '--share-file', share(2)]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('unseal progress 1 of 3');
    expect(first.stdout).toBe('sealed (1 of 3)');
    const rest = await timed('unseal', () => cli.run(['unseal', '--share-file', share(4), '--share-file', share(5)]));
    expect(rest.code).toBe(0);
    expect(rest.stderr).toContain('sealed: 1 of 3 shares entered so far');
    expect(rest.stderr).toContain('unseal progress 2 of 3');
    expect(rest.stderr).toContain('unseal progress 3 of 3: unsealed');
    expect(rest.stdout).toBe('unsealed');
  });

  test('GIVEN the restarted server WHEN inspected THEN every secret and configured object is still there and the root token is gone', async () => {
    const check = await cli.run(['secrets', 'check', '--approle-dir', adminDir]);
    expect(check.code).toBe(0);
    const json = loadConfigFile(configJsonFile);
    const reapply = await applyConfig(await adminClient(), json, { state: applyState });
    expect(reapply.resources.filter((r) => r.action !== 'no-op').map((r) => `${r.action} ${r.address}`)).toEqual([]);
    for (const role of SERVICE_ROLES) {
      const dir = path.join(base, 'services', role); // control-plane's holds the rotated secret ID
      await client().post('auth/approle/login', { role_id: read(path.join(dir, 'role_id')), secret_id: read(path.join(dir, 'secret_id')) });
    }
    expect((await client(rootToken).raw('GET', 'auth/token/lookup-self')).status).toBe(403);
  });

  test('GIVEN every CLI run of the path WHEN its output is searched THEN no share, credential, token or secret value appears', () => {
    const transcript = cli.transcript.join('\n');
    expect(secretValues.length).toBeGreaterThan(30);
    const leaked = secretValues.filter((v) => v.length >= 8 && transcript.includes(v));
    expect(leaked).toEqual([]);
  });

  test('GIVEN the audit log and both server logs WHEN searched THEN no share, credential, token or secret value appears', () => {
    const audit = fs.readFileSync(path.join(base, 'audit', 'audit.log'), 'utf8');
    expect(audit.split('\n').length).toBeGreaterThan(50);
    const logs = [audit, ...[1, 2].map((run) => fs.readFileSync(path.join(base, 'server', `run-${run}`, 'server.log'), 'utf8'))].join('\n');
    const leaked = secretValues.filter((v) => v.length >= 8 && logs.includes(v));
    expect(leaked.map((v) => `${v.slice(0, 4)}… (${v.length} chars)`)).toEqual([]);
  });
});
