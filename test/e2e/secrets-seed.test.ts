// Issue 9, classes G and H, for `secrets seed` and `secrets check` against a real OpenBao dev
// server: a seed interrupted half-way (a token that may create only the first six secrets, so the
// seventh write fails after six were written) is completed by re-running the same command, which
// writes only what is missing and never touches what exists; size limits and bad --rsa-bits values
// stop everything before the first write; an invalid or expired token is reported as such.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { SECRET_CATALOG } from '../../services/catalog';
import { RunningServer, startDevServer } from '../support/vault-server';
import { cliRunner, CliRunner } from '../cli/support/run-cli';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let server: RunningServer;
let root: VaultClient;
let cli: CliRunner;
let dir: string;
const seen = new Set<string>();

/** The paths prod seed generates itself; every other catalog secret is supplied. */
const GENERATED_IN_PROD = ['hoodcloud/control-plane/api-keys', 'hoodcloud/control-plane/sealed-box', 'hoodcloud/auth-server/jwt', 'hoodcloud/payment-service/nats'];

async function mount(name: string): Promise<string> {
  await root.post(`sys/mounts/${name}`, { type: 'kv', options: { version: '2' } });
  return name;
}

async function stored(mountName: string, p: string): Promise<{ version: number; data: Record<string, unknown> } | undefined> {
  const res = await root.raw<{ data?: { data?: Record<string, unknown>; metadata?: { version?: number } } }>('GET', `${mountName}/data/${p}`);
  if (res.status === 404) return undefined;
  const data = res.body.data?.data ?? {};
  for (const v of Object.values(data)) seen.add(typeof v === 'string' ? v : JSON.stringify(v));
  return { version: Number(res.body.data?.metadata?.version), data };
}

async function tokenWith(policies: string[], opts: Record<string, unknown> = {}): Promise<string> {
  const res = await root.post<{ auth?: { client_token?: string } }>('auth/token/create', { policies, ttl: '10m', ...opts });
  return String(res.auth?.client_token);
}

function writeFile(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content), { mode: 0o600 });
  return file;
}

/** Values for every secret prod seed does not generate, as an operator's values file holds them. */
function prodValues(): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const e of SECRET_CATALOG.filter((x) => !GENERATED_IN_PROD.includes(x.path))) {
    values[e.path] = Object.fromEntries(e.fields.map((f) => [f.name, f.kind === 'json-object-of-strings' ? { HOODCLOUD_ENV: `prod-${f.name}` } : `prod-${f.name}-${Math.random().toString(36).slice(2)}-0123456789`]));
  }
  for (const v of Object.values(values)) for (const x of Object.values(v)) seen.add(typeof x === 'string' ? x : JSON.stringify(x));
  return values;
}

beforeAll(async () => {
  server = await startDevServer();
  root = server.client();
  cli = cliRunner({ VAULT_ADDR: server.address, VAULT_TOKEN: 'dev-token' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-seed-'));
});

afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('secrets seed: an interrupted seed is completed by re-running it', () => {
  const m = 'resume';
  let values: string;
  const firstSix = SECRET_CATALOG.slice(0, 6).map((e) => e.path);
  const before = new Map<string, Record<string, unknown>>();

  test('GIVEN a token that may create only the first six secrets WHEN the prod seed runs with the values file THEN six are written and the seventh fails, naming what was written', async () => {
    await mount(m);
    values = writeFile('prod-values.json', prodValues());
    const rules = [`path "${m}/metadata/*" { capabilities = ["read"] }`, ...firstSix.map((p) => `path "${m}/data/${p}" { capabilities = ["create", "update"] }`)];
    await root.put('sys/policies/acl/seed-first-six', { policy: rules.join('\n') });
    const limited = await tokenWith(['seed-first-six']);
    const run = await cli.run(['secrets', 'seed', '--env', 'prod', '--mount', m, '--rsa-bits', '2048', '--values', values], { env: { VAULT_TOKEN: limited } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`writing ${SECRET_CATALOG[6].path} failed: Vault refused POST /v1/${m}/data/${SECRET_CATALOG[6].path} -> HTTP 403`);
    expect(run.stderr).toContain(`Already written: ${firstSix.join(', ')}. Re-run the same command: it writes only the secrets still missing.`);
    for (const p of firstSix) {
      const s = await stored(m, p);
      expect({ p, version: s?.version }).toEqual({ p, version: 1 });
      before.set(p, s!.data);
    }
    for (const e of SECRET_CATALOG.slice(6)) expect(await stored(m, e.path)).toBeUndefined();
  });

  test('GIVEN the partly seeded catalog WHEN the same command is run again THEN only the four missing secrets are written and the six kept exactly as they were', async () => {
    const run = await cli.run(['secrets', 'seed', '--env', 'prod', '--mount', m, '--rsa-bits', '2048', '--values', values]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`written: 4 (${SECRET_CATALOG.slice(6).map((e) => e.path).join(', ')})`);
    expect(run.stdout).toContain(`kept (exist; --force replaces): 6 (${firstSix.join(', ')})`);
    const suppliedKept = firstSix.filter((p) => !GENERATED_IN_PROD.includes(p));
    expect(run.stdout).toContain(`not written, they exist: the --values given for ${suppliedKept.join(', ')} (to change an existing secret: secrets rotate <path> --values <file>)`);
    for (const p of firstSix) expect({ p, ...(await stored(m, p)) }).toEqual({ p, version: 1, data: before.get(p) });
    for (const e of SECRET_CATALOG.slice(6)) expect((await stored(m, e.path))?.version).toBe(1);
    const check = await cli.run(['secrets', 'check', '--mount', m]);
    expect(check.code).toBe(0);
  });

  test('GIVEN a complete catalog WHEN seeded again THEN nothing is written; with --force everything is replaced by check-and-set without any question', async () => {
    const again = await cli.run(['secrets', 'seed', '--env', 'prod', '--mount', m, '--rsa-bits', '2048', '--values', values]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('written: 0\nkept (exist; --force replaces): 10');
    for (const e of SECRET_CATALOG) expect((await stored(m, e.path))?.version).toBe(1);
    const jwtBefore = (await stored(m, 'hoodcloud/auth-server/jwt'))!.data;
    const forced = await cli.run(['secrets', 'seed', '--env', 'prod', '--mount', m, '--rsa-bits', '2048', '--values', values, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('written: 10');
    for (const e of SECRET_CATALOG) expect({ p: e.path, version: (await stored(m, e.path))?.version }).toEqual({ p: e.path, version: 2 });
    expect((await stored(m, 'hoodcloud/auth-server/jwt'))!.data.private_key_pem).not.toBe(jwtBefore.private_key_pem);
  });
});

describe('secrets seed: limits and bad flags stop everything before the first write', () => {
  test('GIVEN a field over 64 KiB among valid values WHEN seeding THEN nothing at all is written and path, field and limit are named, never the value', async () => {
    const m = await mount('limits');
    const values = prodValues();
    values['hoodcloud/payment-service/provider'] = { api_key: 'OVERSIZE'.repeat(9000), webhook_secret: 'w'.repeat(20) };
    const run = await cli.run(['secrets', 'seed', '--env', 'prod', '--mount', m, '--rsa-bits', '2048', '--values', writeFile('big.json', values)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing written: 1 problem(s):\n  - hoodcloud/payment-service/provider api_key: 72002 bytes (JSON-encoded), over the limit of 65536 bytes (64 KiB) per field');
    expect(run.stderr).not.toContain('OVERSIZE');
    for (const e of SECRET_CATALOG) expect(await stored(m, e.path)).toBeUndefined();
  });

  test('GIVEN two env-var objects under the field limit but together over 128 KiB WHEN seeding THEN the secret limit is named and nothing written', async () => {
    const m = await mount('limits2');
    const values = prodValues();
    values['hoodcloud/control-plane/orchestrator'] = { terraform_env_vars: { A: 'x'.repeat(65_520) }, provider_env_vars: { B: 'y'.repeat(65_520) } };
    const run = await cli.run(['secrets', 'seed', '--env', 'prod', '--mount', m, '--rsa-bits', '2048', '--values', writeFile('pair.json', values)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ {2}- hoodcloud\/control-plane\/orchestrator: \d+ bytes \(JSON-encoded, all fields\), over the limit of 131072 bytes \(128 KiB\) per secret/);
    for (const e of SECRET_CATALOG) expect(await stored(m, e.path)).toBeUndefined();
  });

  test.each(['1e4', '4096.0', ' 4096', '0x1000', '1024', '9000'])('GIVEN --rsa-bits %j WHEN seeding THEN it is refused at once (exit 2), naming the flag, and nothing is written', async (bits) => {
    const m = `bits-${['1e4', '4096.0', ' 4096', '0x1000', '1024', '9000'].indexOf(bits)}`;
    await mount(m);
    const started = Date.now();
    const run = await cli.run(['secrets', 'seed', '--env', 'dev', '--mount', m, '--rsa-bits', bits]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --rsa-bits: .* expected an integer from 2048 to 8192/);
    expect((await root.raw('LIST', `${m}/metadata/hoodcloud`)).status).toBe(404);
  });
});

describe('tokens the server does not know', () => {
  test('GIVEN an invalid token in VAULT_TOKEN or --token-file WHEN seeding or checking THEN it is reported as invalid or expired, not as missing fields', async () => {
    const tokenFile = writeFile('bogus.token', 'hvs.this-token-does-not-exist');
    for (const cmd of [['secrets', 'seed', '--env', 'dev', '--rsa-bits', '2048'], ['secrets', 'check']]) {
      const viaEnv = await cli.run(cmd, { env: { VAULT_TOKEN: 'hvs.this-token-does-not-exist' } });
      expect({ cmd, code: viaEnv.code }).toEqual({ cmd, code: 2 });
      expect(viaEnv.stderr).toMatch(/^error: VAULT_TOKEN: the token is invalid or expired: log in again/);
      expect(viaEnv.stdout).not.toContain('missing');
      const viaFile = await cli.run([...cmd, '--token-file', tokenFile], { env: { VAULT_TOKEN: undefined } });
      expect(viaFile.stderr).toMatch(/^error: --token-file: the token is invalid or expired: log in again/);
    }
    expect((await root.raw('LIST', 'secret/metadata/hoodcloud')).status).toBe(404);
  });

  test('GIVEN a token that has expired WHEN checking THEN it is reported as invalid or expired', async () => {
    const shortLived = await tokenWith(['default'], { ttl: '1s', explicit_max_ttl: '1s' });
    await new Promise((r) => setTimeout(r, 2500));
    const run = await cli.run(['secrets', 'check'], { env: { VAULT_TOKEN: shortLived } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('VAULT_TOKEN: the token is invalid or expired: log in again');
  });

  test('GIVEN a valid token without the default policy (it may not look itself up) but with read access WHEN checking THEN it is not called invalid and the check runs', async () => {
    const seed = await cli.run(['secrets', 'seed', '--env', 'dev', '--rsa-bits', '2048']);
    expect(seed.code).toBe(0);
    await root.put('sys/policies/acl/catalog-reader', { policy: 'path "secret/data/*" { capabilities = ["read"] }\npath "secret/metadata/*" { capabilities = ["read"] }' });
    const reader = await tokenWith(['catalog-reader'], { no_default_policy: true });
    expect((await root.raw('GET', 'auth/token/lookup-self', { token: reader })).status).toBe(403);
    const run = await cli.run(['secrets', 'check'], { env: { VAULT_TOKEN: reader } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('all required secrets present and well-formed');
  });

  test('GIVEN an https address for the plain-http server WHEN checking THEN the scheme is named, not EPROTO', async () => {
    const run = await cli.run(['secrets', 'check', '--address', server.address.replace('http:', 'https:')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: the server did not answer TLS (is it an http:// listener?); check the scheme of --address / VAULT_ADDR');
  });
});

describe('no value in any output', () => {
  test('GIVEN every run of this file WHEN its transcript is searched THEN no value stored or supplied appears', async () => {
    for (const m of ['resume', 'secret']) for (const e of SECRET_CATALOG) await stored(m, e.path);
    const transcript = cli.transcript.join('\n');
    expect([...seen].filter((v) => v.length >= 8 && transcript.includes(v))).toEqual([]);
  });
});
