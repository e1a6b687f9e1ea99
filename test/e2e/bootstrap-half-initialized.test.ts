// The server killed (SIGKILL) during sys/init: raft has bootstrapped its cluster but the keys were
// never stored, so after a restart the server is uninitialized and refuses every new init with
// "cluster already has state". Reproduced for real: bootstrap runs as a process, the server is
// killed one second after "[2/11]" (init takes seconds on raft). The CLI explains the broken
// connection, bootstrap (and --resume) explain the half-initialized storage and that wiping it is
// safe only when no share was written; wiping it as they say lets the ceremony run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ceremonyLayout, CeremonyLayout } from '../../cli/bootstrap/ceremony-files';
import { readBootstrapObjects } from '../../cli/bootstrap/declared-objects';
import { CliRunner } from '../cli/support/run-cli';
import { TestTls } from '../cli/support/tls';
import { serverJsonBeside } from '../cli/support/prod-config';
import { CeremonyScene, CeremonyServer, startCeremonyScene } from './support/ceremony-server';
import { inspectHandedOver } from './support/ceremony-checks';
import { spawnCli } from './support/cli-process';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let scene: CeremonyScene;
let base: string;
let tls: TestTls;
let server: CeremonyServer;
let cli: CliRunner;
let configJsonFile: string;
let layout: CeremonyLayout;

beforeAll(async () => {
  scene = await startCeremonyScene('hoodcloud-half-init-', { allowGenerateRoot: true });
  ({ base, tls, server, configJsonFile, cli } = scene);
  layout = ceremonyLayout(path.join(base, 'ceremony'));
});

afterAll(async () => {
  await scene?.stop();
});

const noShareWritten = () => expect(fs.readdirSync(layout.outDir).sort()).toEqual(['admin']);

describe('the server killed during sys/init', () => {
  test('GIVEN bootstrap waiting for sys/init WHEN the server is killed THEN the CLI says the connection broke during init and to run --resume', async () => {
    const proc = spawnCli(['bootstrap', '--out-dir', layout.outDir, '--config-json', configJsonFile, '--server-json', serverJsonBeside(configJsonFile)], { VAULT_ADDR: server.address, VAULT_CACERT: tls.caFile });
    await proc.waitForLine(/^\[2\/11\] Initializing/);
    await new Promise((r) => setTimeout(r, 1000));
    await server.kill();
    const done = await proc.exited;
    expect(done.code).toBe(1);
    expect(done.stderr).toContain(`error: the connection to ${server.address} broke during sys/init`);
    expect(done.stderr).toContain(`\`bootstrap --resume --out-dir ${layout.outDir}\` tells which case it is and what to do`);
    noShareWritten();
  });

  test('GIVEN the restarted server WHEN --resume and bootstrap run THEN both explain "cluster already has state", that nothing was written and when wiping is safe', async () => {
    await server.restart();
    expect(await server.client().get('sys/seal-status')).toMatchObject({ initialized: false, sealed: true });
    for (const args of [['--resume'], []]) {
      const run = await cli.run(['bootstrap', ...args, '--out-dir', layout.outDir, '--config-json', configJsonFile, '--server-json', serverJsonBeside(configJsonFile)]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`error: the server at ${server.address} refuses to initialize: its raft storage says "cluster already has state" although it is not initialized.`);
      expect(run.stderr).toContain('Nothing was written by this run.');
      expect(run.stderr).toContain(`Safe only when no share was ever written or shown for this server (${layout.outDir} and any earlier --out-dir hold no unseal-share file, no staged shares)`);
      expect(run.stderr).toContain('wipe its raft data directory');
      expect(run.stderr).not.toContain('[3/11]');
      noShareWritten();
      expect(await server.client().get('sys/seal-status')).toMatchObject({ initialized: false });
    }
  });

  test('GIVEN the raft directory wiped as the message says WHEN bootstrap runs THEN the ceremony completes', async () => {
    await server.wipe();
    const run = await cli.run(['bootstrap', '--out-dir', layout.outDir, '--config-json', configJsonFile, '--server-json', serverJsonBeside(configJsonFile)]);
    expect(run.code).toBe(0);
    const seen = await inspectHandedOver(server.client(), layout, readBootstrapObjects(configJsonFile));
    expect(seen.otherTokens).toEqual([]);
    expect(seen.secrets.filter((v) => cli.transcript.join('\n').includes(v))).toEqual([]);
  });
});
