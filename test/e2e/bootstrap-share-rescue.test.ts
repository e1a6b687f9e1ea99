// A share that cannot be written after sys/init is shown, never dropped, and the ceremony can be
// finished with --resume. The failure is injected where no check can prevent it: right after the
// pre-checks, as sys/init is sent, --out-dir is swapped for a regular file (a race with another
// process; every write below it then fails, for root too). Then: --resume on a server that refuses
// sys/generate-root (OpenBao's default) says what to change; with the listener changed it finishes
// and revokes every root token, the one sys/init issued included.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { ceremonyLayout, CeremonyLayout } from '../../cli/bootstrap/ceremony-files';
import { BootstrapObjects, readBootstrapObjects } from '../../cli/bootstrap/declared-objects';
import { CliRunner } from '../cli/support/run-cli';
import { serverJsonBeside } from '../cli/support/prod-config';
import { CeremonyScene, CeremonyServer, serverLogs, startCeremonyScene } from './support/ceremony-server';
import { inspectHandedOver } from './support/ceremony-checks';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let scene: CeremonyScene;
let base: string;
let server: CeremonyServer;
let cli: CliRunner;
let configJsonFile: string;
let objects: BootstrapObjects;
let layout: CeremonyLayout;
let initRootToken = '';
let shown: string[] = [];
let rescueRun = '';

beforeAll(async () => {
  scene = await startCeremonyScene('hoodcloud-rescue-', { allowGenerateRoot: false });
  ({ base, server, configJsonFile, cli } = scene);
  objects = readBootstrapObjects(configJsonFile);
  layout = ceremonyLayout(path.join(base, 'ceremony'));
});

afterAll(async () => {
  await scene?.stop();
});

describe('a share write that fails after sys/init', () => {
  test('GIVEN --out-dir swapped for a file as sys/init is sent WHEN bootstrap writes the shares THEN all five are shown once with a warning and it stops, saying how to resume', async () => {
    const original = VaultClient.prototype.put;
    const spy = vi.spyOn(VaultClient.prototype, 'put').mockImplementation(async function (this: VaultClient, p: string, body?: unknown, o?: object) {
      if (p === 'sys/init') {
        fs.renameSync(layout.outDir, `${layout.outDir}.moved`);
        fs.writeFileSync(layout.outDir, 'in the way');
      }
      const res = await original.call(this, p, body, o);
      if (p === 'sys/init') initRootToken = String((res as { root_token?: string }).root_token);
      return res;
    });
    let run;
    try {
      run = await cli.run(['bootstrap', '--out-dir', layout.outDir, '--config-json', configJsonFile, '--server-json', serverJsonBeside(configJsonFile)]);
    } finally {
      spy.mockRestore();
    }
    rescueRun = run.stderr;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('!!! 5 OF 5 UNSEAL SHARES COULD NOT BE SAVED: COPY THEM NOW, THIS IS THEIR ONLY COPY !!!');
    expect(run.stderr).toContain('They could not be written to --out-dir (a part of the path is a file, not a directory).');
    shown = [1, 2, 3, 4, 5].map((n) => new RegExp(`^  unseal share ${n} of 5: (\\S+)$`, 'm').exec(run.stderr)?.[1] ?? '');
    expect(shown.every((s) => s.length > 20)).toBe(true);
    for (const s of shown) expect(run.stderr.split(s)).toHaveLength(2); // each exactly once
    expect(run.stderr).toContain(`error: the ceremony stopped after initializing the server: share(s) 1, 2, 3, 4, 5 could not be written to ${layout.outDir}`);
    expect(run.stderr).toContain(`finish with \`bootstrap --resume --out-dir ${layout.outDir}\``);
    expect(run.stderr).not.toContain('[4/11]');
    expect(initRootToken).toMatch(/^s\./);
    expect(run.stderr).not.toContain(initRootToken);
    expect(await server.client().get('sys/seal-status')).toMatchObject({ initialized: true, sealed: true });
  });

  test('GIVEN the shares saved by the operator WHEN --resume runs on a server that refuses sys/generate-root THEN it unseals and says which listener setting to change', async () => {
    fs.rmSync(layout.outDir);
    fs.renameSync(`${layout.outDir}.moved`, layout.outDir);
    shown.forEach((s, i) => fs.writeFileSync(layout.clearShares[i], `${s}\n`, { mode: 0o600 }));
    const run = await cli.run(['bootstrap', '--resume', '--out-dir', layout.outDir, '--config-json', configJsonFile, '--server-json', serverJsonBeside(configJsonFile)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unseal progress 3 of 3: unsealed');
    expect(run.stderr).toContain('refuses sys/generate-root (HTTP 405)');
    expect(run.stderr).toContain('set `disable_unauthed_generate_root_endpoints = false` in the server\'s tcp listener and restart it');
  });

  test('GIVEN the listener allows root generation WHEN --resume runs again THEN it unseals the restarted server, finishes every step and revokes the root token sys/init issued', async () => {
    await server.restart({ allowGenerateRoot: true });
    const run = await cli.run(['bootstrap', '--resume', '--out-dir', layout.outDir, '--config-json', configJsonFile, '--server-json', serverJsonBeside(configJsonFile)]);
    expect(run.stderr).toContain('[11/11] Revoking every root token (this one and any the interrupted run left)');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('also revoked, left by the interrupted run: 1 other root token(s)');
    expect(run.stdout).toContain('Bootstrap complete. Hand-over:');
    expect((await server.client(initRootToken).raw('GET', 'auth/token/lookup-self')).status).toBe(403);
    const seen = await inspectHandedOver(server.client(), layout, objects);
    expect(seen.otherTokens).toEqual([]);

    const transcript = cli.transcript.join('\n');
    const everyOther = cli.transcript.filter((t) => !t.includes(rescueRun)).join('\n');
    expect([initRootToken, ...seen.secrets.slice(5)].filter((s) => transcript.includes(s))).toEqual([]);
    expect(shown.filter((s) => everyOther.includes(s))).toEqual([]); // the shares: only in the deliberate display
    expect([initRootToken, ...seen.secrets].filter((s) => serverLogs(server.dir).includes(s))).toEqual([]);
  });
});
