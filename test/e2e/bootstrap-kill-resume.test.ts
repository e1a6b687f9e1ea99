// The CLI killed at each step of the ceremony, as a real process (`npx tsx cli/main.ts bootstrap`,
// SIGKILL to its process group right after it prints "[n/11]"), then `bootstrap --resume`: the run
// completes and leaves exactly the declared objects, one admin secret ID (the one in the file), the
// five share files and no token alive. Killed during sys/init (step 2), the shares are lost with the
// process: --resume says so and what to do, and wiping the storage as it says lets the ceremony run
// again. SIGTERM during sys/init is held until the shares are saved. Each run gets its own server.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ceremonyLayout, CeremonyLayout } from '../../cli/bootstrap/ceremony-files';
import { BootstrapObjects, readBootstrapObjects } from '../../cli/bootstrap/declared-objects';
import { cliRunner } from '../cli/support/run-cli';
import { makeTestTls, TestTls } from '../cli/support/tls';
import { serverJsonAt, serverJsonBeside, synthesizeProdConfig } from '../cli/support/prod-config';
import { CeremonyServer, serverLogs, startCeremonyServer } from './support/ceremony-server';
import { inspectHandedOver } from './support/ceremony-checks';
import { spawnCli } from './support/cli-process';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 180_000 });

let base: string;
let tls: TestTls;
let configJsonFile: string;
let objects: BootstrapObjects;
const servers: CeremonyServer[] = [];
const timings: Record<string, number> = {};

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-kill-'));
  tls = makeTestTls(path.join(base, 'tls'));
  fs.mkdirSync(path.join(base, 'audit'));
  // the stack's provider address does not matter to bootstrap: every server below uses this one file
  configJsonFile = synthesizeProdConfig(path.join(base, 'cdktf.out'), path.join(base, 'audit', 'audit.log'), 'https://127.0.0.1:8200');
  objects = readBootstrapObjects(configJsonFile);
});

afterAll(async () => {
  for (const s of servers) await s.stop();
  if (base) fs.rmSync(base, { recursive: true, force: true });
  console.log(`kill and resume timings (ms): ${JSON.stringify(timings)}`);
});

interface Scenario {
  readonly server: CeremonyServer;
  readonly layout: CeremonyLayout;
  readonly env: Record<string, string>;
  /** The prod-server stack declaring this server alone. */
  readonly serverJson: string;
}

async function scenario(name: string): Promise<Scenario> {
  const server = await startCeremonyServer(path.join(base, name, 'server'), tls, { allowGenerateRoot: true });
  servers.push(server);
  const serverJson = serverJsonAt(serverJsonBeside(configJsonFile), server.address, path.join(base, name, 'server.cdk.tf.json'));
  return { server, layout: ceremonyLayout(path.join(base, name, 'ceremony')), env: { VAULT_ADDR: server.address, VAULT_CACERT: tls.caFile }, serverJson };
}

/** Starts bootstrap as a process, sends `signal` to it `delayMs` after "[step/11]"; returns what it printed. */
async function interrupt(s: Scenario, step: number, signal: NodeJS.Signals, delayMs = 0) {
  const proc = spawnCli(['bootstrap', '--out-dir', s.layout.outDir, '--config-json', configJsonFile, '--server-json', s.serverJson], s.env);
  await proc.waitForLine(new RegExp(`^\\[${step}/11\\] `));
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  proc.signal(signal);
  return proc.exited;
}

/** Runs --resume in-process and checks the server was handed over exactly; returns everything printed. */
async function resumeAndInspect(s: Scenario, printed: string) {
  const cli = cliRunner(s.env);
  const t0 = Date.now();
  const run = await cli.run(['bootstrap', '--resume', '--out-dir', s.layout.outDir, '--config-json', configJsonFile, '--server-json', s.serverJson]);
  const resumeMs = Date.now() - t0;
  expect(run.stderr).toContain('[11/11] Revoking');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Bootstrap complete. Hand-over:');
  const seen = await inspectHandedOver(s.server.client(), s.layout, objects);
  expect(seen.otherTokens).toEqual([]);
  const output = [printed, ...cli.transcript].join('\n');
  expect(seen.secrets.filter((v) => output.includes(v))).toEqual([]);
  expect(seen.secrets.filter((v) => serverLogs(s.server.dir).includes(v))).toEqual([]);
  return { run, resumeMs };
}

describe('the CLI killed at each step, then --resume', () => {
  for (const step of [1, 3, 4, 5, 6, 7, 8, 9, 10, 11]) {
    test(`GIVEN bootstrap killed (SIGKILL) right after "[${step}/11]" WHEN --resume runs THEN the ceremony completes, exactly as declared, no token alive`, async () => {
      const s = await scenario(`step-${step}`);
      const killed = await interrupt(s, step, 'SIGKILL');
      expect(killed.signal ?? killed.code).toBe('SIGKILL');
      const { run, resumeMs } = await resumeAndInspect(s, `${killed.stdout}\n${killed.stderr}`);
      timings[`resume after kill at ${step}`] = resumeMs;
      if (step === 1) expect(run.stderr).toContain('is not initialized: the ceremony never got past step 1 on it; running it from the start');
      else expect(run.stderr).toContain('[4/11] Regenerating a root token from 3 shares (sys/generate-root; kept in memory only)');
      // After "[10/11]" (the cluster step, instant with one node) the revocation may already be under way when the kill lands.
      if (step >= 3 && step <= 9) expect(run.stderr).toMatch(/also revoked, left by the interrupted run: 1 other root token\(s\)/);
    });
  }

  test('GIVEN bootstrap killed (SIGKILL) during sys/init (1 s after "[2/11]") WHEN --resume runs THEN it says the shares died with the process and to wipe the storage; done, the ceremony runs again', async () => {
    const s = await scenario('step-2');
    // init takes seconds on raft: one second in, the request is with the server (killed at once, it may not have left)
    const killed = await interrupt(s, 2, 'SIGKILL', 1000);
    expect(killed.signal ?? killed.code).toBe('SIGKILL');
    // the server finishes the init its client no longer waits for
    for (let i = 0; i < 120 && !(await s.server.client().get<{ initialized: boolean }>('sys/seal-status')).initialized; i++) await new Promise((r) => setTimeout(r, 250));
    expect(await s.server.client().get('sys/seal-status')).toMatchObject({ initialized: true, sealed: true });
    expect(fs.readdirSync(s.layout.outDir).sort()).toEqual(['admin']);

    const cli = cliRunner(s.env);
    const resume = await cli.run(['bootstrap', '--resume', '--out-dir', s.layout.outDir, '--config-json', configJsonFile, '--server-json', s.serverJson]);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toContain(`error: no unseal share of this server is at hand: ${s.layout.outDir} holds no share file and no staged shares`);
    expect(resume.stderr).toContain('the server\'s answer was the only copy of the shares and it is lost');
    expect(resume.stderr).toContain('wipe its raft data directory');

    await s.server.wipe();
    const again = await cli.run(['bootstrap', '--out-dir', s.layout.outDir, '--config-json', configJsonFile, '--server-json', s.serverJson]);
    expect(again.code).toBe(0);
    const seen = await inspectHandedOver(s.server.client(), s.layout, objects);
    expect(seen.otherTokens).toEqual([]);
    expect(seen.secrets.filter((v) => cli.transcript.join('\n').includes(v))).toEqual([]);
  });

  test('GIVEN SIGTERM during sys/init (1 s after "[2/11]") WHEN the CLI gets it THEN it saves every share before stopping, and --resume completes', async () => {
    const s = await scenario('sigterm-2');
    const stopped = await interrupt(s, 2, 'SIGTERM', 1000);
    expect(stopped.stderr).toContain('SIGTERM received: the server is initializing and its answer is the only copy of the unseal shares: they are saved first; stopping right after that');
    expect(stopped.stderr).toContain('[3/11] Writing each unseal share once (mode 0600)');
    expect(stopped.stderr).toContain(`error: interrupted by SIGTERM after the shares were saved; the server is initialized and sealed: finish with \`bootstrap --resume --out-dir ${s.layout.outDir}\``);
    expect(stopped.stderr).not.toContain('[4/11]');
    expect(s.layout.clearShares.every((f) => fs.existsSync(f))).toBe(true);
    expect(fs.existsSync(s.layout.stagedShares)).toBe(false);
    await resumeAndInspect(s, `${stopped.stdout}\n${stopped.stderr}`);
  });
});
