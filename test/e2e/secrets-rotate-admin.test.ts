// `secrets rotate`, `versions` and `rollback` as the operators' role, on a dev server the e2e config
// stack configured (check-and-set required, the e2e max_versions): the admin policy allows all of
// it, pruned versions show and cannot be rolled back to, and the auth server's own role reads the
// rotated JWT secret with its previous public key.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serviceNamed } from '../../services/catalog';
import { E2E } from '../../stacks/environments';
import { LAYOUT } from '../../stacks/layout';
import { openE2eTarget, type E2eTarget } from './support/e2e-target';
import { credentials, loginAs } from './support/approle-login';
import { cliRunner, CliRunner } from '../cli/support/run-cli';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const JWT = 'hoodcloud/auth-server/jwt';
const NATS = 'hoodcloud/payment-service/nats';
const ADMIN = serviceNamed('admin').roleName;
let target: E2eTarget;
let work: string;
let cli: CliRunner;
let admin: string[];

beforeAll(async () => {
  target = await openE2eTarget({ forceFixture: true });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-rotate-admin-'));
  const adminDir = path.join(work, 'admin');
  fs.mkdirSync(adminDir, { mode: 0o700 });
  const creds = await credentials(target.root, ADMIN);
  fs.writeFileSync(path.join(adminDir, 'role_id'), creds.roleId, { mode: 0o600 });
  fs.writeFileSync(path.join(adminDir, 'secret_id'), creds.secretId, { mode: 0o600 });
  admin = ['--approle-dir', adminDir];
  cli = cliRunner({ VAULT_ADDR: target.address });
  const seed = await cli.run(['secrets', 'seed', '--env', 'e2e', '--rsa-bits', '2048', ...admin]);
  if (seed.code !== 0) throw new Error(`seed failed: ${seed.stderr}`);
});

afterAll(async () => {
  await target?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('secrets rotate, versions and rollback as the operators\' role', () => {
  test('GIVEN the mount requires check-and-set WHEN the admin rotates a secret more often than max_versions THEN each rotation succeeds and versions lists only the kept ones', async () => {
    const config = (await target.root.get(`${LAYOUT.kvMount}/config`)).data as { cas_required: boolean; max_versions: number };
    expect(config).toMatchObject({ cas_required: true, max_versions: E2E.kv.maxVersions });
    const rotations = E2E.kv.maxVersions + 1;
    for (let i = 0; i < rotations; i++) {
      const run = await cli.run(['secrets', 'rotate', NATS, ...admin]);
      expect({ i, code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ i, code: 0, stderr: '' });
    }
    const current = rotations + 1;
    const run = await cli.run(['secrets', 'versions', NATS, ...admin]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`${NATS}: current version ${current}, ${E2E.kv.maxVersions} version(s) kept; the mount keeps at most ${E2E.kv.maxVersions}`);
    const listed = run.stdout.split('\n').slice(3).map((l) => Number(l.split(/\s+/)[0]));
    expect(listed).toEqual(Array.from({ length: E2E.kv.maxVersions }, (_, i) => current - i));
  });

  test('GIVEN a version pruned by max_versions WHEN the admin rolls back to it THEN it is refused; to a kept one THEN it is written with check-and-set', async () => {
    const pruned = await cli.run(['secrets', 'rollback', NATS, '--to', '1', ...admin]);
    expect(pruned.code).toBe(2);
    expect(pruned.stderr).toMatch(new RegExp(`--to 1: ${NATS} keeps versions [\\d, ]+; version 1 is not one of them`));
    const meta = (await target.root.get(`${LAYOUT.kvMount}/metadata/${NATS}`)).data as { current_version: number };
    const to = meta.current_version - 2;
    const wanted = ((await target.root.get(`${LAYOUT.kvMount}/data/${NATS}`, { query: { version: String(to) } })).data as { data: Record<string, unknown> }).data;
    const run = await cli.run(['secrets', 'rollback', NATS, '--to', String(to), ...admin]);
    expect(run.code).toBe(0);
    const now = (await target.root.get(`${LAYOUT.kvMount}/data/${NATS}`)).data as { data: Record<string, unknown>; metadata: { version: number } };
    expect(now.metadata.version).toBe(meta.current_version + 1);
    expect(now.data).toEqual(wanted);
  });

  test('GIVEN the JWT rotated by the admin WHEN the auth server\'s own role reads its secret THEN it sees the new key and the previous one with its expiry', async () => {
    const before = ((await target.root.get(`${LAYOUT.kvMount}/data/${JWT}`)).data as { data: Record<string, unknown> }).data;
    const run = await cli.run(['secrets', 'rotate', JWT, '--grace', '90m', ...admin]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('(RSA 2048 bits)'); // the current key's size is kept without --rsa-bits
    const auth = await loginAs(target.root, serviceNamed('auth-server').roleName);
    const read = await auth.client.get(`${LAYOUT.kvMount}/data/${JWT}`);
    const data = (read.data as { data: Record<string, unknown> }).data;
    expect(data.public_key_pem).not.toBe(before.public_key_pem);
    expect(data.previous_public_key_pem).toBe(before.public_key_pem);
    expect(typeof data.previous_public_key_expires_at).toBe('string');
    expect((await cli.run(['secrets', 'check', ...admin])).code).toBe(0);
  });
});
