// `secrets check` against a real dev server: each kind of malformed value in a test of its own.
// The catalog is seeded through the CLI (dev), then one field at a time is broken with a real
// write, checked, and restored.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { generateRsaKeyPair } from '../../secrets-catalog/rsa-keypair';
import { generateX25519KeyPair } from '../../secrets-catalog/x25519';
import { createUser } from '@nats-io/nkeys';
import { RunningServer, startDevServer } from '../support/vault-server';
import { cliRunner, CliRunner } from '../cli/support/run-cli';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let server: RunningServer;
let root: VaultClient;
let cli: CliRunner;
const good = new Map<string, Record<string, unknown>>();

async function readData(p: string): Promise<Record<string, unknown>> {
  return ((await root.get(`secret/data/${p}`)).data as { data: Record<string, unknown> }).data;
}

/** Writes a broken copy of one secret, runs `secrets check`, restores the secret. */
async function checkWith(secretPath: string, patch: (d: Record<string, unknown>) => Record<string, unknown>) {
  const original = good.get(secretPath)!;
  await root.post(`secret/data/${secretPath}`, { data: patch({ ...original }) });
  try {
    return await cli.run(['secrets', 'check']);
  } finally {
    await root.post(`secret/data/${secretPath}`, { data: original });
  }
}

/** The row of one field in the printed table. */
function row(stdout: string, secretPath: string, field: string): string {
  return stdout.split('\n').find((l) => l.startsWith(`${secretPath} `) && l.split(/\s{2,}/)[1] === field) ?? '';
}

beforeAll(async () => {
  server = await startDevServer();
  root = server.client();
  cli = cliRunner({ VAULT_ADDR: server.address, VAULT_TOKEN: 'dev-token' });
  const seed = await cli.run(['secrets', 'seed', '--env', 'dev', '--rsa-bits', '2048']);
  if (seed.code !== 0) throw new Error(`seed failed: ${seed.stderr}`);
  for (const p of ['hoodcloud/control-plane/orchestrator', 'hoodcloud/auth-server/jwt', 'hoodcloud/control-plane/sealed-box', 'hoodcloud/payment-service/nats', 'hoodcloud/auth-server/database']) {
    good.set(p, await readData(p));
  }
});

afterAll(async () => {
  await server?.stop();
});

describe('secrets check against a live server', () => {
  test('GIVEN a seeded dev server WHEN checked THEN every service is ok and the exit code is 0', async () => {
    const run = await cli.run(['secrets', 'check']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/control-plane: ok[\s\S]*auth-server: ok[\s\S]*payment-service: ok/);
  });

  test('GIVEN terraform_env_vars stored as a JSON string WHEN checked THEN it is reported malformed and the value is not printed', async () => {
    const run = await checkWith('hoodcloud/control-plane/orchestrator', (d) => ({ ...d, terraform_env_vars: JSON.stringify({ TF_TOKEN_LEAK_CANARY: 'v' }) }));
    expect(run.code).toBe(1);
    expect(row(run.stdout, 'hoodcloud/control-plane/orchestrator', 'terraform_env_vars')).toMatch(/malformed\s+a JSON string where a JSON object of strings is required/);
    expect(run.stdout).toContain('control-plane: 1 problem(s)');
    expect(run.stdout + run.stderr).not.toContain('TF_TOKEN_LEAK_CANARY');
  });

  test('GIVEN provider_env_vars with a number value WHEN checked THEN the key is named as not a string', async () => {
    const run = await checkWith('hoodcloud/control-plane/orchestrator', (d) => ({ ...d, provider_env_vars: { REGION: 'eu', RETRIES: 3 } }));
    expect(run.code).toBe(1);
    expect(row(run.stdout, 'hoodcloud/control-plane/orchestrator', 'provider_env_vars')).toMatch(/malformed\s+every value must be a string; not strings: RETRIES \(a number\)/);
  });

  test('GIVEN a JWT public key of another keypair WHEN checked THEN it does not match the private key', async () => {
    const other = await generateRsaKeyPair(2048);
    const run = await checkWith('hoodcloud/auth-server/jwt', (d) => ({ ...d, public_key_pem: other.publicKeyPem }));
    expect(run.code).toBe(1);
    expect(row(run.stdout, 'hoodcloud/auth-server/jwt', 'public_key_pem')).toMatch(/malformed\s+public key does not match private_key_pem/);
    expect(run.stdout).not.toContain('BEGIN');
  });

  test('GIVEN an X25519 public key of another keypair WHEN checked THEN it does not match the private key', async () => {
    const other = generateX25519KeyPair();
    const run = await checkWith('hoodcloud/control-plane/sealed-box', (d) => ({ ...d, public_key: other.publicKey }));
    expect(run.code).toBe(1);
    expect(row(run.stdout, 'hoodcloud/control-plane/sealed-box', 'public_key')).toMatch(/malformed\s+public key does not match private_key/);
    expect(run.stdout).not.toContain(other.publicKey);
  });

  test('GIVEN a NATS seed with a broken checksum WHEN checked THEN it is not a valid account seed', async () => {
    const seed = String(good.get('hoodcloud/payment-service/nats')!.account_signing_seed);
    const broken = seed.slice(0, 20) + (seed[20] === 'Q' ? 'R' : 'Q') + seed.slice(21);
    const run = await checkWith('hoodcloud/payment-service/nats', () => ({ account_signing_seed: broken }));
    expect(run.code).toBe(1);
    expect(row(run.stdout, 'hoodcloud/payment-service/nats', 'account_signing_seed')).toMatch(/malformed\s+not a valid NKEYS account seed: invalid checksum/);
    expect(run.stdout).not.toContain(broken.slice(0, 12));
  });

  test('GIVEN a user seed where an account seed is required WHEN checked THEN the wrong key type is reported', async () => {
    const run = await checkWith('hoodcloud/payment-service/nats', () => ({ account_signing_seed: new TextDecoder().decode(createUser().getSeed()) }));
    expect(run.code).toBe(1);
    expect(row(run.stdout, 'hoodcloud/payment-service/nats', 'account_signing_seed')).toMatch(/an account seed \(SA…\) is required, this one is for a user/);
  });

  test('GIVEN a JWT private key PEM that does not parse WHEN checked THEN the PEM is reported unparsable', async () => {
    const run = await checkWith('hoodcloud/auth-server/jwt', (d) => ({ ...d, private_key_pem: String(d.private_key_pem).replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!') }));
    expect(run.code).toBe(1);
    expect(row(run.stdout, 'hoodcloud/auth-server/jwt', 'private_key_pem')).toMatch(/malformed\s+PEM does not parse as a private key/);
  });

  test('GIVEN a required field removed WHEN checked THEN it is reported missing', async () => {
    const run = await checkWith('hoodcloud/auth-server/database', (d) => ({ username: d.username }));
    expect(run.code).toBe(1);
    expect(row(run.stdout, 'hoodcloud/auth-server/database', 'password')).toMatch(/missing\s+field not set/);
  });

  test('GIVEN a required secret deleted WHEN checked THEN every field of it is missing', async () => {
    const data = await readData('hoodcloud/payment-service/nats');
    await root.delete('secret/metadata/hoodcloud/payment-service/nats');
    try {
      const run = await cli.run(['secrets', 'check', '--service', 'payment-service']);
      expect(run.code).toBe(1);
      expect(row(run.stdout, 'hoodcloud/payment-service/nats', 'account_signing_seed')).toMatch(/missing\s+secret does not exist/);
      expect(run.stdout).not.toContain('control-plane');
    } finally {
      await root.post('secret/data/hoodcloud/payment-service/nats', { data });
    }
  });

  test('GIVEN a token without read access WHEN checked THEN every field reports permission denied and the exit code is 1', async () => {
    const limited = await root.post<{ auth?: { client_token?: string } }>('auth/token/create', { policies: ['default'], ttl: '5m' });
    const run = await cli.run(['secrets', 'check'], { env: { VAULT_TOKEN: String(limited.auth?.client_token) } });
    expect(run.code).toBe(1);
    expect(row(run.stdout, 'hoodcloud/auth-server/jwt', 'private_key_pem')).toMatch(/missing\s+permission denied reading the secret/);
  });

  test('GIVEN secrets that exist WHEN seed runs again without --force THEN nothing is overwritten; with --force they are replaced by check-and-set', async () => {
    const before = await readData('hoodcloud/payment-service/nats');
    const again = await cli.run(['secrets', 'seed', '--env', 'dev', '--rsa-bits', '2048']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('written: 0');
    expect(await readData('hoodcloud/payment-service/nats')).toEqual(before);
    const forced = await cli.run(['secrets', 'seed', '--env', 'dev', '--rsa-bits', '2048', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('replaced hoodcloud/payment-service/nats (version 2;');
    expect((await readData('hoodcloud/payment-service/nats')).account_signing_seed).not.toEqual(before.account_signing_seed);
    for (const p of good.keys()) good.set(p, await readData(p));
  });

  test('GIVEN a supplied value that is malformed WHEN seeding THEN nothing at all is written', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-values-'));
    const file = path.join(dir, 'values.json');
    await root.delete('secret/metadata/hoodcloud/payment-service/provider');
    fs.writeFileSync(file, JSON.stringify({ 'hoodcloud/payment-service/provider': { api_key: 'short' } }), { mode: 0o600 });
    try {
      const run = await cli.run(['secrets', 'seed', '--env', 'dev', '--values', file]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('nothing written');
      expect(run.stderr).toContain('hoodcloud/payment-service/provider api_key: too short: 5 characters, at least 16 required');
      expect((await root.raw('GET', 'secret/data/hoodcloud/payment-service/provider')).status).toBe(404);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
