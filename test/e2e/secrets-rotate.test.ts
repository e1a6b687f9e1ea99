// Issue 11, item 7: `secrets rotate`, `secrets versions` and `secrets rollback` against a real
// OpenBao dev server. The catalog is seeded through the CLI (dev, RSA 2048), then each kind of
// secret is rotated and the stored versions are read back with the root token. The JWT grace
// period is checked the way the auth server verifies: an RS256 token signed before a rotation
// verifies with the keys verificationKeys() selects from the new version, until the expiry.
import { createPrivateKey, sign, verify } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { SECRET_CATALOG } from '../../services/catalog';
import { verificationKeys } from '../../secrets-catalog/previous-key';
import { parseUtcTime } from '../../secrets-catalog/utc-time';
import { rsaKeysMatch, parseRsaPrivateKeyPem, parseRsaPublicKeyPem } from '../../secrets-catalog/rsa-keypair';
import { x25519PublicKeyOf } from '../../secrets-catalog/x25519';
import { CliError } from '../../cli/errors';
import { CliIo } from '../../cli/io';
import { prepareRotation } from '../../cli/secrets/rotate';
import { writeChange } from '../../cli/secrets/secret-change';
import { RunningServer, startDevServer } from '../support/vault-server';
import { cliRunner, CliRunner } from '../cli/support/run-cli';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const JWT = 'hoodcloud/auth-server/jwt';
const JWT_ENTRY = SECRET_CATALOG.find((e) => e.path === JWT)!;
let server: RunningServer;
let root: VaultClient;
let cli: CliRunner;
let dir: string;
/** Every value the server held at any point, for the leak check at the end. */
const seen = new Set<string>();

async function readVersion(p: string, version?: number): Promise<Record<string, unknown>> {
  const body = await root.get(`secret/data/${p}`, version === undefined ? {} : { query: { version: String(version) } });
  const data = (body.data as { data: Record<string, unknown> }).data;
  const entry = SECRET_CATALOG.find((e) => e.path === p);
  for (const [field, v] of Object.entries(data)) {
    // The expiry of a previous key is a time, printed on purpose; every other field is secret.
    if (entry?.fields.find((f) => f.name === field)?.kind !== 'previous-key-expiry') seen.add(typeof v === 'string' ? v : JSON.stringify(v));
  }
  return data;
}

async function currentVersion(p: string): Promise<number> {
  return Number(((await root.get(`secret/metadata/${p}`)).data as { current_version: number }).current_version);
}

function valuesFile(name: string, values: Record<string, Record<string, unknown>>): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(values), { mode: 0o600 });
  return file;
}

/** A compact RS256 JWT. */
function signJwt(privateKeyPem: string, claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), createPrivateKey(privateKeyPem)).toString('base64url')}`;
}

/** What the auth server does: the token verifies with one of the keys the stored version allows at `now`. */
function verifiesWith(data: Record<string, unknown>, token: string, now: Date): boolean {
  const [header, payload, signature] = token.split('.');
  return verificationKeys(JWT_ENTRY, data, now).some((pem) => verify('sha256', Buffer.from(`${header}.${payload}`), pem, Buffer.from(signature, 'base64url')));
}

beforeAll(async () => {
  server = await startDevServer();
  root = server.client();
  cli = cliRunner({ VAULT_ADDR: server.address, VAULT_TOKEN: 'dev-token' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-rotate-'));
  const seed = await cli.run(['secrets', 'seed', '--env', 'dev', '--rsa-bits', '2048']);
  if (seed.code !== 0) throw new Error(`seed failed: ${seed.stderr}`);
  for (const e of SECRET_CATALOG) await readVersion(e.path);
});

afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('secrets rotate: each kind of secret', () => {
  test('GIVEN the JWT keypair WHEN rotated THEN version 2 holds a new matching keypair, the old public key as previous one until now + --grace, and check passes', async () => {
    const before = await readVersion(JWT);
    const started = Date.now();
    const run = await cli.run(['secrets', 'rotate', JWT, '--rsa-bits', '2048', '--grace', '2h']);
    expect(run.code).toBe(0);
    const after = await readVersion(JWT);
    expect(await currentVersion(JWT)).toBe(2);
    expect(after.private_key_pem).not.toBe(before.private_key_pem);
    expect(after.public_key_pem).not.toBe(before.public_key_pem);
    expect(rsaKeysMatch(parseRsaPrivateKeyPem(String(after.private_key_pem)), parseRsaPublicKeyPem(String(after.public_key_pem)))).toBe(true);
    expect(after.previous_public_key_pem).toBe(before.public_key_pem);
    const expiry = parseUtcTime(String(after.previous_public_key_expires_at)).getTime();
    expect(expiry).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000 + 2 * 3600_000);
    expect(expiry).toBeLessThanOrEqual(Date.now() + 2 * 3600_000);
    expect(run.stdout).toContain(`rotated ${JWT}: version 2 written (check-and-set on version 1)`);
    expect(run.stdout).toContain('  generated: private_key_pem, public_key_pem');
    expect(run.stdout).toContain(`  previous public key (previous_public_key_pem) verifies until ${after.previous_public_key_expires_at}`);
    expect(run.stdout).toMatch(/\n2 +\S+ +current, readable\n1 +\S+ +readable/);
    expect(run.stderr).toContain('[2/3] Generating and validating the next version (RSA 2048 bits)');
    const check = await cli.run(['secrets', 'check', '--service', 'auth-server']);
    expect(check.code).toBe(0);
  });

  test('GIVEN the sealed box, the NATS seed and the internal API key WHEN rotated THEN each generated field changed and check passes', async () => {
    for (const p of ['hoodcloud/control-plane/sealed-box', 'hoodcloud/payment-service/nats', 'hoodcloud/control-plane/api-keys']) {
      const before = await readVersion(p);
      const run = await cli.run(['secrets', 'rotate', p]);
      expect({ p, code: run.code }).toEqual({ p, code: 0 });
      const after = await readVersion(p);
      expect(await currentVersion(p)).toBe(2);
      for (const field of Object.keys(before)) expect({ p, field, changed: after[field] !== before[field] }).toEqual({ p, field, changed: true });
      expect(run.stdout).toContain(`  generated: ${Object.keys(before).join(', ')}`);
    }
    expect(x25519PublicKeyOf(String((await readVersion('hoodcloud/control-plane/sealed-box')).private_key))).toBe((await readVersion('hoodcloud/control-plane/sealed-box')).public_key);
    expect((await cli.run(['secrets', 'check'])).code).toBe(0);
  });

  test('GIVEN database credentials and a values file with a new password WHEN rotated THEN the password is the one given and the username kept', async () => {
    const p = 'hoodcloud/auth-server/database';
    const before = await readVersion(p);
    const password = `rotated-${Date.now()}-abcdefghijklmnop`;
    seen.add(password);
    const run = await cli.run(['secrets', 'rotate', p, '--values', valuesFile('db.json', { [p]: { password } })]);
    expect(run.code).toBe(0);
    expect(await readVersion(p)).toEqual({ username: before.username, password });
    expect(run.stdout).toContain('  generated: -\n  supplied:  password\n  kept:      username');
  });

  test('GIVEN the orchestrator env and the incident webhook WHEN one field of each is supplied THEN it is stored as given (objects as objects) and the other kept', async () => {
    const orch = 'hoodcloud/control-plane/orchestrator';
    const hook = 'hoodcloud/control-plane/incident-notification';
    const before = await readVersion(orch);
    const beforeHook = await readVersion(hook);
    const env = { TF_IN_AUTOMATION: 'true', TF_LOG: 'WARN' };
    expect((await cli.run(['secrets', 'rotate', orch, '--values', valuesFile('orch.json', { [orch]: { terraform_env_vars: env } })])).code).toBe(0);
    expect(await readVersion(orch)).toEqual({ terraform_env_vars: env, provider_env_vars: before.provider_env_vars });
    expect((await cli.run(['secrets', 'rotate', hook, '--values', valuesFile('hook.json', { [hook]: { webhook_url: 'https://hooks.e2e.invalid/rotated' } })])).code).toBe(0);
    expect(await readVersion(hook)).toEqual({ ...beforeHook, webhook_url: 'https://hooks.e2e.invalid/rotated' });
  });

  test('GIVEN provider credentials and no values WHEN rotated THEN nothing is invented, nothing written, and --values is named', async () => {
    const p = 'hoodcloud/payment-service/provider';
    const run = await cli.run(['secrets', 'rotate', p]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`nothing written: 1 problem(s):\n  - ${p}: nothing to rotate: none of its fields is generated by the CLI (api_key, webhook_secret); pass the new values with --values <file>`);
    expect(await currentVersion(p)).toBe(1);
  });

  test('GIVEN a supplied value over 64 KiB or malformed WHEN rotating THEN nothing is written and the path, field and limit are named, never the value', async () => {
    const p = 'hoodcloud/payment-service/provider';
    const big = await cli.run(['secrets', 'rotate', p, '--values', valuesFile('big.json', { [p]: { api_key: 'LEAK'.repeat(20_000) } })]);
    expect(big.code).toBe(1);
    expect(big.stderr).toContain(`${p} api_key: 80002 bytes (JSON-encoded), over the limit of 65536 bytes (64 KiB) per field`);
    expect(big.stderr).not.toContain('LEAKLEAK');
    const short = await cli.run(['secrets', 'rotate', p, '--values', valuesFile('short.json', { [p]: { webhook_secret: 'LEAK-short' } })]);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain(`${p} webhook_secret: too short: 10 characters, at least 16 required`);
    expect(await currentVersion(p)).toBe(1);
  });
});

describe('secrets versions and rollback', () => {
  const NATS = 'hoodcloud/payment-service/nats';

  test('GIVEN a secret rotated twice and two versions deleted and destroyed WHEN listed THEN every version shows with its state, newest first, and no value', async () => {
    expect((await cli.run(['secrets', 'rotate', NATS])).code).toBe(0);
    expect(await currentVersion(NATS)).toBe(3);
    for (let v = 1; v <= 3; v++) await readVersion(NATS, v);
    await root.post(`secret/delete/${NATS}`, { versions: [2] });
    await root.post(`secret/destroy/${NATS}`, { versions: [1] });
    const run = await cli.run(['secrets', 'versions', NATS]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${NATS}: current version 3, 3 version\\(s\\) kept; the mount keeps at most 10 \\(the default\\)$`));
    expect(lines[1]).toMatch(/^VERSION +CREATED +STATE$/);
    expect(lines[3]).toMatch(/^3 +\d{4}-\d\d-\d\dT\S+Z +current, readable$/);
    expect(lines[4]).toMatch(/^2 +\S+ +deleted \d{4}-\d\d-\d\dT\S+Z$/);
    expect(lines[5]).toMatch(/^1 +\S+ +destroyed$/);
    expect(run.stdout).not.toContain('SA');
  });

  test('GIVEN a deleted, a destroyed, the current and an unknown version WHEN rolled back to THEN each is refused naming --to, and nothing is written', async () => {
    const cases: [string, string][] = [
      ['2', `--to 2: version 2 of ${NATS} is deleted (`],
      ['1', `--to 1: version 1 of ${NATS} is destroyed; its data is gone`],
      ['3', `--to 3: version 3 is the current version of ${NATS} already; nothing written`],
      ['9', `--to 9: ${NATS} keeps versions 1, 2, 3; version 9 is not one of them`],
    ];
    for (const [to, message] of cases) {
      const run = await cli.run(['secrets', 'rollback', NATS, '--to', to]);
      expect({ to, code: run.code }).toEqual({ to, code: 2 });
      expect(run.stderr).toContain(message);
    }
    expect(await currentVersion(NATS)).toBe(3);
  });

  test('GIVEN the database password rotated WHEN rolled back to version 1 THEN version 3 holds exactly the data of version 1 and the versions in between stay', async () => {
    const p = 'hoodcloud/auth-server/database';
    const v1 = await readVersion(p, 1);
    const run = await cli.run(['secrets', 'rollback', p, '--to', '1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`rolled ${p} back to the data of version 1: version 3 written (check-and-set on version 2)`);
    expect(run.stdout).toContain('  restored:  username, password');
    expect(await currentVersion(p)).toBe(3);
    expect(await readVersion(p)).toEqual(v1);
    expect(await readVersion(p, 2)).not.toEqual(v1);
  });
});

describe('the JWT grace period', () => {
  test('GIVEN a token signed before the rotation WHEN verified with the new version THEN it verifies until previous_public_key_expires_at, and a new token with the new key', async () => {
    const v1 = await readVersion(JWT, 1);
    const v2 = await readVersion(JWT, 2);
    const oldToken = signJwt(String(v1.private_key_pem), { sub: 'user-1', iat: 1 });
    const newToken = signJwt(String(v2.private_key_pem), { sub: 'user-2', iat: 2 });
    const expiry = parseUtcTime(String(v2.previous_public_key_expires_at));
    expect(verifiesWith(v2, oldToken, new Date())).toBe(true);
    expect(verifiesWith(v2, newToken, new Date())).toBe(true);
    expect(verifiesWith(v2, oldToken, new Date(expiry.getTime() - 1000))).toBe(true);
    expect(verifiesWith(v2, oldToken, expiry)).toBe(false);
    expect(verifiesWith(v2, newToken, expiry)).toBe(true);
  });

  test('GIVEN the previous key still in its grace period WHEN the JWT is rotated again THEN it is refused and nothing written; with --grace 0 every earlier key stops verifying', async () => {
    const again = await cli.run(['secrets', 'rotate', JWT, '--rsa-bits', '2048']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${JWT} previous_public_key_pem: still verifies tokens until`);
    expect(again.stderr).toContain('pass --grace 0 to stop verifying every earlier key at once');
    expect(await currentVersion(JWT)).toBe(2);

    const oldToken = signJwt(String((await readVersion(JWT, 1)).private_key_pem), { sub: 'user-1' });
    const midToken = signJwt(String((await readVersion(JWT, 2)).private_key_pem), { sub: 'user-2' });
    const now = await cli.run(['secrets', 'rotate', JWT, '--rsa-bits', '2048', '--grace', '0']);
    expect(now.code).toBe(0);
    expect(now.stdout).toContain('  no previous public key (--grace 0): 2 earlier key(s) stop verifying; only public_key_pem verifies');
    const v3 = await readVersion(JWT);
    expect(v3).not.toHaveProperty('previous_public_key_pem');
    expect(v3).not.toHaveProperty('previous_public_key_expires_at');
    expect(verifiesWith(v3, oldToken, new Date())).toBe(false);
    expect(verifiesWith(v3, midToken, new Date())).toBe(false);
  });

  test('GIVEN the JWT rolled back to version 1 WHEN written THEN the keypair of version 1 is current and the key it replaces verifies for the grace period', async () => {
    const v1 = await readVersion(JWT, 1);
    const v3 = await readVersion(JWT, 3);
    const run = await cli.run(['secrets', 'rollback', JWT, '--to', '1', '--grace', '30m']);
    expect(run.code).toBe(0);
    const v4 = await readVersion(JWT);
    expect(await currentVersion(JWT)).toBe(4);
    expect(v4.private_key_pem).toBe(v1.private_key_pem);
    expect(v4.previous_public_key_pem).toBe(v3.public_key_pem);
    expect(verifiesWith(v4, signJwt(String(v3.private_key_pem), { sub: 'user-3' }), new Date())).toBe(true);
    expect((await cli.run(['secrets', 'check', '--service', 'auth-server'])).code).toBe(0);
  });
});

describe('check-and-set', () => {
  test('GIVEN a rotation prepared on version N WHEN someone writes version N+1 before it is written THEN the conflict is reported and nothing of the rotation is written', async () => {
    const p = 'hoodcloud/control-plane/api-keys';
    const io: CliIo = { env: {}, out: () => undefined, err: () => undefined, stdin: process.stdin, sleep: async () => undefined };
    const read = await currentVersion(p);
    const prepared = await prepareRotation(root, io, { mount: 'secret', path: p, graceSeconds: 0 });
    expect(prepared.readVersion).toBe(read);
    const meanwhile = { internal_api_key: `written-meanwhile-${Date.now()}-0123456789` };
    await root.post(`secret/data/${p}`, { options: { cas: read }, data: meanwhile });
    const error = await writeChange(root, prepared, 'rotating').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(
      `${p} changed while rotating it: version ${read} was read, and the server now holds a newer version (someone wrote meanwhile); nothing was written. See \`secrets versions ${p}\`, then run again.`,
    );
    expect(await currentVersion(p)).toBe(read + 1);
    expect(await readVersion(p)).toEqual(meanwhile);
  });
});

describe('no value in any output', () => {
  test('GIVEN every run of this file WHEN its transcript is searched THEN no stored value appears', async () => {
    for (const e of SECRET_CATALOG) {
      const last = await currentVersion(e.path);
      for (let v = 1; v <= last; v++) await readVersion(e.path, v).catch(() => undefined);
    }
    const transcript = cli.transcript.join('\n');
    const leaked = [...seen].filter((v) => v.length >= 8 && transcript.includes(v));
    expect(leaked).toEqual([]);
  });
});
