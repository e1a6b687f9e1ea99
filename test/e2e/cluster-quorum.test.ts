// Proof (d) of issue 12 on three real OpenBao nodes from the prod-server stack's configs: with one
// node of three down the cluster serves reads and writes (through the leader and through a
// standby) and `status` calls it degraded; with two down the survivor refuses writes while it
// still answers reads and sys/health says "standby", so only the cluster view (`status`: no
// leader, exit 1) tells the truth; when one node returns and is unsealed, writes work again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readClusterView } from '../../cli/cluster/autopilot-state';
import { VaultClient } from '../../vault-api/client';
import { cliRunner, CliRunner } from '../cli/support/run-cli';
import { ClusterNode, formWithRoot, FormedCluster, mountKvV2, startCluster, TestCluster, until } from './support/cluster';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let cluster: TestCluster;
let formed: FormedCluster;
let cli: CliRunner;
let leader: ClusterNode;
let follower: ClusterNode;
let survivor: ClusterNode;
let shareFiles: string[];
let written = 0;
const figures: Record<string, number> = {};

const healthOf = (n: ClusterNode) => n.client().raw('GET', 'sys/health', { token: null }).then((r) => r.status, () => 0);
/** A new key, create-only (check-and-set 0): a retried write can never overwrite. */
const write = (c: VaultClient) => {
  written += 1;
  return c.raw('POST', `secret/data/quorum/k-${written}`, { body: { options: { cas: 0 }, data: { n: String(written) } } }).catch((e: Error) => ({ status: 0, body: { errors: [e.message] } }));
};
const status = (n: ClusterNode) => cli.run(['status', '--address', n.apiAddr, '--server-json', cluster.serverJson], { env: { VAULT_TOKEN: formed.rootToken } });

beforeAll(async () => {
  cluster = await startCluster('quorum');
  formed = await formWithRoot(cluster);
  cli = cliRunner({ VAULT_CACERT: cluster.tls.caFile });
  leader = (await cluster.activeNode())!;
  [follower, survivor] = cluster.nodes.filter((n) => n !== leader);
  await mountKvV2(cluster, formed.rootToken);
  const dir = path.join(cluster.base, 'shares');
  fs.mkdirSync(dir, { mode: 0o700 });
  shareFiles = formed.shares.slice(0, 3).map((s, i) => {
    const f = path.join(dir, `share-${i}`);
    fs.writeFileSync(f, s, { mode: 0o600 });
    return f;
  });
});

afterAll(async () => {
  await cluster?.stop();
  console.log(`quorum figures (ms): ${JSON.stringify(figures)}`);
});

describe('one node down: the cluster serves; two down: it refuses writes; one back: it recovers', () => {
  test('GIVEN a follower killed WHEN writing through the leader and through the other standby THEN both writes commit and reads answer', async () => {
    await follower.kill();
    expect(await write(leader.client(formed.rootToken))).toMatchObject({ status: 200 });
    // A standby forwards the write to the active node.
    const viaStandby = await write(survivor.client(formed.rootToken));
    expect(viaStandby).toMatchObject({ status: 200 });
    const read = await leader.client(formed.rootToken).get<{ data?: { data?: { n?: string } } }>(`secret/data/quorum/k-${written}`);
    expect((read.data as { data?: { n?: string } }).data?.n).toBe(String(written));
  });

  test('GIVEN a follower down WHEN autopilot has noticed THEN `status` says degraded (exit 3): tolerance 0, the dead node unhealthy and unreachable', async () => {
    figures.msUntilAutopilotMarksDeadNodeUnhealthy = await until('autopilot marks the dead follower unhealthy', async () => {
      const ap = (await readClusterView(leader.client(formed.rootToken))).autopilot;
      return ap?.servers.find((s) => s.id === follower.nodeId)?.healthy === false;
    }, 60_000, 250);
    const run = await status(leader);
    console.log(`$ ops status (one node down)\n${run.stdout}`);
    expect(run.code).toBe(3);
    expect(run.stdout.split('\n')[0]).toBe(`cluster via ${leader.apiAddr}: degraded, leader ${leader.nodeId}, 3 voters, failure tolerance 0`);
    const row = run.stdout.split('\n').find((l) => l.startsWith(follower.nodeId))!.split(/\s{2,}/);
    expect([row[3], row[4], row[7]]).toEqual(['yes', 'no', 'unreachable']);
    expect(run.stdout).toContain(`warning: ${follower.nodeId} (`);
    expect(run.stdout).toContain('warning: failure tolerance 0, 3 voters allow 1: losing any voter stops writes');
  });

  test('GIVEN the leader killed too WHEN the survivor is written to THEN it refuses for seconds on end, yet still answers reads and sys/health says standby', async () => {
    await leader.kill();
    const root = survivor.client(formed.rootToken);
    const refusals: string[] = [];
    const t0 = Date.now();
    while (Date.now() - t0 < 8_000) {
      const res = await write(root);
      expect(res.status).not.toBe(200);
      refusals.push(`HTTP ${res.status}${res.body.errors?.length ? `: ${res.body.errors.join('; ')}` : ''}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`writes to the survivor for 8 s: ${[...new Set(refusals)].join(' | ')} (${refusals.length} attempts)`);
    expect(refusals.some((r) => /local node not active but active cluster node not found|HTTP 307/.test(r))).toBe(true);
    // The trap: a read and the node's own health look fine.
    const read = await root.raw<{ data?: { data?: { n?: string } } }>('GET', 'secret/data/quorum/k-1');
    expect(read.status).toBe(200);
    expect(await healthOf(survivor)).toBe(429);
  });

  test('GIVEN two of three down WHEN `status` asks the survivor THEN it is not mistaken for healthy: no leader, writes refused, exit 1', async () => {
    const run = await status(survivor);
    console.log(`$ ops status (two nodes down)\n${run.stdout}`);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe(`cluster via ${survivor.apiAddr}: unavailable, no leader`);
    expect(run.stdout).toMatch(/error: autopilot state from https:\/\/[\d.:]+: no active node.*the cluster has lost its quorum.*; writes are refused until a majority of voters is back and unsealed/);
    // list-peers still answers from the survivor's own copy: every member, none of them leader.
    const rows = run.stdout.split('\n').filter((l) => l.startsWith('hoodcloud-vault-')).map((l) => l.split(/\s{2,}/));
    expect(rows.map((r) => [r[0], r[2], r[3], r[7]])).toEqual(cluster.nodes.map((n) => [n.nodeId, 'voter', 'yes', n === survivor ? 'standby' : 'unreachable']));
  });

  test('GIVEN the old leader restarted and unsealed WHEN a majority is back THEN a leader is elected and writes commit again; with all three back autopilot tolerates one failure again', async () => {
    await leader.start();
    const t0 = Date.now();
    const run = await cli.run(['unseal', '--address', leader.apiAddr, ...shareFiles.flatMap((f) => ['--share-file', f])]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('unsealed');
    figures.msUnsealCommand = Date.now() - t0;
    await until('a leader with two of three', async () => (await Promise.all([leader, survivor].map(healthOf))).includes(200), 60_000, 100);
    const active = (await cluster.activeNode())!;
    await until('a write commits', async () => (await write(survivor.client(formed.rootToken))).status === 200, 30_000, 100);
    figures.msFromUnsealCommandToFirstWrite = Date.now() - t0;
    expect([leader, survivor]).toContain(active);

    await follower.start();
    const back = await cli.run(['unseal', '--server-json', cluster.serverJson, ...shareFiles.flatMap((f) => ['--share-file', f])]);
    expect(back.code).toBe(0);
    const t1 = Date.now();
    await until('failure tolerance 1 again', async () => {
      const ap = (await readClusterView(active.client(formed.rootToken))).autopilot;
      return ap?.failureTolerance === 1 && ap.healthy;
    }, 90_000, 250);
    figures.msAllBackToTolerance1 = Date.now() - t1;
    expect((await status(active)).code).toBe(0);
  });
});
