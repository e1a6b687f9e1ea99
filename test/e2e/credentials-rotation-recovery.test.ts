// `credentials rotate` interrupted at every step against a real dev server: the CLI runs as a child
// process and is killed with SIGKILL after each progress line, and at exact points between its
// requests (held by a proxy: before the server creates the new secret ID, after it created it but
// before the CLI heard, after it destroyed the old one), or a file write fails half way. After
// each, the same command finishes the rotation, and the role has exactly one live secret ID: the
// one in the files. The original is destroyed, and so is any intermediate one.
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
let base: string;
const secrets: string[] = [];
const childOutputs: string[] = [];
let roleCount = 0;

const read = (file: string) => fs.readFileSync(file, 'utf8').trim();
const STATE = '.rotation-pending';

beforeAll(async () => {
  server = await startDevServer();
  root = server.client();
  proxy = await startHoldingProxy(server.address);
  cli = cliRunner({ VAULT_ADDR: server.address, VAULT_TOKEN: 'dev-token' });
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-rotation-'));
  await root.post('sys/auth/approle', { type: 'approle' });
});

afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  if (base) fs.rmSync(base, { recursive: true, force: true });
});

interface Issued {
  readonly role: string;
  readonly dir: string;
  readonly roleId: string;
  readonly oldAccessor: string;
  readonly oldSecret: string;
}

/** A fresh role (secret IDs live 1 h) with one secret ID issued into its directory. */
async function issuedRole(): Promise<Issued> {
  const role = `rotation-${++roleCount}`;
  await root.post(`auth/approle/role/${role}`, { token_policies: ['default'], secret_id_ttl: 3600 });
  const dir = path.join(base, role);
  const run = await cli.run(['credentials', 'issue', '--role', role, '--out-dir', dir]);
  expect(run.code).toBe(0);
  const oldSecret = read(path.join(dir, 'secret_id'));
  secrets.push(oldSecret);
  return { role, dir, roleId: read(path.join(dir, 'role_id')), oldAccessor: read(path.join(dir, 'secret_id_accessor')), oldSecret };
}

async function liveAccessors(role: string): Promise<string[]> {
  const res = await root.raw<{ data?: { keys?: string[] } }>('LIST', `auth/approle/role/${role}/secret-id`);
  return res.status === 404 ? [] : [...((res.body.data?.keys as string[] | undefined) ?? [])].sort();
}

async function loginStatus(roleId: string, secretId: string): Promise<number> {
  return (await root.raw('POST', 'auth/approle/login', { body: { role_id: roleId, secret_id: secretId }, token: null })).status;
}

const rotateArgs = (r: Issued, grace: string) => ['credentials', 'rotate', '--role', r.role, '--out-dir', r.dir, '--grace', grace];

/** Runs the child until `kill` says so, then SIGKILLs it. */
async function killedRotation(r: Issued, grace: string, address: string, kill: (p: ReturnType<typeof spawnCli>) => Promise<unknown>): Promise<void> {
  const p = spawnCli(rotateArgs(r, grace), { VAULT_ADDR: address, VAULT_TOKEN: 'dev-token' });
  try {
    const outcome = await Promise.race([kill(p).then(() => 'reached'), p.exited.then((r) => `exited with ${r.code}`)]);
    if (outcome !== 'reached') throw new Error(`the CLI ${outcome} before the point where it was to be killed:\n${p.output()}`);
  } finally {
    await p.kill();
    childOutputs.push(p.output());
  }
}

/** The same command again, to the end; then exactly the secret ID in the files is live, and the original is refused. */
async function finishAndCheck(r: Issued): Promise<string> {
  const run = await cli.run(rotateArgs(r, '1s'));
  expect(run.code, run.stderr).toBe(0);
  const accessor = read(path.join(r.dir, 'secret_id_accessor'));
  const secret = read(path.join(r.dir, 'secret_id'));
  secrets.push(secret);
  expect(await liveAccessors(r.role)).toEqual([accessor]);
  expect(accessor).not.toBe(r.oldAccessor);
  expect(fs.existsSync(path.join(r.dir, STATE))).toBe(false);
  expect(await loginStatus(r.roleId, secret)).toBe(200);
  expect(await loginStatus(r.roleId, r.oldSecret)).toBe(400);
  return run.stdout;
}

describe('an interrupted rotation is finished by the next run', () => {
  for (const [step, total] of [[1, 5], [2, 5], [3, 5], [4, 5], [5, 5]] as const) {
    test(`GIVEN the CLI killed (SIGKILL) right after progress line [${step}/${total}] WHEN rotate runs again THEN only the secret ID in the files is live`, async () => {
      const r = await issuedRole();
      await killedRotation(r, '3s', server.address, (p) => p.waitForLine(new RegExp(`^\\[${step}/${total}\\]`)));
      const live = await liveAccessors(r.role);
      expect(live.length).toBeGreaterThanOrEqual(1);
      expect(live.length).toBeLessThanOrEqual(2);
      await finishAndCheck(r);
    });
  }

  test('GIVEN the CLI killed after recording the rotation, before the server saw the new secret ID WHEN rotate runs again THEN it finishes and destroys the original', async () => {
    const r = await issuedRole();
    await killedRotation(r, '1s', proxy.address, () => proxy.hold('POST', new RegExp(`/role/${r.role}/secret-id$`), 'before-server'));
    const state = JSON.parse(read(path.join(r.dir, STATE)));
    expect(state).toMatchObject({ role: r.role, retire: [r.oldAccessor] });
    expect(state.newAccessor).toBeUndefined();
    expect(await liveAccessors(r.role)).toEqual([r.oldAccessor]);
    const out = await finishAndCheck(r);
    expect(out).toContain(`destroyed ${r.oldAccessor}`);
  });

  test('GIVEN the CLI killed after the server created the new secret ID but before the CLI heard WHEN rotate runs again THEN that unrecorded secret ID and the original are destroyed', async () => {
    const r = await issuedRole();
    let orphan = '';
    await killedRotation(r, '1s', proxy.address, async () => {
      const held = await proxy.hold('POST', new RegExp(`/role/${r.role}/secret-id$`), 'after-server');
      const body = JSON.parse(held.responseBody ?? '{}');
      orphan = body.data.secret_id_accessor;
      secrets.push(body.data.secret_id);
    });
    expect((await liveAccessors(r.role)).sort()).toEqual([r.oldAccessor, orphan].sort());
    expect(read(path.join(r.dir, 'secret_id_accessor'))).toBe(r.oldAccessor);
    const out = await finishAndCheck(r);
    expect(out).toContain(r.oldAccessor);
    expect(out).toContain(orphan);
    expect(await liveAccessors(r.role)).not.toContain(orphan);
  });

  test('GIVEN writing the accessor file fails after secret_id was replaced WHEN rotate runs again THEN the half-written secret ID and the original are destroyed, the third one is live', async () => {
    const r = await issuedRole();
    const proxied = cliRunner({ VAULT_ADDR: proxy.address, VAULT_TOKEN: 'dev-token' });
    const held = proxy.hold('POST', new RegExp(`/role/${r.role}/secret-id$`), 'after-server');
    const running = proxied.run(rotateArgs(r, '1s'));
    const h = await held;
    const intermediate = JSON.parse(h.responseBody ?? '{}').data as { secret_id: string; secret_id_accessor: string };
    secrets.push(intermediate.secret_id);
    // a directory where the accessor file goes: its rename fails after role_id and secret_id are replaced
    fs.rmSync(path.join(r.dir, 'secret_id_accessor'));
    fs.mkdirSync(path.join(r.dir, 'secret_id_accessor'));
    h.release();
    const failed = await running;
    cli.transcript.push(...proxied.transcript);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`error: --out-dir: cannot write the new credentials into "${r.dir}": it is a directory; the rotation stays pending`);
    expect(failed.stderr).not.toMatch(/EISDIR|ENOENT/);
    expect(read(path.join(r.dir, 'secret_id'))).toBe(intermediate.secret_id);
    fs.rmdirSync(path.join(r.dir, 'secret_id_accessor'));
    const out = await finishAndCheck(r);
    expect(out).toContain(intermediate.secret_id_accessor);
    expect(await loginStatus(r.roleId, intermediate.secret_id)).toBe(400);
  });

  test('GIVEN the CLI killed after the server destroyed the original but before the CLI heard WHEN rotate runs again THEN it only removes the record', async () => {
    const r = await issuedRole();
    await killedRotation(r, '1s', proxy.address, () => proxy.hold('POST', new RegExp(`/role/${r.role}/secret-id-accessor/destroy$`), 'after-server'));
    expect(fs.existsSync(path.join(r.dir, STATE))).toBe(true);
    expect(await liveAccessors(r.role)).toEqual([read(path.join(r.dir, 'secret_id_accessor'))]);
    const run = await cli.run(rotateArgs(r, '1s'));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('is already in place');
    expect(run.stderr).toContain('No old secret ID is live: no grace period needed');
    expect(fs.existsSync(path.join(r.dir, STATE))).toBe(false);
  });

  test('GIVEN a pending rotation WHEN issue or a rotate of another role targets the directory THEN both refuse and nothing changes', async () => {
    const r = await issuedRole();
    await killedRotation(r, '1s', proxy.address, () => proxy.hold('POST', new RegExp(`/role/${r.role}/secret-id$`), 'before-server'));
    const issue = await cli.run(['credentials', 'issue', '--role', r.role, '--out-dir', r.dir]);
    expect(issue.code).toBe(2);
    expect(issue.stderr).toContain(`--out-dir: a rotation of ${r.role} started`);
    expect(issue.stderr).toContain(`finish it first with \`credentials rotate --role ${r.role} --out-dir ${r.dir}\``);
    expect(await liveAccessors(r.role)).toEqual([r.oldAccessor]);
    await finishAndCheck(r);
  });

  test('GIVEN every run above WHEN their output is searched THEN no secret ID appears in it', () => {
    const all = [...cli.transcript, ...childOutputs].join('\n');
    expect(secrets.length).toBeGreaterThan(10);
    for (const s of secrets) expect(all).not.toContain(s);
  });
});
