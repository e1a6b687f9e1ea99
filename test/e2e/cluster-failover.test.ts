// Proofs (b) and (c) of issue 12 on three real OpenBao nodes from the prod-server stack's configs
// (performance_multiplier 1), formed with the root token (the proof is about failover, not the
// ceremony; cluster-forms.test.ts proves the ceremony): a bounded writer keeps writing KV v2 keys
// with check-and-set while the leader is killed (SIGKILL); a new leader is elected; every
// acknowledged write is found afterwards. The old leader then restarts sealed, is unsealed with
// `unseal` and rejoins as a follower, and autopilot reports a failure tolerance of 1 again.
import { readClusterView } from '../../cli/cluster/autopilot-state';
import { cliRunner } from '../cli/support/run-cli';
import { ClusterNode, formWithRoot, FormedCluster, mountKvV2, startCluster, TestCluster, until } from './support/cluster';
import { startWriter, WriterReport } from './support/kv-writer';
import * as fs from 'node:fs';
import * as path from 'node:path';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let cluster: TestCluster;
let formed: FormedCluster;
let oldLeader: ClusterNode;
let newLeader: ClusterNode;
let report: WriterReport;
let killedAt: number;
const figures: Record<string, number | string> = {};

const healthOf = (n: ClusterNode) => n.client().raw('GET', 'sys/health', { token: null }).then((r) => r.status, () => 0);

beforeAll(async () => {
  cluster = await startCluster('failover');
  formed = await formWithRoot(cluster);
  figures.formMs = formed.formMs;
  await mountKvV2(cluster, formed.rootToken);
});

afterAll(async () => {
  await cluster?.stop();
  console.log(`failover figures: ${JSON.stringify(figures)}`);
});

describe('the cluster loses its leader without losing an acknowledged write', () => {
  test('GIVEN a writer writing through the leader WHEN the leader is killed THEN another node becomes active and the writer goes on', async () => {
    oldLeader = (await cluster.activeNode())!;
    const order = [oldLeader, ...cluster.nodes.filter((n) => n !== oldLeader)];
    const writer = startWriter(order.map((n) => n.client(formed.rootToken)), { mount: 'secret', prefix: 'failover', maxWrites: 50_000 });
    await until('writes before the kill', async () => writer.acknowledgedCount() >= 100, 30_000, 20);
    const before = writer.acknowledgedCount();
    killedAt = Date.now();
    await oldLeader.kill();
    const survivors = cluster.nodes.filter((n) => n !== oldLeader);
    figures.msToNewLeader = await until('a new active node', async () => (await Promise.all(survivors.map(healthOf))).includes(200), 30_000, 50);
    newLeader = (await cluster.activeNode())!;
    expect(newLeader).not.toBe(oldLeader);
    // The writer keeps going on the new leader (directly or through the other standby).
    const atElection = writer.acknowledgedCount();
    await until('writes after the election', async () => writer.acknowledgedCount() >= atElection + 100, 30_000, 20);
    report = await writer.stop();
    figures.acknowledgedBeforeKill = before;
    figures.writeGapMs = report.longestGapMs;
    figures.failedAttempts = [...report.failures.values()].reduce((a, b) => a + b, 0);
    figures.failuresByReason = JSON.stringify(Object.fromEntries(report.failures));
    expect(figures.msToNewLeader).toBeLessThan(20_000);
  });

  test('GIVEN the writer\'s acknowledged writes WHEN each is read from the new leader THEN every one is there with its value, and so is every write found committed on retry', async () => {
    const client = newLeader.client(formed.rootToken);
    const missing: string[] = [];
    const expected = new Map([...report.acknowledged, ...report.committedDespiteFailure]);
    for (const [key, value] of expected) {
      const res = await client.raw<{ data?: { data?: { value?: string } } }>('GET', `secret/data/${key}`);
      if (res.status !== 200 || (res.body.data as { data?: { value?: string } } | undefined)?.data?.value !== value) missing.push(key);
    }
    figures.writesAcknowledged = report.acknowledged.size;
    figures.committedDespiteFailure = report.committedDespiteFailure.size;
    figures.writesFound = expected.size - missing.length;
    console.log(`writes acknowledged ${report.acknowledged.size} (+${report.committedDespiteFailure.size} committed despite a failed reply), found ${expected.size - missing.length}; ${report.attempts} attempts`);
    expect(missing).toEqual([]);
    expect(report.acknowledged.size).toBeGreaterThanOrEqual(200);
  });

  test('GIVEN the killed leader restarted WHEN it is asked THEN it is sealed and initialized (its raft data survived)', async () => {
    await oldLeader.start();
    expect(await oldLeader.client().get('sys/seal-status')).toMatchObject({ initialized: true, sealed: true, t: 3, n: 5 });
  });

  test('GIVEN the restarted node WHEN `unseal --address` gives it 3 shares THEN it reports standby with the new leader, and rejoins as a follower with every write', async () => {
    const dir = path.join(cluster.base, 'shares');
    fs.mkdirSync(dir, { mode: 0o700 });
    const files = formed.shares.slice(2, 5).map((s, i) => {
      const f = path.join(dir, `share-${i}`);
      fs.writeFileSync(f, s, { mode: 0o600 });
      return f;
    });
    const cli = cliRunner({ VAULT_CACERT: cluster.tls.caFile });
    const t0 = Date.now();
    const run = await cli.run(['unseal', '--address', oldLeader.apiAddr, ...files.flatMap((f) => ['--share-file', f])]);
    figures.msUnsealToStandby = Date.now() - t0;
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('unsealed');
    expect(run.stderr).toContain(`standby, active node ${newLeader.apiAddr}`);
    expect(await healthOf(oldLeader)).toBe(429);

    const root = newLeader.client(formed.rootToken);
    figures.msFromUnsealToTolerance1 = await until('autopilot failure tolerance 1 again', async () => {
      const ap = (await readClusterView(root)).autopilot;
      return ap !== undefined && ap.failureTolerance === 1 && ap.healthy;
    }, 90_000, 250);
    figures.msFromKillToTolerance1 = Date.now() - killedAt;
    const ap = (await readClusterView(root)).autopilot!;
    expect(ap.leader).toBe(newLeader.nodeId);
    expect(ap.servers.find((s) => s.id === oldLeader.nodeId)).toMatchObject({ status: 'voter', healthy: true });

    // The rejoined follower answers reads itself (OpenBao >= 2.5), from the data it caught up on.
    const follower = oldLeader.client(formed.rootToken);
    const keys = [...report.acknowledged.keys()];
    for (const key of [keys[0], keys[Math.floor(keys.length / 2)], keys[keys.length - 1]]) {
      await until(`${key} on the rejoined node`, async () => {
        const res = await follower.raw<{ data?: { data?: { value?: string } } }>('GET', `secret/data/${key}`);
        return (res.body.data as { data?: { value?: string } } | undefined)?.data?.value === report.acknowledged.get(key);
      }, 5_000, 100);
    }

    const status = await cli.run(['status', '--address', newLeader.apiAddr], { env: { VAULT_TOKEN: formed.rootToken } });
    console.log(`$ ops status (after the rejoin)\n${status.stdout}`);
    expect(status.code).toBe(0);
    expect(status.stdout.split('\n').find((l) => l.startsWith(oldLeader.nodeId))?.split(/\s{2,}/)[2]).toBe('follower');
  });
});
