// The ceremony on a three-node cluster (real OpenBao nodes on 127.0.0.1-3 from the prod-server
// stack's configs) when a node is missing or the shares are PGP-encrypted. A node down before init is
// refused at step 1: nothing initialized, nothing written. With custodian PGP keys the three typed
// shares unseal the first node and then every other node (held in memory, never written). A node lost
// after init is named with what to do, every share already saved; once it is back, `bootstrap
// --resume` unseals it with the same shares and waits until all three are voters.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { readClusterView } from '../../cli/cluster/autopilot-state';
import { ceremonyLayout } from '../../cli/bootstrap/ceremony-files';
import { cliRunner, CliRunner } from '../cli/support/run-cli';
import { makeKeyring } from '../cli/support/gpg';
import { spawnCli } from './support/cli-process';
import { startCluster, TestCluster } from './support/cluster';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const IDS = ['hoodcloud-vault-1', 'hoodcloud-vault-2', 'hoodcloud-vault-3'];
const clusters: TestCluster[] = [];
const secrets: string[] = [];
const figures: Record<string, number> = {};
const read = (f: string) => fs.readFileSync(f, 'utf8').trim();
const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);

async function waitForFile(file: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Logs in as hoodcloud-admin with the files bootstrap wrote and reads autopilot through the first node. */
async function adminView(cluster: TestCluster, adminDir: string) {
  const anon = cluster.nodes[0].client();
  const login = await anon.post<{ auth?: { client_token?: string } }>('auth/approle/login', { role_id: read(path.join(adminDir, 'role_id')), secret_id: read(path.join(adminDir, 'secret_id')) });
  const token = String(login.auth?.client_token);
  secrets.push(token);
  return readClusterView(cluster.nodes[0].client(token));
}

afterAll(async () => {
  for (const c of clusters) await c.stop();
  console.log(`bootstrap cluster figures (ms): ${JSON.stringify(figures)}`);
});

describe('bootstrap of a three-node cluster, with custodian PGP keys', () => {
  let cluster: TestCluster;
  let cli: CliRunner;
  let outDir: string;
  let keyFiles: string[];
  let keyring: ReturnType<typeof makeKeyring>;
  const args = () => ['bootstrap', '--out-dir', outDir, '--config-json', cluster.configJson, '--server-json', cluster.serverJson, ...keyFiles.flatMap((f) => ['--pgp-key', f])];

  beforeAll(async () => {
    cluster = await startCluster('boot-pgp');
    clusters.push(cluster);
    cli = cliRunner({ VAULT_ADDR: cluster.nodes[0].apiAddr, VAULT_CACERT: cluster.tls.caFile });
    outDir = path.join(cluster.base, 'ceremony');
    keyring = makeKeyring(cluster.base);
    keyFiles = [1, 2, 3, 4, 5].map((i) => keyring.exportNewKey(`custodian-${i}`));
  });

  test('GIVEN the third node down WHEN bootstrap runs on the first THEN it is refused at step 1 naming that node and what to do: no node initialized, nothing written', async () => {
    const third = cluster.nodes[2];
    await third.kill();
    const run = await cli.run(args());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`[1/11] Checking ${cluster.nodes[0].apiAddr} is fresh, the other nodes (hoodcloud-vault-2, hoodcloud-vault-3) answer, `);
    expect(run.stderr).toContain(`error: every node "${cluster.serverJson}" declares must answer before hoodcloud-vault-1 is initialized (each is unsealed with the shares the ceremony holds): hoodcloud-vault-3 at ${third.apiAddr} does not answer: cannot connect to the Vault server at ${third.ip}:${third.port} (connection refused`);
    expect(run.stderr).toContain('Start hoodcloud-vault-3 (`npx cdktf deploy prod-server`, or `docker start <node>` on its host)');
    expect(run.stderr).toContain('Nothing was initialized.');
    expect(run.stderr).not.toContain('[2/11]');
    for (const n of cluster.nodes.slice(0, 2)) expect(await n.client().get('sys/seal-status')).toMatchObject({ initialized: false });
    expect(fs.existsSync(outDir)).toBe(false);
    await third.start();
    expect(await third.client().get('sys/seal-status')).toMatchObject({ initialized: false });
  });

  test('GIVEN all three up and 5 custodian keys WHEN 3 custodians type their decrypted shares THEN those shares unseal the first node and both others, all three become voters, and the admin logs in', async () => {
    const stdin = new PassThrough();
    const t0 = Date.now();
    const running = cli.run(args(), { stdin });
    const layout = ceremonyLayout(outDir);
    await waitForFile(layout.pgpShares[4]);
    const decrypted = layout.pgpShares.map((f) => keyring.decryptBase64(read(f)));
    secrets.push(...decrypted);
    for (const share of decrypted.slice(0, 3)) stdin.write(`${share}\n`);
    const run = await running;
    figures.pgpBootstrapOfThreeNodes = Date.now() - t0;
    console.log(`$ ops bootstrap --pgp-key ×5 --server-json …\n${run.stderr}`);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Custodian 3 of 3: enter your decrypted unseal share (not echoed):');
    // Each other node took the three typed shares (nobody typed them again).
    for (const id of IDS.slice(1)) {
      for (const n of [1, 2]) expect(run.stderr).toContain(`${id}: unseal progress ${n} of 3`);
      expect(run.stderr).toMatch(new RegExp(`${id}: standby, active node https://127\\.0\\.0\\.1:\\d+`));
    }
    expect(run.stderr.match(/enter your decrypted unseal share/g)).toHaveLength(3);
    expect(run.stdout).toContain('  cluster: 3 voters (hoodcloud-vault-1, hoodcloud-vault-2, hoodcloud-vault-3), leader hoodcloud-vault-1, failure tolerance 1');
    // Only ciphertext on disk: the typed shares were never written.
    expect(layout.clearShares.filter((f) => fs.existsSync(f))).toEqual([]);
    expect(layout.pgpShares.map(mode)).toEqual(['600', '600', '600', '600', '600']);
    const files = fs.readdirSync(outDir, { recursive: true }).map(String).map((f) => path.join(outDir, f)).filter((f) => fs.statSync(f).isFile());
    expect(files.filter((f) => decrypted.some((d) => fs.readFileSync(f, 'utf8').includes(d)))).toEqual([]);

    const { autopilot } = await adminView(cluster, layout.adminDir);
    expect(autopilot).toMatchObject({ healthy: true, failureTolerance: 1, leader: 'hoodcloud-vault-1' });
    expect([...autopilot!.voters].sort()).toEqual(IDS);
    secrets.push(read(layout.secretId), read(layout.roleId));
  });

  test('GIVEN every run of this cluster WHEN its transcript is searched THEN no decrypted share, secret ID or token appears', () => {
    const transcript = cli.transcript.join('\n');
    expect(secrets.length).toBeGreaterThan(5);
    expect(secrets.filter((s) => s.length >= 8 && transcript.includes(s))).toEqual([]);
  });
});

describe('bootstrap of a three-node cluster when a node is lost after init, then --resume', () => {
  let cluster: TestCluster;
  let outDir: string;
  let env: Record<string, string>;
  const transcript: string[] = [];
  const args = (...extra: string[]) => ['bootstrap', ...extra, '--out-dir', outDir, '--config-json', cluster.configJson, '--server-json', cluster.serverJson];

  beforeAll(async () => {
    // OpenBao needs its unauthenticated generate-root endpoints open for --resume (docs/runbook.md, section 1).
    cluster = await startCluster('boot-lost', { allowGenerateRoot: true });
    clusters.push(cluster);
    outDir = path.join(cluster.base, 'ceremony');
    env = { VAULT_ADDR: cluster.nodes[0].apiAddr, VAULT_CACERT: cluster.tls.caFile };
  });

  test('GIVEN the third node killed right after init began WHEN the ceremony reaches the cluster step THEN it names the node, says no share is lost and what to do, revokes root, exit 1; every share is in its file', async () => {
    const third = cluster.nodes[2];
    const proc = spawnCli([...args(), '--cluster-timeout', '8s'], env);
    await proc.waitForLine(/^\[2\/11\] Initializing/);
    await third.kill();
    const t0 = Date.now();
    const done = await proc.exited;
    figures.untilLostNodeNamed = Date.now() - t0;
    transcript.push(done.stdout, done.stderr);
    console.log(`$ ops bootstrap --server-json … (hoodcloud-vault-3 killed after init)\n${done.stderr}`);
    expect(done.code).toBe(1);
    expect(done.stderr).toContain(`[10/11] Joining hoodcloud-vault-2, hoodcloud-vault-3 to hoodcloud-vault-1`);
    expect(done.stderr).toContain(`hoodcloud-vault-3 (${third.apiAddr}) did not join: did not join within 8 s: cannot connect to the Vault server at ${third.ip}:${third.port}`);
    expect(done.stderr).toContain('hoodcloud-vault-2 joined and is unsealed; hoodcloud-vault-1 is initialized and unsealed, and every unseal share is saved in');
    expect(done.stderr).toContain(`Bring hoodcloud-vault-3 up (it joins through its retry_join once it reaches ${cluster.nodes[0].apiAddr}`);
    expect(done.stderr).toContain(`finish with \`bootstrap --resume --out-dir ${outDir}\``);
    expect(done.stderr).toContain('the root token this run held was revoked.');
    expect(done.stderr).not.toContain('[11/11]');
    const layout = ceremonyLayout(outDir);
    expect(layout.clearShares.map(mode)).toEqual(['600', '600', '600', '600', '600']);
    expect(new Set(layout.clearShares.map(read)).size).toBe(5);
    expect(fs.existsSync(layout.stagedShares)).toBe(false);
    secrets.push(...layout.clearShares.map(read));
  });

  test('GIVEN the lost node back WHEN `bootstrap --resume` runs THEN it unseals that node with 3 saved shares, all three become voters with failure tolerance 1, every root token is revoked and the admin logs in', async () => {
    await cluster.nodes[2].start();
    const cli = cliRunner(env);
    const t0 = Date.now();
    const run = await cli.run(args('--resume'));
    figures.resumeUntilThreeVoters = Date.now() - t0;
    transcript.push(...cli.transcript);
    console.log(`$ ops bootstrap --resume --server-json …\n${run.stderr}`);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('[1/11] Checking');
    expect(run.stderr).toContain('the other nodes (hoodcloud-vault-2, hoodcloud-vault-3)');
    expect(run.stderr).toContain('[4/11] Regenerating a root token from 3 shares (sys/generate-root; kept in memory only)');
    expect(run.stderr).toContain('hoodcloud-vault-2: the server at');
    expect(run.stderr).toContain('is already unsealed');
    expect(run.stderr).toContain('hoodcloud-vault-3: unseal progress 3 of 3');
    expect(run.stderr).toContain('[11/11] Revoking every root token (this one and any the interrupted run left)');
    expect(run.stdout).toContain('  cluster: 3 voters (hoodcloud-vault-1, hoodcloud-vault-2, hoodcloud-vault-3), leader hoodcloud-vault-1, failure tolerance 1');
    const layout = ceremonyLayout(outDir);
    const { autopilot } = await adminView(cluster, layout.adminDir);
    expect(autopilot).toMatchObject({ healthy: true, failureTolerance: 1 });
    expect([...autopilot!.voters].sort()).toEqual(IDS);
    for (const n of cluster.nodes) expect(await n.client().get('sys/seal-status')).toMatchObject({ initialized: true, sealed: false });
    secrets.push(read(layout.secretId), read(layout.roleId));
  });

  test('GIVEN both runs WHEN their output is searched THEN no share, secret ID or token appears', () => {
    const text = transcript.join('\n');
    expect(secrets.filter((s) => s.length >= 8 && text.includes(s))).toEqual([]);
  });
});
