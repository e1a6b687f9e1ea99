// The restore drill, on real OpenBao servers built like production (TLS from a test CA, raft
// storage, the prod server config): bootstrap, the prod-config stack applied as hoodcloud-admin,
// secrets seeded, data keys made by the control plane under two versions of the master key,
// `snapshot save` as hoodcloud-admin; then the server is destroyed (stopped, raft directory
// deleted), a NEW server is initialized with throwaway shares, `snapshot restore` puts the snapshot
// onto it, and it is unsealed with the ORIGINAL shares: every secret, policy, role and key version
// is back, the old ciphertexts decrypt, the old credentials log in. A second fresh server with the
// original's share layout shows the path without a restart. Ports are assigned by the OS.
import { execFileSync } from 'node:child_process';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { uploadFile } from '../../vault-api/binary-transfer';
import { VaultClient } from '../../vault-api/client';
import { roleNames, SECRET_CATALOG } from '../../services/catalog';
import { LAYOUT } from '../../stacks/layout';
import { freePorts } from '../support/free-port';
import { RunningServer } from '../support/vault-server';
import { applyConfig, loadConfigFile, type ApplyState } from './support/apply-config';
import { cliRunner, CliRunner } from '../cli/support/run-cli';
import { makeTestTls, TestTls } from '../cli/support/tls';
import { ProdServerFiles, startProdServer, writeProdServerConfig } from '../cli/support/prod-server';
import { serverJsonBeside, synthesizeProdConfig } from '../cli/support/prod-config';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const MASTER_KEY = LAYOUT.masterKey;
const RECORD = 'customer cloud credentials (drill record)';

interface ServerSlot {
  readonly name: string;
  readonly dir: string;
  readonly files: ProdServerFiles;
  readonly address: string;
  server?: RunningServer;
  runs: number;
}

let base: string;
let tls: TestTls;
let configJsonFile: string;
let applyState: ApplyState;
let original: ServerSlot;
let replacement: ServerSlot;
let twin: ServerSlot | undefined;
let ceremony: string;
let adminDir: string;
let controlPlaneDir: string;
let backups: string;
let snapshotFile: string;
const secretValues: string[] = [];
const timings: Record<string, number> = {};
/** What the original server held when the snapshot was taken. */
let inventoryAtSnapshot: Inventory;
/** Data keys the control plane made: ciphertext under key version 1 and 2, and the DEK itself. */
const dataKeys: Array<{ ciphertext: string; dek: Buffer; record: Sealed }> = [];

const read = (f: string) => fs.readFileSync(f, 'utf8').trim();
const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);
const client = (slot: ServerSlot, token?: string) => new VaultClient({ address: slot.address, caPem: tls.caPem, token });
/** Every runner is kept so the leak checks see all CLI output. */
const transcripts: CliRunner[] = [];
function cli(slot: ServerSlot): CliRunner {
  const runner = cliRunner({ VAULT_ADDR: slot.address, VAULT_CACERT: tls.caFile });
  transcripts.push(runner);
  return runner;
}

async function timed<T>(name: string, f: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await f();
  } finally {
    timings[name] = Date.now() - t0;
  }
}

async function newSlot(name: string): Promise<ServerSlot> {
  const [port, clusterPort] = await freePorts(2);
  const dir = path.join(base, name);
  return { name, dir, files: writeProdServerConfig(dir, tls, port, clusterPort), address: `https://127.0.0.1:${port}`, runs: 0 };
}

async function start(slot: ServerSlot): Promise<void> {
  slot.runs += 1;
  slot.server = await startProdServer(slot.dir, slot.files, tls, slot.runs);
}

async function login(slot: ServerSlot, dir: string): Promise<VaultClient> {
  const res = await client(slot).post<{ auth?: { client_token?: string } }>('auth/approle/login', { role_id: read(path.join(dir, 'role_id')), secret_id: read(path.join(dir, 'secret_id')) });
  const token = String(res.auth?.client_token);
  secretValues.push(token);
  return client(slot, token);
}

/** Initializes a fresh server with its own throwaway shares, unseals it, and returns its root token file. */
async function initThrowaway(slot: ServerSlot, shares: number, threshold: number): Promise<string> {
  const init = await client(slot).put<{ keys_base64: string[]; root_token: string }>('sys/init', { secret_shares: shares, secret_threshold: threshold });
  secretValues.push(init.root_token, ...init.keys_base64);
  for (const key of init.keys_base64.slice(0, threshold)) await client(slot).put('sys/unseal', { key });
  for (let i = 0; (await client(slot).raw('GET', 'sys/health')).status !== 200; i++) {
    if (i > 120) throw new Error(`${slot.name} did not become active`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const tokenFile = path.join(slot.dir, 'root.token');
  fs.writeFileSync(tokenFile, init.root_token, { mode: 0o600 });
  return tokenFile;
}

interface Sealed {
  iv: Buffer;
  tag: Buffer;
  box: Buffer;
}
function sealRecord(dek: Buffer, plaintext: string): Sealed {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', dek, iv);
  const box = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return { iv, tag: c.getAuthTag(), box };
}
function openRecord(dek: Buffer, s: Sealed): string {
  const d = createDecipheriv('aes-256-gcm', dek, s.iv);
  d.setAuthTag(s.tag);
  return Buffer.concat([d.update(s.box), d.final()]).toString('utf8');
}

/** Everything a restore must bring back, read as hoodcloud-admin: secrets with versions, policies, roles, mounts, auth, audit, the key. */
interface Inventory {
  secrets: Record<string, { version: unknown; data: unknown; versions: unknown }>;
  policies: Record<string, string>;
  roles: Record<string, unknown>;
  roleIds: Record<string, string>;
  mounts: unknown;
  auth: unknown;
  audit: unknown;
  masterKey: unknown;
}

async function inventory(admin: VaultClient): Promise<Inventory> {
  const data = <T>(body: { data?: unknown }) => body.data as T;
  const secrets: Inventory['secrets'] = {};
  for (const e of SECRET_CATALOG) {
    const res = await admin.raw('GET', `secret/data/${e.path}`);
    if (res.status === 404) continue;
    const d = data<{ data: unknown; metadata: { version: unknown } }>(res.body);
    secrets[e.path] = { version: d.metadata.version, data: d.data, versions: data<{ versions: unknown }>(await admin.get(`secret/metadata/${e.path}`)).versions };
  }
  // Every policy name is listed; admin may read (and write) only the ones the configuration declares.
  const policies: Record<string, string> = { names: data<{ keys: string[] }>(await admin.list('sys/policies/acl')).keys.sort().join(',') };
  for (const name of roleNames()) policies[name] = data<{ policy: string }>(await admin.get(`sys/policies/acl/${name}`)).policy;
  const roles: Record<string, unknown> = {};
  const roleIds: Record<string, string> = {};
  for (const role of data<{ keys: string[] }>(await admin.list('auth/approle/role')).keys) {
    roles[role] = data(await admin.get(`auth/approle/role/${role}`));
    roleIds[role] = data<{ role_id: string }>(await admin.get(`auth/approle/role/${role}/role-id`)).role_id;
  }
  const shape = (m: Record<string, { type: string; accessor: string; uuid: string; options?: unknown }>) =>
    Object.fromEntries(Object.entries(m).map(([p, v]) => [p, { type: v.type, accessor: v.accessor, uuid: v.uuid, options: v.options ?? null }]));
  return {
    secrets,
    policies,
    roles,
    roleIds,
    mounts: shape(data(await admin.get('sys/mounts'))),
    auth: shape(data(await admin.get('sys/auth'))),
    audit: data(await admin.get('sys/audit')),
    masterKey: data(await admin.get(`transit/keys/${MASTER_KEY}`)),
  };
}

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-snapshot-drill-'));
  tls = makeTestTls(path.join(base, 'tls'));
  original = await newSlot('original');
  fs.mkdirSync(path.join(base, 'audit'));
  configJsonFile = synthesizeProdConfig(path.join(base, 'cdktf.out'), path.join(base, 'audit', 'audit.log'), original.address);
  await start(original);
  ceremony = path.join(base, 'ceremony');
  adminDir = path.join(ceremony, 'admin');
  controlPlaneDir = path.join(base, 'services', 'hoodcloud-control-plane');
  backups = path.join(base, 'backups');
  fs.mkdirSync(backups, { mode: 0o700 });
  snapshotFile = path.join(backups, 'hoodcloud-vault-drill.raft.tgz');
});

afterAll(async () => {
  for (const slot of [original, replacement, twin]) await slot?.server?.stop({ keepWorkDir: true });
  if (base) fs.rmSync(base, { recursive: true, force: true });
  console.log(`snapshot drill timings (ms): ${JSON.stringify(timings)}`);
});

describe('snapshot drill: save, destroy, restore onto a new server, unseal with the original shares', () => {
  test('GIVEN a production-like server WHEN bootstrapped, configured as hoodcloud-admin and seeded THEN it holds the secrets and the control plane credentials', async () => {
    const run = cli(original);
    const boot = await run.run(['bootstrap', '--out-dir', ceremony, '--config-json', configJsonFile, '--server-json', serverJsonBeside(configJsonFile)]);
    expect(boot.code).toBe(0);
    for (let i = 1; i <= 5; i++) secretValues.push(read(path.join(ceremony, `unseal-share-${i}`)));
    secretValues.push(read(path.join(adminDir, 'role_id')), read(path.join(adminDir, 'secret_id')));
    const admin = await login(original, adminDir);
    applyState = (await applyConfig(admin, loadConfigFile(configJsonFile))).state;
    const seed = await run.run(['secrets', 'seed', '--env', 'dev', '--rsa-bits', '2048', '--approle-dir', adminDir]);
    expect(seed.code).toBe(0);
    expect(seed.stdout).toContain(`written: ${SECRET_CATALOG.length} `);
    const issue = await run.run(['credentials', 'issue', '--role', 'hoodcloud-control-plane', '--out-dir', controlPlaneDir, '--approle-dir', adminDir]);
    expect(issue.code).toBe(0);
    secretValues.push(read(path.join(controlPlaneDir, 'role_id')), read(path.join(controlPlaneDir, 'secret_id')));
  });

  test('GIVEN the control plane WHEN it makes data keys before and after admin rotates the master key THEN there are ciphertexts under key versions 1 and 2', async () => {
    const controlPlane = await login(original, controlPlaneDir);
    const admin = await login(original, adminDir);
    const makeKey = async () => {
      const dk = (await controlPlane.post<{ data: { plaintext: string; ciphertext: string } }>(`transit/datakey/plaintext/${MASTER_KEY}`, { bits: 256 })).data;
      const dek = Buffer.from(dk.plaintext, 'base64');
      secretValues.push(dk.plaintext, dk.ciphertext);
      dataKeys.push({ ciphertext: dk.ciphertext, dek, record: sealRecord(dek, RECORD) });
    };
    await makeKey();
    expect((await admin.raw('POST', `transit/datakey/plaintext/${MASTER_KEY}`, { body: {} })).status).toBe(403); // admin never uses the key
    await admin.post(`transit/keys/${MASTER_KEY}/rotate`, {});
    await makeKey();
    expect(dataKeys.map((k) => k.ciphertext.split(':')[1])).toEqual(['v1', 'v2']);
    const key = (await admin.get(`transit/keys/${MASTER_KEY}`)).data as { latest_version: number; keys: Record<string, unknown> };
    expect(key.latest_version).toBe(2);
    expect(Object.keys(key.keys)).toEqual(['1', '2']);
  });

  test('GIVEN hoodcloud-admin WHEN its snapshot rights are asked THEN it may read sys/storage/raft/snapshot and may not restore', async () => {
    const admin = await login(original, adminDir);
    const caps = (await admin.post<{ [path: string]: unknown }>('sys/capabilities-self', { paths: ['sys/storage/raft/snapshot', 'sys/storage/raft/snapshot-force'] })) as Record<string, string[]>;
    expect(caps['sys/storage/raft/snapshot']).toEqual(['read']);
    expect(caps['sys/storage/raft/snapshot-force']).toEqual(['deny']);
    // A real restore attempt with a harmless body (not an archive): refused by the ACL before the body is read.
    for (const p of ['sys/storage/raft/snapshot', 'sys/storage/raft/snapshot-force']) {
      expect({ p, status: (await admin.raw('POST', p, { body: { not: 'a snapshot' } })).status }).toEqual({ p, status: 403 });
    }
  });

  test('GIVEN the configured server WHEN snapshot save runs as hoodcloud-admin THEN a checked 0600 file is written once and its size and sha256 printed, never its content', async () => {
    const admin = await login(original, adminDir);
    inventoryAtSnapshot = await inventory(admin);
    for (const s of Object.values(inventoryAtSnapshot.secrets)) secretValues.push(...Object.values(s.data as Record<string, unknown>).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))));
    secretValues.push(...Object.values(inventoryAtSnapshot.roleIds));

    const run = cli(original);
    const save = await timed('save', () => run.run(['snapshot', 'save', '--out', snapshotFile, '--approle-dir', adminDir]));
    expect(save.stderr).toContain('[3/3] Writing');
    expect(save.code).toBe(0);
    const bytes = fs.readFileSync(snapshotFile);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(save.stdout).toMatch(new RegExp(`^snapshot saved to ${snapshotFile.replace(/[.]/g, '\\.')}: ${bytes.length} bytes, sha256 ${sha}; raft index \\d+ \\(term \\d+\\), \\d+ storage entries, members meta\\.json, state\\.bin, SHA256SUMS, SHA256SUMS\\.sealed; sealed by its cluster's shamir seal: a restore is unsealed with 3 of that cluster's 5 unseal shares$`));
    expect(mode(snapshotFile)).toBe('600');
    expect(fs.readdirSync(backups)).toEqual([path.basename(snapshotFile)]);
    console.log(`snapshot: ${bytes.length} bytes`);

    // Checked independently of the CLI: GNU tar lists the members, sha256sum verifies SHA256SUMS.
    expect(execFileSync('tar', ['-tzf', snapshotFile], { encoding: 'utf8' }).trim().split('\n')).toEqual(['meta.json', 'state.bin', 'SHA256SUMS', 'SHA256SUMS.sealed']);
    const extracted = fs.mkdtempSync(path.join(base, 'extracted-'));
    try {
      execFileSync('tar', ['-xzf', snapshotFile, '-C', extracted]);
      // The server writes SHA256SUMS in no fixed order (seen both ways): every member verifies, whatever the order.
      expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: extracted, encoding: 'utf8' }).trim().split('\n').sort()).toEqual(['meta.json: OK', 'state.bin: OK']);
    } finally {
      fs.rmSync(extracted, { recursive: true, force: true });
    }

    const again = await run.run(['snapshot', 'save', '--out', snapshotFile, '--approle-dir', adminDir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists; a snapshot is never overwritten');
    expect(createHash('sha256').update(fs.readFileSync(snapshotFile)).digest('hex')).toBe(sha);

    // Written after the snapshot: must not come back with the restore (a snapshot is a point in time).
    await admin.post('secret/data/drill/after-snapshot', { data: { note: 'written after the snapshot' }, options: { cas: 0 } });
  });

  test('GIVEN the snapshot WHEN the original server is destroyed (stopped, raft directory deleted) THEN nothing of it is left to start again', async () => {
    await original.server!.stop({ keepWorkDir: true });
    fs.rmSync(original.files.raftPath, { recursive: true, force: true });
    expect(fs.existsSync(original.files.raftPath)).toBe(false);
  });

  let replacementRoot: string;
  test('GIVEN a new server initialized with its own throwaway share WHEN the snapshot is restored without -force or onto a server that is not fresh THEN it is refused', async () => {
    replacement = await newSlot('replacement');
    await start(replacement);
    expect(await client(replacement).get('sys/seal-status')).toMatchObject({ initialized: false, sealed: true });
    replacementRoot = await initThrowaway(replacement, 1, 1);
    const root = client(replacement, read(replacementRoot));

    // The plain restore endpoint checks SHA256SUMS.sealed with this server's keys, which differ.
    await expect(uploadFile(root, 'sys/storage/raft/snapshot', snapshotFile)).rejects.toThrow('could not verify hash file, possibly the snapshot is using a different set of unseal keys; use the snapshot-force API to bypass this check');

    await root.post('sys/mounts/scratch', { type: 'kv' });
    const notFresh = await cli(replacement).run(['snapshot', 'restore', '--file', snapshotFile, '--token-file', replacementRoot]);
    expect(notFresh.code).toBe(1);
    expect(notFresh.stderr).toContain(`error: the target server at ${replacement.address} is not fresh (it has secrets engine scratch/); a restore would replace all of its data`);
    await root.delete('sys/mounts/scratch');
  });

  test('GIVEN the fresh server WHEN snapshot restore runs with its root token THEN it is sealed with the original keys and says to restart it and unseal with 3 of the original 5 shares', async () => {
    const run = cli(replacement);
    const restore = await timed('restore', () => run.run(['snapshot', 'restore', '--file', snapshotFile, '--token-file', replacementRoot]));
    expect(restore.stderr).toContain('[4/4] Waiting for the server to apply it and seal itself');
    expect(restore.code).toBe(0);
    expect(restore.stdout.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^restored ${snapshotFile.replace(/[.]/g, '\\.')} \\(sha256 [0-9a-f]{64}, raft index \\d+\\) onto ${replacement.address}: the server is now sealed with the ORIGINAL cluster's keys$`)),
      'next: restart the server process: it still reports its own pre-restore seal configuration (1 of 1 shares) and would reject the original shares until it restarts',
      "then: unseal with 3 of the original cluster's 5 unseal shares (each custodian: npm run ops -- unseal)",
      "this server's own unseal shares and root token no longer work: destroy them; the original cluster's tokens and AppRole secret IDs are valid again until they expire",
    ]);
    // What OpenBao 2.7.2 really does: sealed, still reporting the pre-restore 1-of-1 seal, and refusing an original share until restarted.
    expect(await client(replacement).get('sys/seal-status')).toMatchObject({ initialized: true, sealed: true, t: 1, n: 1 });
    const early = await run.run(['unseal', '--share-file', path.join(ceremony, 'unseal-share-1')]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('error: the server rejected the unseal share');
  });

  test('GIVEN the restored server WHEN restarted THEN it asks for 3 of 5 shares, and the original shares 1, 3 and 5 unseal it', async () => {
    await timed('restart', async () => {
      await replacement.server!.stop({ keepWorkDir: true });
      await start(replacement);
    });
    expect(await client(replacement).get('sys/seal-status')).toMatchObject({ initialized: true, sealed: true, t: 3, n: 5, progress: 0 });
    const share = (i: number) => path.join(ceremony, `unseal-share-${i}`);
    const unseal = await timed('unseal', () => cli(replacement).run(['unseal', '--share-file', share(1), '--share-file', share(3), '--share-file', share(5)]));
    expect(unseal.code).toBe(0);
    expect(unseal.stdout).toBe('unsealed');
  });

  test('GIVEN the unsealed replacement WHEN inspected with the ORIGINAL admin credentials THEN every secret, version, policy, role, mount and key version is back and nothing after the snapshot', async () => {
    const admin = await login(replacement, adminDir);
    const after = await inventory(admin);
    expect(after).toEqual(inventoryAtSnapshot);
    expect(Object.keys(after.secrets)).toHaveLength(SECRET_CATALOG.length);
    expect(Object.keys(after.policies)).toEqual(expect.arrayContaining(['hoodcloud-admin', 'hoodcloud-control-plane', 'hoodcloud-auth-server', 'hoodcloud-payment-service']));
    expect(Object.keys((after.masterKey as { keys: object }).keys)).toEqual(['1', '2']);
    expect((await admin.raw('GET', 'secret/data/drill/after-snapshot')).status).toBe(404);
    const check = await cli(replacement).run(['secrets', 'check', '--approle-dir', adminDir]);
    expect(check.code).toBe(0);
    const reapply = await applyConfig(admin, loadConfigFile(configJsonFile), { state: applyState });
    expect(reapply.resources.filter((r) => r.action !== 'no-op').map((r) => `${r.action} ${r.address}`)).toEqual([]);
    // The replacement's own root token was part of the data the restore replaced.
    expect((await client(replacement, read(replacementRoot)).raw('GET', 'auth/token/lookup-self')).status).toBe(403);
  });

  test('GIVEN the unsealed replacement WHEN the control plane logs in with its old credentials THEN both old ciphertexts (key versions 1 and 2) decrypt to the original data keys', async () => {
    const controlPlane = await login(replacement, controlPlaneDir);
    for (const k of dataKeys) {
      const plain = (await controlPlane.post<{ data: { plaintext: string } }>(`transit/decrypt/${MASTER_KEY}`, { ciphertext: k.ciphertext })).data.plaintext;
      const dek = Buffer.from(plain, 'base64');
      expect(dek.equals(k.dek)).toBe(true);
      expect(openRecord(dek, k.record)).toBe(RECORD);
    }
  });

  test('GIVEN a second fresh server with the original share layout (5, threshold 3) WHEN restored THEN no restart is needed and 3 original shares unseal it', async () => {
    await replacement.server!.stop({ keepWorkDir: true });
    twin = await newSlot('twin');
    await start(twin);
    const root = await initThrowaway(twin, 5, 3);
    const run = cli(twin);
    const restore = await run.run(['snapshot', 'restore', '--file', snapshotFile, '--token-file', root]);
    expect(restore.code).toBe(0);
    expect(restore.stdout).not.toContain('restart');
    expect(restore.stdout).toContain("next: unseal with 3 of the original cluster's 5 unseal shares");
    const share = (i: number) => path.join(ceremony, `unseal-share-${i}`);
    const unseal = await run.run(['unseal', '--share-file', share(2), '--share-file', share(3), '--share-file', share(4)]);
    expect(unseal.code).toBe(0);
    const check = await run.run(['secrets', 'check', '--approle-dir', adminDir]);
    expect(check.code).toBe(0);
  });

  test('GIVEN every CLI run of the drill WHEN its output is searched THEN no share, credential, token, data key, secret value or snapshot content appears', () => {
    const transcript = transcripts.flatMap((t) => t.transcript).join('\n');
    expect(secretValues.length).toBeGreaterThan(30);
    const leaked = secretValues.filter((v) => v.length >= 8 && transcript.includes(v));
    expect(leaked.map((v) => `${v.slice(0, 4)}… (${v.length} chars)`)).toEqual([]);
    const snapshot = fs.readFileSync(snapshotFile);
    for (const chunk of [snapshot.subarray(20, 52), snapshot.subarray(snapshot.length - 40, snapshot.length - 8)]) {
      for (const encoding of ['base64', 'hex', 'latin1'] as const) expect(transcript.includes(chunk.toString(encoding))).toBe(false);
    }
  });

  test('GIVEN the audit log and every server log WHEN searched THEN no share, credential, token, data key or secret value appears', () => {
    const logs = [fs.readFileSync(path.join(base, 'audit', 'audit.log'), 'utf8')];
    for (const slot of ['original', 'replacement', 'twin']) {
      for (const run of fs.readdirSync(path.join(base, slot)).filter((d) => d.startsWith('run-'))) logs.push(fs.readFileSync(path.join(base, slot, run, 'server.log'), 'utf8'));
    }
    expect(logs.length).toBe(1 + 1 + 2 + 1);
    const all = logs.join('\n');
    const leaked = secretValues.filter((v) => v.length >= 8 && all.includes(v));
    expect(leaked.map((v) => `${v.slice(0, 4)}… (${v.length} chars)`)).toEqual([]);
  });
});
