// `ops doctor` against a real production-like server: the prod server config (TLS from a test CA,
// raft storage), bootstrapped through the CLI, the prod-config stack applied as hoodcloud-admin with
// the apply fixture, secrets seeded, service credentials issued. First everything is ok (exit 0);
// then one thing at a time is broken, doctor must name it with its fix, and the fix is applied
// (re-applying the stack, re-issuing credentials, unsealing) before the next. Ports from the OS.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { SERVICES } from '../../services/registry';
import { bootstrapService, SECRET_CATALOG, workloadServices } from '../../services/catalog';
import { PROD } from '../../stacks/environments';
import { LAYOUT } from '../../stacks/layout';
import { freePorts } from '../support/free-port';
import { RunningServer } from '../support/vault-server';
import { cliRunner, CliRun, CliRunner } from '../cli/support/run-cli';
import { makeTestTls, TestTls } from '../cli/support/tls';
import { ProdServerFiles, startProdServer, writeProdServerConfig } from '../cli/support/prod-server';
import { serverJsonBeside, synthesizeProdConfig } from '../cli/support/prod-config';
import { applyConfig, loadConfigFile, type ApplyState } from './support/apply-config';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

const ADMIN = bootstrapService().roleName;
const WORKLOADS = workloadServices();
const ROLE = (id: string) => SERVICES.find((s) => s.id === id)!.roleName;

let PORT: number;
let CLUSTER_PORT: number;
let base: string;
let tls: TestTls;
let files: ProdServerFiles;
let server: RunningServer | undefined;
let serverRun = 0;
let cli: CliRunner;
let configJson: string;
let auditLog: string;
let ceremony: string;
let adminDir: string;
let applyState: ApplyState;
let keptRoot: string | undefined;
const serviceDirs: Record<string, string> = {};
const secretValues: string[] = [];
const timings: Record<string, number> = {};

const client = (token?: string) => new VaultClient({ address: `https://127.0.0.1:${PORT}`, caPem: tls.caPem, token });
const read = (f: string) => fs.readFileSync(f, 'utf8').trim();
const share = (i: number) => path.join(ceremony, `unseal-share-${i}`);

async function adminClient(): Promise<VaultClient> {
  const login = await client().post<{ auth?: { client_token?: string } }>(`auth/${LAYOUT.approleMount}/login`, { role_id: read(path.join(adminDir, 'role_id')), secret_id: read(path.join(adminDir, 'secret_id')) });
  const token = String(login.auth?.client_token);
  secretValues.push(token);
  return client(token);
}

async function restart(): Promise<void> {
  await server?.stop({ keepWorkDir: true });
  server = await startProdServer(path.join(base, 'server'), files, tls, ++serverRun);
}

/** Re-applies the prod-config stack as the admin: the fix doctor names for configuration drift. */
async function reapply(): Promise<void> {
  const report = await applyConfig(await adminClient(), loadConfigFile(configJson), { state: applyState });
  applyState = report.state;
}

interface Row { check: string; subject: string; status: string; detail: string; fix: string }

/** The doctor table, cut at the header's column starts (the cells are padded to them). */
function parseTable(stdout: string): Row[] {
  const [header, , ...lines] = stdout.split('\n');
  const names = ['CHECK', 'SUBJECT', 'STATUS', 'DETAIL', 'FIX'];
  const starts = names.map((n) => header.indexOf(n));
  expect(starts.every((s, i) => s >= 0 && (i === 0 || s > starts[i - 1]))).toBe(true);
  return lines.map((line) => {
    const cells = starts.map((s, i) => line.slice(s, starts[i + 1]).trim());
    return { check: cells[0], subject: cells[1], status: cells[2], detail: cells[3], fix: cells[4] };
  });
}

const credentialArgs = () => [adminDir, ...Object.values(serviceDirs)].flatMap((d) => ['--credentials-dir', d]);

async function doctor(extra: readonly string[] = []): Promise<{ run: CliRun; rows: Row[]; problems: Row[] }> {
  const t0 = Date.now();
  const run = await cli.run(['doctor', '--approle-dir', adminDir, '--config-json', configJson, '--server-json', serverJsonBeside(configJson), '--audit-log', auditLog, ...credentialArgs(), ...extra]);
  timings.doctor = Math.max(timings.doctor ?? 0, Date.now() - t0);
  const rows = parseTable(run.stdout);
  return { run, rows, problems: rows.filter((r) => r.status !== 'ok') };
}

const summary = (rows: readonly Row[]) => rows.map((r) => `${r.status} ${r.check} ${r.subject}`);

beforeAll(async () => {
  const t0 = Date.now();
  [PORT, CLUSTER_PORT] = await freePorts(2);
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-doctor-'));
  tls = makeTestTls(path.join(base, 'tls'), ['127.0.0.1'], { days: 400 });
  files = writeProdServerConfig(path.join(base, 'server'), tls, PORT, CLUSTER_PORT);
  auditLog = path.join(base, 'audit', 'audit.log');
  configJson = synthesizeProdConfig(path.join(base, 'cdktf.out'), auditLog, `https://127.0.0.1:${PORT}`);
  fs.mkdirSync(path.join(base, 'audit'));
  await restart();
  cli = cliRunner({ VAULT_ADDR: `https://127.0.0.1:${PORT}`, VAULT_CACERT: tls.caFile });
  ceremony = path.join(base, 'ceremony');
  adminDir = path.join(ceremony, 'admin');

  // Test only: keep a root token from the ceremony, for what no operator role may do (disable the
  // audit device). Bootstrap revokes its root token; just before, an orphan root token is made with
  // it (OpenBao >= 2.5.3 keeps the unauthenticated sys/generate-root endpoints off).
  const originalPut = VaultClient.prototype.put;
  const originalPost = VaultClient.prototype.post;
  let ceremonyRoot: string | undefined;
  const putSpy = vi.spyOn(VaultClient.prototype, 'put').mockImplementation(async function (this: VaultClient, p: string, body?: unknown, o?: object) {
    const res = await originalPut.call(this, p, body, o);
    if (p === 'sys/init') ceremonyRoot = String((res as { root_token?: string }).root_token);
    return res;
  });
  const postSpy = vi.spyOn(VaultClient.prototype, 'post').mockImplementation(async function (this: VaultClient, p: string, body?: unknown, o?: object) {
    if (p === 'auth/token/revoke-self' && ceremonyRoot && this.options.token === ceremonyRoot) {
      const kept = await originalPost.call(this, 'auth/token/create-orphan', { policies: ['root'], ttl: '1h', display_name: 'doctor-e2e' }) as { auth?: { client_token?: string } };
      keptRoot = String(kept.auth?.client_token);
    }
    return originalPost.call(this, p, body, o);
  });
  let boot: CliRun;
  try {
    boot = await cli.run(['bootstrap', '--out-dir', ceremony, '--config-json', configJson, '--server-json', serverJsonBeside(configJson)]);
  } finally {
    putSpy.mockRestore();
    postSpy.mockRestore();
  }
  if (boot.code !== 0) throw new Error(`bootstrap failed:\n${boot.stderr}`);
  if (!ceremonyRoot || !keptRoot) throw new Error('the test did not keep a root token from the ceremony');
  secretValues.push(ceremonyRoot, keptRoot);
  for (let i = 1; i <= 5; i++) secretValues.push(read(share(i)));
  secretValues.push(read(path.join(adminDir, 'role_id')), read(path.join(adminDir, 'secret_id')));
  applyState = (await applyConfig(await adminClient(), loadConfigFile(configJson))).state;
  const seed = await cli.run(['secrets', 'seed', '--env', 'dev', '--rsa-bits', '2048', '--approle-dir', adminDir]);
  if (seed.code !== 0) throw new Error(`seed failed:\n${seed.stdout}\n${seed.stderr}`);
  const admin = await adminClient();
  for (const e of SECRET_CATALOG) {
    const res = await admin.raw<{ data?: { data?: Record<string, unknown> } }>('GET', `${LAYOUT.kvMount}/data/${e.path}`);
    for (const v of Object.values(res.body.data?.data ?? {})) secretValues.push(typeof v === 'string' ? v : JSON.stringify(v));
  }
  for (const s of WORKLOADS) {
    const dir = path.join(base, 'services', s.roleName);
    const issued = await cli.run(['credentials', 'issue', '--role', s.roleName, '--out-dir', dir, '--approle-dir', adminDir]);
    if (issued.code !== 0) throw new Error(`credentials issue ${s.roleName} failed:\n${issued.stderr}`);
    serviceDirs[s.roleName] = dir;
    secretValues.push(read(path.join(dir, 'role_id')), read(path.join(dir, 'secret_id')));
  }
  timings.setup = Date.now() - t0;
});

afterAll(async () => {
  await server?.stop({ keepWorkDir: true });
  if (base) fs.rmSync(base, { recursive: true, force: true });
  console.log(`doctor e2e timings (ms): ${JSON.stringify(timings)}`);
});

describe('ops doctor on a production-like server', () => {
  test('GIVEN the bootstrapped, applied, seeded server WHEN doctor runs THEN every check is ok and it exits 0', async () => {
    const { run, rows, problems } = await doctor();
    console.log(`doctor, all ok:\n${run.stdout}`);
    expect(problems).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/doctor: 0 FAIL, 0 warn, \d+ ok; checked for host 127\.0\.0\.1/);
    expect([...new Set(rows.map((r) => r.check))]).toEqual(['tls-chain', 'tls-expiry', 'tls-san', 'seal', 'login', 'role-binding', 'token-ttl', 'credentials', 'secrets', 'audit-device', 'audit-log', 'cluster']);
    expect(rows.filter((r) => r.check === 'role-binding')).toHaveLength(SERVICES.length * 2);
    expect(rows.filter((r) => r.check === 'token-ttl').map((r) => r.subject)).toEqual(SERVICES.map((s) => s.roleName));
    expect(rows.filter((r) => r.check === 'credentials' && /accessor \S+ live/.test(r.detail))).toHaveLength(WORKLOADS.length + 1);
    expect(rows.filter((r) => r.check === 'secrets').map((r) => r.subject)).toEqual(SECRET_CATALOG.map((e) => e.path));
    expect(rows.find((r) => r.check === 'seal')?.detail).toMatch(/^initialized, unsealed \(3 of 5 shares\), active, raft storage, version \S+/);
    expect(rows.find((r) => r.check === 'tls-chain')?.detail).toBe(`CN=127.0.0.1, issued by CN=hoodcloud test CA; verifies against VAULT_CACERT "${tls.caFile}"`);
    const audit = rows.find((r) => r.check === 'audit-device')!.detail;
    for (const option of [`file_path ${auditLog}`, 'mode 0600', 'format json', 'log_raw false', 'hmac_accessor true']) expect(audit).toContain(option);
    expect(rows.find((r) => r.check === 'login')?.detail).toBe(`role ${ADMIN}, policies default, ${ADMIN}`);
    // One raft node, declared alone by the server stack the test synthesized: nothing to do.
    expect(rows.filter((r) => r.check === 'cluster').map((r) => [r.status, r.detail])).toEqual([['ok', `single node (${serverJsonBeside(configJson)} declares it alone): no cluster, nothing to do`]]);
  });

  test('GIVEN --host 127.0.0.9, outside every binding WHEN doctor runs THEN each role\'s two bindings fail naming its CIDR variable, exit 1', async () => {
    const { run, problems } = await doctor(['--host', '127.0.0.9']);
    expect(run.code).toBe(1);
    expect(summary(problems)).toEqual(SERVICES.flatMap((s) => [`FAIL role-binding ${s.roleName} secret_id_bound_cidrs`, `FAIL role-binding ${s.roleName} token_bound_cidrs`]));
    for (const s of SERVICES) {
      const r = problems.find((p) => p.subject === `${s.roleName} token_bound_cidrs`)!;
      expect(r.detail).toBe('127.0.0.1 excludes 127.0.0.9: its tokens are refused there');
      expect(r.fix).toBe(`set ${s.cidrVariable} to include 127.0.0.9/32, npm run synth, then re-apply: npx cdktf deploy prod-config (as ${ADMIN})`);
    }
    expect(run.stderr).toContain('checked for host 127.0.0.9');
  });

  test('GIVEN a role rebound (outside Terraform) to a CIDR that excludes this host WHEN doctor runs THEN only that binding fails; re-applying fixes it', async () => {
    const role = ROLE('payment-service');
    await (await adminClient()).post(`auth/${LAYOUT.approleMount}/role/${role}`, { token_bound_cidrs: ['127.0.0.2/32'] });
    const broken = await doctor();
    expect(broken.run.code).toBe(1);
    expect(summary(broken.problems)).toEqual([`FAIL role-binding ${role} token_bound_cidrs`]);
    expect(broken.problems[0].detail).toBe('127.0.0.2 excludes 127.0.0.1: its tokens are refused there');
    await reapply();
    expect((await doctor()).run.code).toBe(0);
  });

  test('GIVEN a role with token_ttl 60 WHEN doctor runs THEN its token-ttl row fails with the renewal arithmetic and the setting; re-applying fixes it', async () => {
    const role = ROLE('auth-server');
    await (await adminClient()).post(`auth/${LAYOUT.approleMount}/role/${role}`, { token_ttl: 60 });
    const broken = await doctor();
    expect(broken.run.code).toBe(1);
    expect(summary(broken.problems)).toEqual([`FAIL token-ttl ${role}`]);
    expect(broken.problems[0].detail).toBe('token_ttl 1m, token_max_ttl 1d, mount max_lease_ttl 32d: renewing at 75 % (45s) leaves 15s to retry; expected token_ttl >= 5m');
    expect(broken.problems[0].fix).toContain('token_ttl >= 5m: the environment\'s ttl (tokenTtlSeconds, tokenMaxTtlSeconds in stacks/environments.ts)');
    await reapply();
    expect((await doctor()).run.code).toBe(0);
  });

  test('GIVEN a destroyed secret ID and an expired one WHEN doctor runs THEN both credentials rows fail with credentials issue; running that fix clears the destroyed one', async () => {
    const role = ROLE('control-plane');
    const dir = serviceDirs[role];
    const admin = await adminClient();
    const accessor = read(path.join(dir, 'secret_id_accessor'));
    await admin.post(`auth/${LAYOUT.approleMount}/role/${role}/secret-id-accessor/destroy`, { secret_id_accessor: accessor });
    // A secret ID that lives 1 s, written as `credentials issue` writes one.
    const expiredDir = path.join(base, 'expired', ROLE('auth-server'));
    fs.mkdirSync(expiredDir, { recursive: true, mode: 0o700 });
    const roleId = String(((await admin.get(`auth/${LAYOUT.approleMount}/role/${ROLE('auth-server')}/role-id`)).data as { role_id: string }).role_id);
    const short = (await admin.post(`auth/${LAYOUT.approleMount}/role/${ROLE('auth-server')}/secret-id`, { ttl: 1 })).data as { secret_id: string; secret_id_accessor: string };
    secretValues.push(short.secret_id);
    for (const [name, content] of [['role_id', roleId], ['secret_id', short.secret_id], ['secret_id_accessor', short.secret_id_accessor]]) fs.writeFileSync(path.join(expiredDir, name), content, { mode: 0o400 });
    await new Promise((r) => setTimeout(r, 1500));

    const broken = await doctor(['--credentials-dir', expiredDir]);
    expect(broken.run.code).toBe(1);
    expect(summary(broken.problems)).toEqual([`FAIL credentials ${role} (${dir})`, `FAIL credentials ${ROLE('auth-server')} (${expiredDir})`]);
    expect(broken.problems[0].detail).toBe(`secret ID accessor ${accessor} is not live on the server (destroyed or expired): logins fail`);
    expect(broken.problems[0].fix).toBe(`npm run ops -- credentials issue --role ${role} --out-dir ${dir}`);
    expect(broken.problems[1].detail).toBe(`secret ID accessor ${short.secret_id_accessor} is not live on the server (destroyed or expired): logins fail`);

    const fixed = await cli.run(['credentials', 'issue', '--role', role, '--out-dir', dir, '--approle-dir', adminDir]);
    expect(fixed.code).toBe(0);
    secretValues.push(read(path.join(dir, 'secret_id')));
    expect((await doctor()).run.code).toBe(0);
  });

  test('GIVEN secret IDs that expire within a wider window WHEN doctor runs with --credentials-warn-before 8d THEN each warns with credentials rotate, exit 3', async () => {
    const { run, problems } = await doctor(['--credentials-warn-before', '8d']);
    expect(run.code).toBe(3);
    expect(problems).toHaveLength(WORKLOADS.length + 1);
    for (const p of problems) {
      expect(p).toMatchObject({ check: 'credentials', status: 'warn' });
      expect(p.detail).toMatch(/expires \S+, in 6d23h \(warning window 8d\)$/);
      expect(p.fix).toMatch(/^npm run ops -- credentials rotate --role \S+ --out-dir \S+$/);
    }
  });

  test('GIVEN a JSON string where an object is expected WHEN doctor runs THEN that secret fails naming the field; writing it back fixes it', async () => {
    const admin = await adminClient();
    const entry = SECRET_CATALOG.find((e) => e.fields.some((f) => f.kind === 'json-object-of-strings'))!;
    const field = entry.fields.find((f) => f.kind === 'json-object-of-strings')!.name;
    const secretPath = `${LAYOUT.kvMount}/data/${entry.path}`;
    const current = (await admin.get(secretPath)) as { data: { data: Record<string, unknown>; metadata: { version: number } } };
    const original = current.data.data;
    const written = await admin.post<{ data: { version: number } }>(secretPath, { options: { cas: current.data.metadata.version }, data: { ...original, [field]: JSON.stringify(original[field]) } });
    const broken = await doctor();
    expect(broken.run.code).toBe(1);
    expect(summary(broken.problems)).toEqual([`FAIL secrets ${entry.path}`]);
    expect(broken.problems[0].detail).toBe(`${field} malformed (a JSON string where a JSON object of strings is required (store the object itself, not its text))`);
    expect(broken.problems[0].fix).toBe(`write well-formed ${field} as the admin: bao kv patch -mount=${LAYOUT.kvMount} ${entry.path} @fields.json (then npm run ops -- secrets check)`);
    await admin.post(secretPath, { options: { cas: written.data.version }, data: original });
    expect((await doctor()).run.code).toBe(0);
  });

  test('GIVEN the audit device disabled with the root token kept from the ceremony WHEN doctor runs THEN the device and the log fail; re-applying enables it again', async () => {
    await client(keptRoot).delete(`sys/audit/${LAYOUT.auditDevice}`);
    try {
      const broken = await doctor();
      expect(broken.run.code).toBe(1);
      expect(summary(broken.problems)).toEqual([`FAIL audit-device sys/audit/${LAYOUT.auditDevice}`, `FAIL audit-log ${auditLog}`]);
      expect(broken.problems[0].detail).toBe('not enabled: requests are not audited by the declared device; no audit device at all');
      expect(broken.problems[0].fix).toBe(`re-apply: npx cdktf deploy prod-config (as ${ADMIN}); ${ADMIN} may enable it, never disable it`);
      expect(broken.problems[1].detail).toMatch(/^not written: still \d+ bytes after an audited request/);
      // The admin may not disable it (the fix cannot be undone by the same credentials).
      expect((await (await adminClient()).raw('DELETE', `sys/audit/${LAYOUT.auditDevice}`)).status).toBe(403);
      await reapply();
      expect((await doctor()).run.code).toBe(0);
    } finally {
      await client(keptRoot).post('auth/token/revoke-self');
    }
  });

  test('GIVEN a restart WHEN doctor runs on the sealed server THEN seal fails naming unseal, TLS is still checked, the rest is skipped; unsealing fixes it', async () => {
    await restart();
    const broken = await doctor();
    expect(broken.run.code).toBe(1);
    expect(summary(broken.rows)).toEqual(['ok tls-chain server certificate', 'ok tls-expiry server certificate', `ok tls-expiry CA certificate (VAULT_CACERT "${tls.caFile}")`, 'ok tls-san 127.0.0.1', `FAIL seal https://127.0.0.1:${PORT}`]);
    expect(broken.problems[0]).toMatchObject({ detail: expect.stringMatching(/^sealed: 0 of 3 unseal shares entered \(5 exist\)/), fix: 'npm run ops -- unseal (each of 3 custodians, one share each)' });
    expect(broken.run.stderr).toContain('not checked: AppRole roles and their CIDR bindings (the server is not unsealed);');
    const unseal = await cli.run(['unseal', '--share-file', share(2), '--share-file', share(4), '--share-file', share(5)]);
    expect(unseal.stdout).toBe('unsealed');
    expect((await doctor()).run.code).toBe(0);
  });

  test('GIVEN a server certificate from the same CA that expires in a day WHEN the server restarts with it THEN doctor warns with tls renew and exits 3', async () => {
    const dir = path.join(base, 'tls');
    const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', tls.keyFile, '-out', path.join(dir, 'short.csr'), '-subj', '/CN=127.0.0.1');
    ssl('x509', '-req', '-in', path.join(dir, 'short.csr'), '-CA', tls.caFile, '-CAkey', path.join(dir, 'ca.key'), '-CAcreateserial', '-out', tls.certFile, '-days', '1', '-extfile', path.join(dir, 'ext.cnf'));
    await restart();
    const unseal = await cli.run(['unseal', '--share-file', share(1), '--share-file', share(2), '--share-file', share(3)]);
    expect(unseal.stdout).toBe('unsealed');
    const { run, problems } = await doctor();
    expect(run.code).toBe(3);
    expect(summary(problems)).toEqual(['warn tls-expiry server certificate']);
    expect(problems[0].detail).toMatch(/^expires \S+, in 23h59m \(warning window 30d\)$/);
    expect(problems[0].fix).toBe(`npm run ops -- tls renew --out-dir <tls dir> --ca-dir <ca dir>, then reload the server (SIGHUP; a prod-server node mounts the TLS directory: docker kill --signal=HUP <node id, e.g. ${PROD.server.nodes[0].id}>)`);
    // Within a 12 h window the same certificate is fine.
    expect((await doctor(['--cert-warn-before', '12h'])).run.code).toBe(0);
  });

  test('GIVEN every doctor run WHEN its output is searched THEN no share, credential, token or secret value appears', () => {
    const transcript = cli.transcript.join('\n');
    expect(secretValues.length).toBeGreaterThan(25);
    const leaked = secretValues.filter((v) => v.length >= 8 && transcript.includes(v));
    expect(leaked.map((v) => `${v.slice(0, 4)}… (${v.length} chars)`)).toEqual([]);
  });
});
