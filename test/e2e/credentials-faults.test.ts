// `credentials issue / rotate / status / destroy / env` and `login` against a real dev server, one
// fault at a time: a failed write leaves no secret ID or token live, another role's directory is
// refused, --grace is bounded by the role's secret_id_ttl, status finds secret IDs no directory
// holds and destroy removes them, files given to a non-root uid are readable by exactly that uid,
// env prints the service's own variable names, and every error names its flag in words.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { cliRunner, CliRunner } from '../cli/support/run-cli';
import { RunningServer, startDevServer } from '../support/vault-server';
import { spawnCli } from './support/cli-process';
import { HoldingProxy, startHoldingProxy } from './support/holding-proxy';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let server: RunningServer;
let root: VaultClient;
let proxy: HoldingProxy;
let cli: CliRunner;
let viaProxy: CliRunner;
let base: string;
const secrets: string[] = [];
const otherOutput: string[] = [];

const read = (file: string) => fs.readFileSync(file, 'utf8').trim();
const RAW_ERRNO = /\bE(ISDIR|NOENT|NOTDIR|PROTO|ACCES|EXIST|PERM)\b/;

async function role(name: string, settings: Record<string, unknown> = {}): Promise<string> {
  await root.post(`auth/approle/role/${name}`, { token_policies: ['default'], secret_id_ttl: 604800, ...settings });
  return name;
}

async function liveAccessors(name: string): Promise<string[]> {
  const res = await root.raw<{ data?: { keys?: string[] } }>('LIST', `auth/approle/role/${name}/secret-id`);
  return res.status === 404 ? [] : [...((res.body.data?.keys as string[] | undefined) ?? [])].sort();
}

async function issue(name: string, dir: string, ...extra: string[]) {
  const run = await cli.run(['credentials', 'issue', '--role', name, '--out-dir', dir, ...extra]);
  expect(run.code, run.stderr).toBe(0);
  secrets.push(read(path.join(dir, 'secret_id')));
  return read(path.join(dir, 'secret_id_accessor'));
}

beforeAll(async () => {
  server = await startDevServer();
  root = server.client();
  proxy = await startHoldingProxy(server.address);
  cli = cliRunner({ VAULT_ADDR: server.address, VAULT_TOKEN: 'dev-token' });
  viaProxy = cliRunner({ VAULT_ADDR: proxy.address, VAULT_TOKEN: 'dev-token' });
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-creds-faults-'));
  fs.chmodSync(base, 0o711); // other uids may pass through to the directories given to them
  await root.post('sys/auth/approle', { type: 'approle' });
});

afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  if (base) fs.rmSync(base, { recursive: true, force: true });
});

describe('a failed issue or login leaves nothing live', () => {
  test('GIVEN writing secret_id fails after the secret ID was created WHEN issuing THEN the new secret ID is destroyed again and the error names --out-dir', async () => {
    const name = await role('write-fails');
    const dir = path.join(base, 'write-fails');
    const held = proxy.hold('POST', /\/role\/write-fails\/secret-id$/, 'after-server');
    const running = viaProxy.run(['credentials', 'issue', '--role', name, '--out-dir', dir]);
    const h = await held;
    const created = JSON.parse(h.responseBody ?? '{}').data as { secret_id: string; secret_id_accessor: string };
    secrets.push(created.secret_id);
    expect(await liveAccessors(name)).toEqual([created.secret_id_accessor]);
    fs.mkdirSync(path.join(dir, 'secret_id')); // the rename of the secret_id file now fails
    h.release();
    const run = await running;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: --out-dir: cannot write the credentials into "${dir}": it is a directory; the new secret ID (accessor ${created.secret_id_accessor}) was destroyed again: nothing is left live`);
    expect(run.stderr).not.toMatch(RAW_ERRNO);
    expect(await liveAccessors(name)).toEqual([]);
  });

  test('GIVEN writing the token file fails after the login WHEN logging in THEN the new token is revoked and the error names --token-out', async () => {
    const name = await role('login-fails');
    const creds = path.join(base, 'login-fails');
    await issue(name, creds);
    const tokenOut = path.join(base, 'login.token');
    const held = proxy.hold('POST', /\/auth\/approle\/login$/, 'after-server');
    const running = viaProxy.run(['login', '--approle-dir', creds, '--token-out', tokenOut], { env: { VAULT_TOKEN: undefined } });
    const h = await held;
    const token = String(JSON.parse(h.responseBody ?? '{}').auth.client_token);
    secrets.push(token);
    expect((await root.raw('POST', 'auth/token/lookup', { body: { token } })).status).toBe(200);
    fs.mkdirSync(tokenOut); // now the token file cannot be created
    h.release();
    const run = await running;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: --token-out: cannot write "${tokenOut}": it exists already; the new token was revoked`);
    expect(run.stderr).not.toMatch(RAW_ERRNO);
    expect((await root.raw('POST', 'auth/token/lookup', { body: { token } })).status).not.toBe(200);
  });

  test('GIVEN a --token-out in a missing directory WHEN logging in THEN it refuses before logging in', async () => {
    const creds = path.join(base, 'login-fails');
    const run = await cli.run(['login', '--approle-dir', creds, '--token-out', path.join(base, 'nowhere', 'token')], { env: { VAULT_TOKEN: undefined } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--token-out: the directory "${path.join(base, 'nowhere')}" does not exist; expected a new file in an existing directory`);
  });
});

describe('rotate keeps to its own role and a bounded grace', () => {
  test("GIVEN a directory holding another role's credentials WHEN rotating or issuing into it THEN both refuse and nothing changes", async () => {
    const a = await role('owner-a');
    const b = await role('owner-b');
    const dir = path.join(base, 'owner-a');
    const accessor = await issue(a, dir);
    const before = read(path.join(dir, 'secret_id'));
    for (const cmd of ['rotate', 'issue']) {
      const run = await cli.run(['credentials', cmd, '--role', b, '--out-dir', dir, ...(cmd === 'rotate' ? ['--grace', '0s'] : [])]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`error: --out-dir: "${dir}" holds the credentials of owner-a (its role_id file), not those of owner-b; expected the directory of owner-b or a new one (nothing was changed)`);
    }
    expect(read(path.join(dir, 'secret_id'))).toBe(before);
    expect(await liveAccessors(a)).toEqual([accessor]);
    expect(await liveAccessors(b)).toEqual([]);
    expect(fs.existsSync(path.join(dir, '.rotation-pending'))).toBe(false);
  });

  test("GIVEN --grace 25d, or one as long as the role's secret_id_ttl WHEN rotating THEN it is refused before anything happens", async () => {
    const name = await role('graced', { secret_id_ttl: 3600 });
    const dir = path.join(base, 'graced');
    const accessor = await issue(name, dir);
    const long = await cli.run(['credentials', 'rotate', '--role', name, '--out-dir', dir, '--grace', '25d']);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('error: --grace: 25d is longer than the bound of 24h; expected at most 24h');
    const ttl = await cli.run(['credentials', 'rotate', '--role', name, '--out-dir', dir, '--grace', '1h']);
    expect(ttl.code).toBe(2);
    expect(ttl.stderr).toContain('error: --grace: 1h is not shorter than the secret_id_ttl of graced (1h): the new secret ID would expire before the old one is destroyed; expected less than 1h');
    expect(await liveAccessors(name)).toEqual([accessor]);
    expect(fs.existsSync(path.join(dir, '.rotation-pending'))).toBe(false);
  });

  test('GIVEN a role whose secret IDs never expire WHEN rotating with --grace 24h THEN the bound admits it and the rotation completes', async () => {
    const name = await role('forever', { secret_id_ttl: 0 });
    const dir = path.join(base, 'forever');
    const old = await issue(name, dir);
    const run = await cli.run(['credentials', 'rotate', '--role', name, '--out-dir', dir, '--grace', '24h']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Waiting the grace period of 1d so the service picks up the new secret ID');
    expect(await liveAccessors(name)).toEqual([read(path.join(dir, 'secret_id_accessor'))]);
    expect(await liveAccessors(name)).not.toContain(old);
    secrets.push(read(path.join(dir, 'secret_id')));
  });
});

describe('status finds secret IDs no directory holds; destroy removes them', () => {
  let dirA: string;
  let dirB: string;
  let heldA: string;
  let heldB: string;
  let extra: string;

  beforeAll(async () => {
    await role('surplus');
    dirA = path.join(base, 'surplus-a');
    dirB = path.join(base, 'surplus-b');
    heldA = await issue('surplus', dirA);
    heldB = await issue('surplus', dirB);
  });

  const status = (...args: string[]) => cli.run(['credentials', 'status', '--role', 'surplus', '--warn-before', '1h', ...args]);

  test('GIVEN two directories holding the two live secret IDs WHEN status runs with both THEN it shows which holds which and nothing warns', async () => {
    const run = await status('--out-dir', dirA, '--out-dir', dirB);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`surplus\\s+${heldA}\\s.*ok \\(6d23h left\\)\\s+${dirA}`));
    expect(run.stdout).toMatch(new RegExp(`surplus\\s+${heldB}\\s.*ok \\(6d23h left\\)\\s+${dirB}`));
  });

  test('GIVEN no directories WHEN a role has more than one live secret ID THEN status warns with exit 3', async () => {
    const run = await status();
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('WARN surplus: 2 live secret IDs');
    expect(run.stdout).toContain('pass the credentials directories with --out-dir to see which are unused');
  });

  test('GIVEN a third live secret ID no directory holds WHEN status runs with the directories THEN it names that accessor and exits 3', async () => {
    extra = String(((await root.post('auth/approle/role/surplus/secret-id', {})).data as Record<string, unknown>).secret_id_accessor);
    const run = await status('--out-dir', dirA, '--out-dir', dirB);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(`WARN surplus: accessor ${extra} is live but held in no --out-dir given`);
    expect(run.stdout).toContain(`\`credentials destroy --role surplus --accessor ${extra}\``);
    expect(run.stdout).not.toContain(`accessor ${heldA} is live but held`);
    expect(run.stderr).toContain('1 warning(s) about live secret IDs and credentials directories');
  });

  test('GIVEN the accessor a directory holds WHEN destroying it without --force THEN it is refused and stays live', async () => {
    const run = await cli.run(['credentials', 'destroy', '--role', 'surplus', '--accessor', heldA, '--out-dir', dirA]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: --accessor: ${heldA} is held in ${dirA} (its secret_id_accessor file): the service logs in with it; expected an accessor no directory uses (pass --force to destroy it anyway)`);
    expect(await liveAccessors('surplus')).toContain(heldA);
  });

  test('GIVEN an accessor that is not live WHEN destroying it THEN the live accessors are listed', async () => {
    const run = await cli.run(['credentials', 'destroy', '--role', 'surplus', '--accessor', 'no-such-accessor']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --accessor: surplus has no live secret ID with accessor no-such-accessor; expected one of its live accessors: ');
    expect(run.stderr).toContain(extra);
  });

  test('GIVEN the unheld accessor WHEN destroyed THEN it is gone and status is clean again', async () => {
    const run = await cli.run(['credentials', 'destroy', '--role', 'surplus', '--accessor', extra, '--out-dir', dirA, '--out-dir', dirB]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`destroyed surplus secret ID with accessor ${extra}`);
    expect(await liveAccessors('surplus')).toEqual([heldA, heldB].sort());
    expect((await status('--out-dir', dirA, '--out-dir', dirB)).code).toBe(0);
  });

  test('GIVEN --force WHEN destroying a held accessor THEN it is destroyed and status says the directory holds a dead secret ID', async () => {
    const run = await cli.run(['credentials', 'destroy', '--role', 'surplus', '--accessor', heldB, '--out-dir', dirB, '--force']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`--force: destroying it although it is held in ${dirB}`);
    const after = await status('--out-dir', dirA, '--out-dir', dirB);
    expect(after.code).toBe(3);
    expect(after.stdout).toContain(`WARN surplus: ${dirB} holds accessor ${heldB}, which is not live (expired or destroyed): the service cannot log in with it`);
  });
});

describe('files for a non-root container', () => {
  const cat = (uid: number, gid: number, file: string) => spawnSync('setpriv', ['--reuid', String(uid), '--regid', String(gid), '--clear-groups', 'cat', file], { encoding: 'utf8' });

  test('GIVEN --owner 65534:65534 WHEN issuing as root THEN the files are 0400 of uid 65534, which reads them, and no other uid can', async () => {
    const name = await role('non-root');
    const dir = path.join(base, 'non-root', 'vault');
    fs.mkdirSync(path.dirname(dir), { mode: 0o711 });
    const accessor = await issue(name, dir, '--owner', '65534:65534');
    for (const f of ['role_id', 'secret_id', 'secret_id_accessor']) {
      const st = fs.statSync(path.join(dir, f));
      expect({ f, uid: st.uid, gid: st.gid, mode: (st.mode & 0o777).toString(8) }).toEqual({ f, uid: 65534, gid: 65534, mode: '400' });
    }
    const d = fs.statSync(dir);
    expect({ uid: d.uid, mode: (d.mode & 0o777).toString(8) }).toEqual({ uid: 65534, mode: '500' });
    const nobody = cat(65534, 65534, path.join(dir, 'secret_id'));
    expect(nobody.status).toBe(0);
    expect(nobody.stdout.trim()).toBe(read(path.join(dir, 'secret_id')));
    const other = cat(65533, 65533, path.join(dir, 'secret_id'));
    expect(other.status).not.toBe(0);
    expect(other.stderr).toContain('Permission denied');
    expect(read(path.join(dir, 'secret_id_accessor'))).toBe(accessor);
  });

  test('GIVEN --owner with a group and --file-mode 0440 WHEN rotating THEN a member of the group reads the new secret ID, others do not', async () => {
    const dir = path.join(base, 'non-root', 'vault');
    const run = await cli.run(['credentials', 'rotate', '--role', 'non-root', '--out-dir', dir, '--grace', '0s', '--owner', '65534:65533', '--file-mode', '0440']);
    expect(run.code, run.stderr).toBe(0);
    const secret = read(path.join(dir, 'secret_id'));
    secrets.push(secret);
    const st = fs.statSync(path.join(dir, 'secret_id'));
    expect({ uid: st.uid, gid: st.gid, mode: (st.mode & 0o777).toString(8) }).toEqual({ uid: 65534, gid: 65533, mode: '440' });
    expect((fs.statSync(dir).mode & 0o777).toString(8)).toBe('550');
    expect(cat(65532, 65533, path.join(dir, 'secret_id')).stdout.trim()).toBe(secret);
    expect(cat(65532, 65532, path.join(dir, 'secret_id')).status).not.toBe(0);
    expect(fs.statSync(path.join(dir, '.rotation-pending'), { throwIfNoEntry: false })).toBeUndefined();
  });

  test('GIVEN the CLI running as a non-root uid WHEN --owner is given THEN it refuses before issuing anything', async () => {
    const name = await role('not-root');
    const p = spawnCli(['credentials', 'issue', '--role', name, '--out-dir', path.join(base, 'not-root'), '--owner', '10001:10001'], { VAULT_ADDR: server.address, VAULT_TOKEN: 'dev-token', HOME: '/tmp' }, { uid: 65534, gid: 65534 });
    expect((await p.exited).code).toBe(2);
    otherOutput.push(p.output());
    expect(p.output()).toContain('error: --owner 10001:10001: only root may give files to another user and the CLI runs as uid 65534; run it as root, or drop --owner and chown the files yourself');
    expect(await liveAccessors(name)).toEqual([]);
  });

  test('GIVEN --file-mode 0200, 0000 or 0600 or an --owner that is not uid:gid WHEN issuing THEN each is refused with what is expected', async () => {
    const dir = path.join(base, 'modes');
    const cases: [string[], string][] = [
      [['--file-mode', '0200'], '--file-mode: 0200 does not let the owner read the files, so the service could not read its credentials; expected 0400 (owner read) or 0440 (owner and group read)'],
      [['--file-mode', '0000'], '--file-mode: 0000 does not let the owner read the files'],
      [['--file-mode', '0600'], '--file-mode: 0600 makes the files writable'],
      [['--owner', 'nobody'], '--owner: "nobody" is not uid:gid; expected two numbers, e.g. 10001:10001'],
      [['--owner', '10001:4294967295'], '--owner: gid 4294967295 is out of range; expected 1 to 4294967294'],
    ];
    for (const [flags, message] of cases) {
      const run = await cli.run(['credentials', 'issue', '--role', 'non-root', '--out-dir', dir, ...flags]);
      expect({ flags, code: run.code }).toEqual({ flags, code: 2 });
      expect(run.stderr).toContain(message);
    }
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('env prints the service its own variable names', () => {
  beforeAll(async () => {
    await role('hoodcloud-payment-service', { token_ttl: 1200 });
    await role('hoodcloud-control-plane');
  });

  test('GIVEN the payment service WHEN printing its env THEN it uses VAULT_ADDRESS and a cache TTL of 75 % of its token_ttl', async () => {
    const dir = path.join(base, 'payment');
    await issue('hoodcloud-payment-service', dir);
    const run = await cli.run(['credentials', 'env', '--role', 'payment-service', '--out-dir', dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n').filter((l) => !l.startsWith('#'))).toEqual([
      `VAULT_ADDRESS=${server.address}`,
      `VAULT_ROLE_ID_FILE=${dir}/role_id`,
      `VAULT_SECRET_ID_FILE=${dir}/secret_id`,
      'VAULT_TOKEN_CACHE_TTL=900s',
    ]);
    expect(run.stdout).toContain('# log in again at 75 % of the token lifetime, 20m (token_ttl of the role)');
    expect(run.stdout).not.toContain(read(path.join(dir, 'secret_id')));
  });

  test("GIVEN the control plane without a token_ttl WHEN printing its env THEN it uses VAULT_ADDR and the mount's default TTL", async () => {
    const run = await cli.run(['credentials', 'env', '--role', 'hoodcloud-control-plane', '--out-dir', path.join(base, 'control-plane')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`VAULT_ADDR=${server.address}`);
    expect(run.stdout).toContain('VAULT_TOKEN_CACHE_TTL=2073600s'); // 75 % of 768h
    expect(run.stderr).toContain('holds no credentials yet: run `credentials issue --role hoodcloud-control-plane');
  });

  test("GIVEN the payment service's env WHEN the directory holds the control plane's credentials THEN it is refused", async () => {
    const dir = path.join(base, 'cp');
    await issue('hoodcloud-control-plane', dir);
    const run = await cli.run(['credentials', 'env', '--role', 'payment-service', '--out-dir', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--out-dir: "${dir}" holds the credentials of hoodcloud-control-plane`);
  });

  test('GIVEN a name that is no service WHEN printing env THEN the services are listed', async () => {
    const run = await cli.run(['credentials', 'env', '--role', 'billing', '--out-dir', base]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--role: unknown service "billing"; expected one of control-plane, auth-server, payment-service, admin');
  });
});

describe('every error names the flag, in words', () => {
  test('GIVEN an --out-dir that is a file, or a role_id that is a directory WHEN issuing THEN it refuses before creating a secret ID', async () => {
    const name = await role('bad-dirs');
    const file = path.join(base, 'a-file');
    fs.writeFileSync(file, 'x');
    const asFile = await cli.run(['credentials', 'issue', '--role', name, '--out-dir', file]);
    expect(asFile.code).toBe(2);
    expect(asFile.stderr).toContain(`error: --out-dir: "${file}" is a file; expected a directory for role_id, secret_id, secret_id_accessor (it is created when missing)`);
    const under = await cli.run(['credentials', 'rotate', '--role', name, '--out-dir', path.join(file, 'sub')]);
    expect(under.code).toBe(2);
    expect(under.stderr).toContain(`error: --out-dir: cannot open "${path.join(file, 'sub')}": a part of the path is a file, not a directory`);
    const odd = path.join(base, 'odd');
    fs.mkdirSync(path.join(odd, 'role_id'), { recursive: true });
    const roleIdDir = await cli.run(['credentials', 'issue', '--role', name, '--out-dir', odd]);
    expect(roleIdDir.code).toBe(2);
    expect(roleIdDir.stderr).toContain(`error: --out-dir: "${path.join(odd, 'role_id')}" is not a file; expected the role_id file or nothing at that path`);
    for (const r of [asFile, under, roleIdDir]) expect(r.stderr).not.toMatch(RAW_ERRNO);
    expect(await liveAccessors(name)).toEqual([]);
  });

  test('GIVEN a --ca-cert that is a directory, https to an http server, or a --token-file that is a directory WHEN issuing THEN each says so in words', async () => {
    const https = server.address.replace('http:', 'https:');
    const caDir = await cli.run(['credentials', 'issue', '--role', 'bad-dirs', '--out-dir', path.join(base, 'x'), '--address', https, '--ca-cert', base]);
    expect(caDir.code).toBe(2);
    expect(caDir.stderr).toContain(`error: --ca-cert: "${base}" is a directory; expected a PEM CA certificate file`);
    const tls = await cli.run(['credentials', 'status', '--address', https]);
    expect(tls.code).toBe(1);
    expect(tls.stderr).toContain('error: the server did not answer TLS (is it an http:// listener?); check the scheme of --address / VAULT_ADDR');
    const tokenDir = await cli.run(['credentials', 'status', '--token-file', base], { env: { VAULT_TOKEN: undefined } });
    expect(tokenDir.code).toBe(2);
    expect(tokenDir.stderr).toContain(`error: --token-file: "${base}" is not a file; expected a file holding one line`);
    const missing = await cli.run(['credentials', 'status', '--out-dir', path.join(base, 'missing')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`error: --out-dir: "${path.join(base, 'missing')}" does not exist; expected a directory written by \`credentials issue\``);
    for (const r of [caDir, tls, tokenDir, missing]) expect(r.stderr).not.toMatch(RAW_ERRNO);
  });
});

describe('no secret in the output', () => {
  test('GIVEN every run above WHEN the transcripts are searched THEN no secret ID or token appears', () => {
    const all = [...cli.transcript, ...viaProxy.transcript, ...otherOutput].join('\n');
    expect(secrets.length).toBeGreaterThan(8);
    for (const s of secrets) expect(all).not.toContain(s);
  });
});
