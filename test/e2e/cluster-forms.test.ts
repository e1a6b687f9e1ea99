// Proof (a) of issue 12: three real OpenBao servers on 127.0.0.1-3, started from the configs the
// prod-server stack generates (each with its own certificate from one test CA), form one cluster
// with one command: `bootstrap --server-json` initializes the first node (the ceremony of the
// production path), the other two join through their retry_join and are unsealed with the shares
// the ceremony holds in memory (cli/cluster/join-wait.ts), autopilot makes all three voters, then
// root is revoked; the prod-config stack, with its autopilot settings, is applied through the active
// node as hoodcloud-admin. `status` and `unseal` then see the cluster node by node.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readClusterView } from '../../cli/cluster/autopilot-state';
import { waitForVoters } from '../../cli/cluster/join-wait';
import { readNodeHealth } from '../../cli/cluster/node-health';
import { VaultClient } from '../../vault-api/client';
import { cliRunner, CliRunner } from '../cli/support/run-cli';
import { applyConfig, describeReport, loadConfigFile } from './support/apply-config';
import { startCluster, TestCluster, until } from './support/cluster';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let cluster: TestCluster;
let cli: CliRunner;
let outDir: string;
const secrets: string[] = [];
const figures: Record<string, number> = {};
const read = (f: string) => fs.readFileSync(f, 'utf8').trim();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function adminToken(node = cluster.nodes[0]): Promise<string> {
  const admin = path.join(outDir, 'admin');
  const login = await node.client().post<{ auth?: { client_token?: string } }>('auth/approle/login', { role_id: read(path.join(admin, 'role_id')), secret_id: read(path.join(admin, 'secret_id')) });
  const token = String(login.auth?.client_token);
  secrets.push(token);
  return token;
}

beforeAll(async () => {
  cluster = await startCluster('forms');
  outDir = path.join(cluster.base, 'ceremony');
  cli = cliRunner({ VAULT_ADDR: cluster.nodes[0].apiAddr, VAULT_CACERT: cluster.tls.caFile });
});

afterAll(async () => {
  await cluster?.stop();
  console.log(`cluster formation figures (ms): ${JSON.stringify(figures)}`);
});

describe('a three-node cluster forms from the stack\'s configs', () => {
  test('GIVEN three fresh nodes from the synthesized prod-server stack WHEN asked THEN each answers over TLS with its own certificate, uninitialized, with raft storage', async () => {
    for (const n of cluster.nodes) {
      expect(await n.client().get('sys/seal-status')).toMatchObject({ initialized: false, sealed: true, storage_type: 'raft' });
    }
    const config = JSON.parse(fs.readFileSync(cluster.nodes[1].configFiles[0], 'utf8'));
    expect(config.storage.raft).toMatchObject({ node_id: 'hoodcloud-vault-2', performance_multiplier: 1 });
    expect(config.storage.raft.retry_join.map((r: { leader_api_addr: string }) => r.leader_api_addr)).toEqual([cluster.nodes[0].apiAddr, cluster.nodes[2].apiAddr]);
  });

  test('GIVEN the fresh cluster WHEN bootstrap runs on the first node with the server stack THEN the others join and are unsealed with the shares it holds, all three are voters with failure tolerance 1, and the admin credentials log in', async () => {
    const [first, second, third] = cluster.nodes;
    const t0 = Date.now();
    const run = await cli.run(['bootstrap', '--out-dir', outDir, '--config-json', cluster.configJson, '--server-json', cluster.serverJson]);
    figures.bootstrapWholeCluster = Date.now() - t0;
    console.log(`$ ops bootstrap --server-json …\n${run.stderr}\n${run.stdout}`);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`[1/11] Checking ${first.apiAddr} is fresh, the other nodes (hoodcloud-vault-2, hoodcloud-vault-3) answer, `);
    expect(run.stderr).toContain(`hoodcloud-vault-3 (${third.apiAddr}): answers over TLS, not initialized (it joins once this node is unsealed)`);
    expect(run.stderr).toContain('[10/11] Joining hoodcloud-vault-2, hoodcloud-vault-3 to hoodcloud-vault-1: each is unsealed with the 3 shares held in memory, then made a voter');
    for (const n of [second, third]) {
      expect(run.stderr).toMatch(new RegExp(`${n.nodeId}: joined \\(reports initialized\\) after \\d+\\.\\d s`));
      expect(run.stderr).toContain(`${n.nodeId}: standby, active node ${first.apiAddr}`);
      expect(run.stderr).toMatch(new RegExp(`${n.nodeId} \\(127\\.0\\.0\\.\\d:\\d+\\): voter, healthy`));
    }
    expect(run.stderr).toMatch(/3 voters, failure tolerance 1: every declared node a voter \d+\.\d s after the last unseal/);
    expect(run.stderr).toContain('[11/11] Revoking the root token');
    expect(run.stdout).toContain('  cluster: 3 voters (hoodcloud-vault-1, hoodcloud-vault-2, hoodcloud-vault-3), leader hoodcloud-vault-1, failure tolerance 1');
    secrets.push(...[1, 2, 3, 4, 5].map((i) => read(path.join(outDir, `unseal-share-${i}`))));

    // What the cluster itself says, asked as hoodcloud-admin with the credentials bootstrap wrote.
    const { autopilot } = await readClusterView(first.client(await adminToken()));
    expect(autopilot).toMatchObject({ healthy: true, failureTolerance: 1, leader: 'hoodcloud-vault-1' });
    expect([...autopilot!.voters].sort()).toEqual(['hoodcloud-vault-1', 'hoodcloud-vault-2', 'hoodcloud-vault-3']);
    for (const n of cluster.nodes) {
      expect(await n.client().get('sys/seal-status')).toMatchObject({ initialized: true, sealed: false });
      // the admin logs in through every node (a standby forwards the login to the active node)
      expect((await adminToken(n)).length).toBeGreaterThan(8);
    }
  });

  test('GIVEN the formed cluster WHEN prod-config is applied through the active node as hoodcloud-admin THEN everything is created or adopted, autopilot included, and a re-apply changes nothing', async () => {
    const active = await cluster.activeNode();
    expect(active?.nodeId).toBe('hoodcloud-vault-1');
    const client = active!.client(await adminToken(active));
    const json = loadConfigFile(cluster.configJson);
    const first = await applyConfig(new VaultClient({ ...client.options, timeoutMs: 15_000 }), json);
    console.log(`prod-config apply as hoodcloud-admin through ${active!.nodeId}:\n${describeReport(first)}`);
    expect(first.resources.find((r) => r.address.startsWith('vault_raft_autopilot.'))?.action).toBe('create');
    const again = await applyConfig(client, json, { state: first.state });
    expect(again.changeCount).toBe(0);
    // What the stack declares is what every node now reads (a standby answers from its own copy).
    await until('autopilot configuration replicated', async () => {
      const c = await cluster.nodes[2].client(await adminToken(cluster.nodes[2])).get('sys/storage/raft/autopilot/configuration');
      return (c.data as Record<string, unknown>).min_quorum === 3;
    }, 10_000);
    const config = (await client.get('sys/storage/raft/autopilot/configuration')).data;
    expect(config).toEqual({ cleanup_dead_servers: true, min_quorum: 3, dead_server_last_contact_threshold: '1h0m0s', last_contact_threshold: '10s', server_stabilization_time: '10s', max_trailing_logs: 1000 });
  });

  test('GIVEN the formed cluster WHEN `status` runs as hoodcloud-admin with the server stack THEN it shows the leader, two followers, voters, health, tolerance 1, each node\'s sys/health, and exits 0', async () => {
    const run = await cli.run(['status', '--approle-dir', path.join(outDir, 'admin'), '--server-json', cluster.serverJson]);
    console.log(`$ ops status\n${run.stdout}`);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`cluster via ${cluster.nodes[0].apiAddr}: healthy, leader hoodcloud-vault-1, 3 voters, failure tolerance 1`);
    expect(lines[1].split(/\s{2,}/)).toEqual(['node', 'cluster address', 'role', 'voter', 'healthy', 'last contact', 'last index', 'api']);
    const rows = lines.slice(3).map((l) => l.split(/\s{2,}/));
    expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[4], r[7]])).toEqual([
      ['hoodcloud-vault-1', `127.0.0.1:${cluster.nodes[0].port + 1}`, 'leader', 'yes', 'yes', 'active'],
      ['hoodcloud-vault-2', `127.0.0.2:${cluster.nodes[1].port + 1}`, 'follower', 'yes', 'yes', 'standby'],
      ['hoodcloud-vault-3', `127.0.0.3:${cluster.nodes[2].port + 1}`, 'follower', 'yes', 'yes', 'standby'],
    ]);
  });

  test('GIVEN every node unsealed WHEN `unseal --server-json` runs THEN it reports each node already unsealed (per node, no share asked)', async () => {
    const run = await cli.run(['unseal', '--server-json', cluster.serverJson]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(2).map((l) => l.split(/\s{2,}/))).toEqual(cluster.nodes.map((n) => [n.nodeId, n.apiAddr, 'unsealed (already)']));
    expect(run.stderr).toContain(`hoodcloud-vault-3: the server at ${cluster.nodes[2].apiAddr} is already unsealed`);
  });

  test('GIVEN the whole cluster restarted WHEN three custodians each run `unseal --server-json` with their share THEN every node reports progress 1, 2, 3 of 3 and all three come back, with one leader', async () => {
    await Promise.all(cluster.nodes.map((n) => n.kill()));
    await Promise.all(cluster.nodes.map((n) => n.start()));
    const share = (i: number) => path.join(outDir, `unseal-share-${i}`);
    const first = await cli.run(['unseal', '--server-json', cluster.serverJson, '--share-file', share(5)]);
    expect(first.code).toBe(0);
    for (const n of cluster.nodes) expect(first.stderr).toContain(`${n.nodeId}: unseal progress 1 of 3`);
    expect(first.stdout.split('\n').slice(2).map((l) => l.split(/\s{2,}/)[2])).toEqual(['sealed (1 of 3)', 'sealed (1 of 3)', 'sealed (1 of 3)']);
    // The second custodian's share; the first one's again is accepted without progress (said so, per node).
    const second = await cli.run(['unseal', '--server-json', cluster.serverJson, '--share-file', share(5), '--share-file', share(2)]);
    expect(second.stderr).toContain('hoodcloud-vault-1: unseal progress 1 of 3 (this share was already entered on this node)');
    expect(second.stderr).toContain('hoodcloud-vault-2: unseal progress 2 of 3');
    const t0 = Date.now();
    const third = await cli.run(['unseal', '--server-json', cluster.serverJson, '--share-file', share(3)]);
    figures.wholeClusterUnsealToServing = Date.now() - t0;
    expect(third.code).toBe(0);
    const states = third.stdout.split('\n').slice(2).map((l) => l.split(/\s{2,}/)[2]).sort();
    // Each node is reported as it was when it served: right after a whole-cluster restart the
    // leadership can still move, so two reports can each name the other as active. sys/health
    // afterwards decides that there is exactly one leader.
    for (const state of states) expect(state).toMatch(/^unsealed: (active|standby)$/);
    const actives = async () => (await Promise.all(cluster.nodes.map(async (n) => (await readNodeHealth(n.client())).state))).filter((s) => s === 'active').length;
    await until('exactly one active node', async () => (await actives()) === 1, 10_000);
    const token = await adminToken((await cluster.activeNode())!);
    await waitForVoters((await cluster.activeNode())!.client(token), cluster.nodes.map((n) => n.nodeId), { sleep, timeoutMs: 60_000, pollMs: 500 });
  });

  test('GIVEN every CLI run of this file WHEN its transcript is searched THEN no share, secret ID or token appears', () => {
    const transcript = cli.transcript.join('\n');
    secrets.push(read(path.join(outDir, 'admin', 'secret_id')), read(path.join(outDir, 'admin', 'role_id')));
    expect(secrets.filter((s) => s.length >= 8 && transcript.includes(s))).toEqual([]);
  });
});
