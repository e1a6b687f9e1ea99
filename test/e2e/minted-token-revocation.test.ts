// Tokens the CLI logs in for (--approle-dir) do not outlive the command: on a dev server the e2e
// config stack configured, every command that logs in revokes its token when it ends, on success
// and on failure; a token the operator passed (--token-file, VAULT_TOKEN) stays valid; `login
// --token-out` hands its token out; a token that cannot be revoked is named (accessor) and fails
// the run. Proved with root's list of token accessors before and after, and with the audit log
// (the login's accessor HMAC is the one the revoke-self request carries).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serviceNamed } from '../../services/catalog';
import { LAYOUT } from '../../stacks/layout';
import { VaultClient } from '../../vault-api/client';
import { openE2eTarget, type E2eTarget } from './support/e2e-target';
import { credentials } from './support/approle-login';
import { cliRunner, CliRunner } from '../cli/support/run-cli';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const ADMIN = serviceNamed('admin').roleName;
const LOGIN_PATH = `auth/${LAYOUT.approleMount}/login`;
let target: E2eTarget;
let work: string;
let cli: CliRunner;
let adminDir: string;
/** Every secret value the test handles (credentials, tokens), for the leak check at the end. */
const secrets: string[] = [];

async function liveAccessors(): Promise<string[]> {
  return ((await target.root.list('auth/token/accessors')).data as { keys: string[] }).keys.sort();
}

interface AuditEntry {
  type: 'request' | 'response';
  auth?: { accessor?: string };
  request?: { path?: string };
  response?: { auth?: { accessor?: string } };
}

/** The audit entries written since the log had `offset` characters. */
function auditSince(offset: number): AuditEntry[] {
  return target.readAuditLog().slice(offset).split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEntry);
}

/** Runs the CLI and reports, from the audit log, which tokens it minted and which of them it revoked (HMAC'd accessors). */
async function runAndAudit(args: string[], env?: Record<string, string>) {
  const offset = target.readAuditLog().length;
  const run = await cli.run(args, { env });
  const entries = auditSince(offset);
  const minted = entries.filter((e) => e.type === 'response' && e.request?.path === LOGIN_PATH && e.response?.auth?.accessor).map((e) => e.response!.auth!.accessor!);
  const revoked = entries.filter((e) => e.type === 'request' && e.request?.path === 'auth/token/revoke-self').map((e) => e.auth?.accessor);
  return { run, minted, revoked };
}

function writeCredentials(dir: string, creds: { roleId: string; secretId: string }): void {
  fs.mkdirSync(dir, { mode: 0o700 });
  fs.writeFileSync(path.join(dir, 'role_id'), creds.roleId, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'secret_id'), creds.secretId, { mode: 0o600 });
  secrets.push(creds.roleId, creds.secretId);
}

/** A child token of root, as an operator would pass one in. */
async function operatorToken(): Promise<{ token: string; accessor: string }> {
  const auth = (await target.root.post<{ auth: { client_token: string; accessor: string } }>('auth/token/create', { policies: [ADMIN], ttl: '10m' })).auth;
  secrets.push(auth.client_token);
  return { token: auth.client_token, accessor: auth.accessor };
}

beforeAll(async () => {
  target = await openE2eTarget({ forceFixture: true });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-minted-tokens-'));
  adminDir = path.join(work, 'admin');
  writeCredentials(adminDir, await credentials(target.root, ADMIN));
  cli = cliRunner({ VAULT_ADDR: target.address });
  const seed = await cli.run(['secrets', 'seed', '--env', 'e2e', '--rsa-bits', '2048', '--approle-dir', adminDir]);
  if (seed.code !== 0) throw new Error(`seed failed: ${seed.stderr}`);
});

afterAll(async () => {
  await target?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('tokens the CLI logs in for are revoked when the command ends', () => {
  test('GIVEN admin credentials WHEN `secrets check --approle-dir` succeeds THEN the token it logged in for is revoked: no accessor is left behind', async () => {
    const before = await liveAccessors();
    const { run, minted, revoked } = await runAndAudit(['secrets', 'check', '--approle-dir', adminDir]);
    expect(run.code).toBe(0);
    expect(minted).toHaveLength(1);
    expect(revoked).toEqual(minted);
    expect(await liveAccessors()).toEqual(before);
  });

  test.each([
    ['a refusal of the command (CliError)', ['credentials', 'destroy', '--role', ADMIN, '--accessor', 'no-such-accessor'], 2, 'no live secret ID with accessor no-such-accessor'],
    ['a request the server fails (a dev server has no raft snapshot)', ['snapshot', 'save', '--out', 'SNAPSHOT'], 1, 'Vault refused GET /v1/sys/storage/raft/snapshot'],
  ])('GIVEN %s WHEN the command fails after logging in THEN its token is revoked all the same', async (_what, args, code, message) => {
    const before = await liveAccessors();
    const argv = args.map((a) => (a === 'SNAPSHOT' ? path.join(work, 'never.raft.tgz') : a));
    const { run, minted, revoked } = await runAndAudit([...argv, '--approle-dir', adminDir]);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
    expect(minted).toHaveLength(1);
    expect(revoked).toEqual(minted);
    expect(await liveAccessors()).toEqual(before);
  });

  // The token itself, caught as the CLI hands it to its client (in-process run), must be dead afterwards:
  // lookup-self answers 403. (The `login --token-out` test below shows lookup-self works on a live one.)
  test.each([
    ['succeeds', ['secrets', 'check'], 0],
    ['fails', ['credentials', 'destroy', '--role', ADMIN, '--accessor', 'no-such-accessor'], 2],
  ])('GIVEN admin credentials WHEN a command %s after logging in THEN lookup-self with its token is refused afterwards', async (_what, args, code) => {
    const rootToken = target.root.options.token;
    const seen = new Set<string>();
    const spy = vi.spyOn(VaultClient.prototype, 'withToken').mockImplementation(function (this: VaultClient, token: string | undefined) {
      if (token !== undefined && token !== rootToken) seen.add(token);
      return new VaultClient({ ...this.options, token });
    });
    let run: Awaited<ReturnType<CliRunner['run']>>;
    try {
      run = await cli.run([...args, '--approle-dir', adminDir]);
    } finally {
      spy.mockRestore();
    }
    expect(run.code).toBe(code);
    expect(seen.size).toBe(1);
    const [token] = [...seen];
    secrets.push(token);
    const self = await target.root.raw('GET', 'auth/token/lookup-self', { token });
    expect(self.status).toBe(403);
  });

  test('GIVEN admin credentials WHEN doctor runs THEN its token is revoked exactly once (no second revoke-self)', async () => {
    const before = await liveAccessors();
    const { run, minted, revoked } = await runAndAudit(['doctor', '--approle-dir', adminDir]);
    expect(run.stdout).toMatch(/^login\s+--approle-dir \S+\s+ok\s+role hoodcloud-admin/m);
    expect(run.stderr).not.toContain('could not be revoked');
    expect(minted).toHaveLength(1);
    expect(revoked).toEqual(minted);
    expect(await liveAccessors()).toEqual(before);
  });

  test('GIVEN admin credentials WHEN `login --token-out` writes the token THEN that token is handed out: it stays live, exactly one accessor more', async () => {
    const before = await liveAccessors();
    const tokenOut = path.join(work, 'admin.token');
    const { run, minted, revoked } = await runAndAudit(['login', '--approle-dir', adminDir, '--token-out', tokenOut]);
    expect(run.code).toBe(0);
    expect(minted).toHaveLength(1);
    expect(revoked).toEqual([]);
    const token = fs.readFileSync(tokenOut, 'utf8').trim();
    secrets.push(token);
    const after = await liveAccessors();
    expect(after.filter((a) => !before.includes(a))).toHaveLength(1);
    const self = await target.root.withToken(token).get<{ data: { policies: string[] } }>('auth/token/lookup-self');
    expect(self.data.policies).toContain(ADMIN);
    await target.root.withToken(token).post('auth/token/revoke-self');
    expect(await liveAccessors()).toEqual(before);
  });

  test.each(['--token-file', 'VAULT_TOKEN'])('GIVEN a token the operator passes with %s WHEN a command uses it THEN it is not revoked', async (how) => {
    const given = await operatorToken();
    const file = path.join(work, `operator-${how}.token`);
    fs.writeFileSync(file, given.token, { mode: 0o600 });
    const { run, revoked } = how === '--token-file'
      ? await runAndAudit(['secrets', 'check', '--token-file', file])
      : await runAndAudit(['secrets', 'check'], { VAULT_TOKEN: given.token });
    expect(run.code).toBe(0);
    expect(revoked).toEqual([]);
    const looked = await target.root.post<{ data: { accessor: string } }>('auth/token/lookup-accessor', { accessor: given.accessor });
    expect(looked.data.accessor).toBe(given.accessor);
    await target.root.post('auth/token/revoke-accessor', { accessor: given.accessor });
  });

  test('GIVEN a role whose tokens may not revoke themselves WHEN a command succeeds with it THEN the run fails naming the live accessor and how to revoke it', async () => {
    const role = 'test-no-revoke-self';
    const admin = (await target.root.get<{ data: Record<string, unknown> }>(`auth/${LAYOUT.approleMount}/role/${ADMIN}`)).data;
    await target.root.post(`auth/${LAYOUT.approleMount}/role/${role}`, {
      token_policies: [ADMIN], token_no_default_policy: true, token_ttl: '5m',
      secret_id_bound_cidrs: admin.secret_id_bound_cidrs, token_bound_cidrs: admin.token_bound_cidrs,
    });
    const dir = path.join(work, 'no-revoke-self');
    writeCredentials(dir, await credentials(target.root, role));
    const before = await liveAccessors();
    const { run, minted } = await runAndAudit(['secrets', 'check', '--approle-dir', dir]);
    const left = (await liveAccessors()).filter((a) => !before.includes(a));
    expect(minted).toHaveLength(1);
    expect(left).toHaveLength(1);
    expect(run.stdout).toMatch(/payment-service: ok/);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: the token this command logged in with (--approle-dir ${dir}, accessor ${left[0]}) could not be revoked: Vault refused POST /v1/auth/token/revoke-self -> HTTP 403`,
    );
    expect(run.stderr).toMatch(new RegExp(`it stays valid until it expires \\(ttl 300s at login\\): revoke it with \`bao token revoke -accessor ${left[0]}\``));
    await target.root.post('auth/token/revoke-accessor', { accessor: left[0] });
    expect(await liveAccessors()).toEqual(before);
  });

  test('GIVEN every run above WHEN the transcript is searched THEN no credential or token appears in it', () => {
    const transcript = cli.transcript.join('\n');
    expect(secrets.length).toBeGreaterThan(6);
    for (const s of secrets) expect(transcript).not.toContain(s);
  });
});
