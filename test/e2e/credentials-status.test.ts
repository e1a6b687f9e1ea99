// `credentials issue / rotate / status` edge cases against a real dev server.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { RunningServer, startDevServer } from '../support/vault-server';
import { cliRunner, CliRunner } from '../cli/support/run-cli';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let server: RunningServer;
let root: VaultClient;
let cli: CliRunner;
let dir: string;

beforeAll(async () => {
  server = await startDevServer();
  root = server.client();
  cli = cliRunner({ VAULT_ADDR: server.address, VAULT_TOKEN: 'dev-token' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-creds-'));
  await root.post('sys/auth/approle', { type: 'approle' });
  await root.post('auth/approle/role/never-expires', { token_policies: ['default'], secret_id_ttl: 0 });
  await root.post('auth/approle/role/short-lived', { token_policies: ['default'], secret_id_ttl: 3600 });
  await root.post('auth/approle/role/weekly', { token_policies: ['default'], secret_id_ttl: 604800, secret_id_bound_cidrs: ['127.0.0.1/32'] });
  await root.post('auth/approle/role/unused', { token_policies: ['default'], secret_id_ttl: 604800 });
});

afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('credentials against a live server', () => {
  test('GIVEN secret IDs that never expire or expire within the window WHEN status runs THEN each warns and the exit code is 3', async () => {
    for (const role of ['never-expires', 'short-lived', 'weekly']) {
      expect((await cli.run(['credentials', 'issue', '--role', role, '--out-dir', path.join(dir, role)])).code).toBe(0);
    }
    const run = await cli.run(['credentials', 'status']);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/never-expires\s+\S+\s+\S+\s+never\s+WARN never expires \(phase 1 expects a 7-day TTL\)/);
    expect(run.stdout).toMatch(/short-lived\s+\S+\s+\S+\s+\S+\s+WARN expires in 59m\d+s: rotate now/);
    expect(run.stdout).toMatch(/weekly\s+\S+\s+\S+\s+\S+\s+ok \(6d23h left\)/);
    expect(run.stdout).toContain('unused: no live secret ID');
    expect(run.stderr).toContain('2 secret ID(s) need rotation');
  });

  test('GIVEN --role WHEN status runs THEN only that role is listed', async () => {
    const run = await cli.run(['credentials', 'status', '--role', 'weekly']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('never-expires');
  });

  test('GIVEN a role that does not exist WHEN issuing THEN the error lists the existing roles', async () => {
    const run = await cli.run(['credentials', 'issue', '--role', 'hoodcloud-typo', '--out-dir', path.join(dir, 'typo')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--role: no AppRole named "hoodcloud-typo" on auth/approle; existing roles: never-expires, short-lived, unused, weekly');
    expect(fs.existsSync(path.join(dir, 'typo'))).toBe(false);
  });

  test('GIVEN a directory with a secret_id but no recorded accessor WHEN rotating THEN the old secret ID is found by lookup and destroyed', async () => {
    const out = path.join(dir, 'weekly');
    const oldSecret = fs.readFileSync(path.join(out, 'secret_id'), 'utf8').trim();
    const roleId = fs.readFileSync(path.join(out, 'role_id'), 'utf8').trim();
    fs.rmSync(path.join(out, 'secret_id_accessor'));
    const run = await cli.run(['credentials', 'rotate', '--role', 'weekly', '--out-dir', out, '--grace', '0s']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/destroyed \S+/);
    expect((await root.raw('POST', 'auth/approle/login', { body: { role_id: roleId, secret_id: oldSecret }, token: null })).status).toBe(400);
  });

  test('GIVEN an empty directory WHEN rotating THEN a secret ID is issued and nothing is destroyed', async () => {
    const run = await cli.run(['credentials', 'rotate', '--role', 'unused', '--out-dir', path.join(dir, 'fresh'), '--grace', '0s']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('no current secret ID recorded: nothing to destroy');
    expect(run.stdout).not.toContain('destroyed');
  });

  test('GIVEN a secret ID restricted to 127.0.0.2 WHEN logging in from 127.0.0.1 THEN the CIDR restriction refuses it', async () => {
    const out = path.join(dir, 'restricted');
    expect((await cli.run(['credentials', 'issue', '--role', 'short-lived', '--out-dir', out, '--cidr', '127.0.0.2/32'])).code).toBe(0);
    const body = { role_id: fs.readFileSync(path.join(out, 'role_id'), 'utf8').trim(), secret_id: fs.readFileSync(path.join(out, 'secret_id'), 'utf8').trim() };
    const denied = await root.raw('POST', 'auth/approle/login', { body, token: null, localAddress: '127.0.0.1' });
    expect(denied.status).toBe(400);
    expect(denied.body.errors?.join()).toContain('unauthorized');
    const allowed = await root.raw('POST', 'auth/approle/login', { body, token: null, localAddress: '127.0.0.2' });
    expect(allowed.status).toBe(200);
  });
});
