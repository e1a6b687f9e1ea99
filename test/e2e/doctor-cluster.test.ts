// doctor's cluster check against real OpenBao: a three-node raft cluster on loopback (the
// prod-server stack's configs, test/e2e/support/cluster.ts) with every node a voter is ok row by
// row; with one node killed autopilot marks it unhealthy and the failure tolerance drops to 0, and
// doctor says both with what to do; restarted and unsealed, the rows are ok again. A dev server
// (in-memory storage, no raft) has nothing to check.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readClusterView } from '../../cli/cluster/autopilot-state';
import { submitShare } from '../../cli/unseal/seal-status';
import { cliRunner, CliRunner } from '../cli/support/run-cli';
import { RunningServer, startDevServer } from '../support/vault-server';
import { FormedCluster, formWithRoot, startCluster, TestCluster, until } from './support/cluster';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

interface Row { check: string; subject: string; status: string; detail: string; fix: string }

/** The doctor table's rows, cut at the header's column starts. */
function rowsOf(stdout: string): Row[] {
  const [header, , ...lines] = stdout.split('\n');
  const starts = ['CHECK', 'SUBJECT', 'STATUS', 'DETAIL', 'FIX'].map((n) => header.indexOf(n));
  return lines.filter((l) => l.trim()).map((line) => {
    const [check, subject, status, detail, fix] = starts.map((s, i) => line.slice(s, starts[i + 1]).trim());
    return { check, subject, status, detail, fix };
  });
}

const IDS = ['hoodcloud-vault-1', 'hoodcloud-vault-2', 'hoodcloud-vault-3'];
let cluster: TestCluster;
let formed: FormedCluster;
let cli: CliRunner;
let tokenFile: string;
let dev: RunningServer | undefined;
const figures: Record<string, number> = {};

async function clusterRows(): Promise<Row[]> {
  const run = await cli.run(['doctor', '--token-file', tokenFile, '--server-json', cluster.serverJson, '--config-json', cluster.configJson]);
  // Only the cluster rows matter here: the configuration is not applied, so the role checks fail.
  expect(run.code).toBe(1);
  return rowsOf(run.stdout).filter((r) => r.check === 'cluster');
}
const brief = (rows: readonly Row[]) => rows.map((r) => `${r.status} ${r.subject}`);

beforeAll(async () => {
  cluster = await startCluster('doctor');
  formed = await formWithRoot(cluster);
  tokenFile = path.join(cluster.base, 'root-token');
  fs.writeFileSync(tokenFile, `${formed.rootToken}\n`, { mode: 0o600 });
  cli = cliRunner({ VAULT_ADDR: cluster.nodes[0].apiAddr, VAULT_CACERT: cluster.tls.caFile });
});

afterAll(async () => {
  await cluster?.stop();
  await dev?.stop();
  console.log(`doctor cluster figures (ms): ${JSON.stringify(figures)}`);
});

describe('doctor: the raft cluster', () => {
  test('GIVEN three nodes, every one a healthy voter WHEN doctor runs with the server stack THEN the leader, each declared node and failure tolerance 1 are ok', async () => {
    const rows = await clusterRows();
    console.log(rows.map((r) => `${r.check}  ${r.subject}  ${r.status}  ${r.detail}`).join('\n'));
    expect(brief(rows)).toEqual(['ok leader', ...IDS.map((id) => `ok ${id}`), 'ok failure tolerance']);
    expect(rows[0].detail).toBe(`hoodcloud-vault-1, asked through ${cluster.nodes[0].apiAddr}`);
    expect(rows[1].detail).toMatch(/^leader at 127\.0\.0\.1:\d+, healthy/);
    expect(rows[2].detail).toMatch(/^voter at 127\.0\.0\.2:\d+, healthy/);
    expect(rows[4].detail).toBe('failure tolerance 1, 3 voters: 3 nodes need 1');
  });

  test('GIVEN the third node killed WHEN autopilot marks it unhealthy and doctor runs THEN that node and the failure tolerance (0) warn with the unseal fix; restarted and unsealed, all ok again', async () => {
    const third = cluster.nodes[2];
    await third.kill();
    const root = cluster.nodes[0].client(formed.rootToken);
    figures.untilUnhealthy = await until('autopilot marks hoodcloud-vault-3 unhealthy', async () => {
      const ap = (await readClusterView(root)).autopilot;
      return ap?.servers.find((s) => s.id === third.nodeId)?.healthy === false && ap.failureTolerance === 0;
    }, 60_000, 500);
    const rows = await clusterRows();
    console.log(rows.map((r) => `${r.check}  ${r.subject}  ${r.status}  ${r.detail}  ${r.fix}`).join('\n'));
    expect(brief(rows)).toEqual(['ok leader', `ok ${IDS[0]}`, `ok ${IDS[1]}`, `warn ${IDS[2]}`, 'warn failure tolerance']);
    expect(rows[3].detail).toMatch(/^voter at 127\.0\.0\.3:\d+, unhealthy: node status \S+/);
    expect(rows[3].fix).toContain(`npm run ops -- unseal --server-json ${cluster.serverJson}`);
    expect(rows[4].detail).toBe('failure tolerance 0, 3 voters: 3 nodes need 1; losing any voter stops writes');

    await third.start();
    for (const share of formed.shares.slice(0, 3)) await submitShare(third.client(), share);
    figures.untilHealthyAgain = await until('hoodcloud-vault-3 healthy again', async () => {
      const ap = (await readClusterView(root)).autopilot;
      return ap?.healthy === true && ap.failureTolerance === 1;
    }, 60_000, 500);
    expect(brief(await clusterRows())).toEqual(['ok leader', ...IDS.map((id) => `ok ${id}`), 'ok failure tolerance']);
  });

  test('GIVEN a dev server (in-memory storage) WHEN doctor runs THEN the cluster check has nothing to do', async () => {
    dev = await startDevServer();
    const run = await cliRunner({ VAULT_ADDR: dev.address, VAULT_TOKEN: dev.rootToken! }).run(['doctor']);
    const rows = rowsOf(run.stdout).filter((r) => r.check === 'cluster');
    expect(rows).toEqual([{ check: 'cluster', subject: dev.address, status: 'ok', detail: 'inmem storage: a single server, no raft cluster; nothing to do', fix: '' }]);
  });

  test('GIVEN every doctor run WHEN its transcript is searched THEN the root token and the shares never appear', () => {
    const text = cli.transcript.join('\n');
    expect(text.length).toBeGreaterThan(0);
    expect([formed.rootToken, ...formed.shares].filter((s) => text.includes(s))).toEqual([]);
  });
});
