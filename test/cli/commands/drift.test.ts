// `ops drift` without a server: help and usage errors, each before anything is asked of a server.
// Against a real server: test/e2e/drift-command.test.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliRunner } from '../support/run-cli';

describe('drift command', () => {
  const cli = cliRunner({});
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-drift-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN --help WHEN run THEN it prints the usage with the default config stack and the exit codes (exit 0)', async () => {
    const run = await cli.run(['drift', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: hoodcloud-ops drift [options]');
    const text = run.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('(default: "cdktf.out/stacks/prod-config/cdk.tf.json")');
    expect(text).toContain('Exit 0: no drift; 1: drift found (or the server could not be read); 2: bad usage');
    expect((await cli.run(['--help'])).stdout).toMatch(/drift \[options\]\s+compare the live server with the synthesized\s+configuration/);
  });

  test('GIVEN a config stack that does not exist WHEN run THEN the flag and file are named (exit 2)', async () => {
    const missing = path.join(dir, 'missing.json');
    const run = await cli.run(['drift', '--config-json', missing, '--address', 'http://127.0.0.1:1']);
    expect(run.stderr).toContain(`error: --config-json: "${missing}" does not exist; run \`npm run synth\` first`);
    expect(run.code).toBe(2);
  });

  test('GIVEN no server address WHEN run THEN it says to pass --address or set VAULT_ADDR (exit 2)', async () => {
    const file = path.join(dir, 'stack.json');
    fs.writeFileSync(file, JSON.stringify({ resource: {} }));
    const run = await cli.run(['drift', '--config-json', file]);
    expect(run.stderr).toContain('error: no server address: pass --address https://<host>:<port> or set VAULT_ADDR');
    expect(run.code).toBe(2);
  });

  test('GIVEN no credentials WHEN run THEN it asks for a token or --approle-dir (exit 2)', async () => {
    const file = path.join(dir, 'stack.json');
    fs.writeFileSync(file, JSON.stringify({ resource: {} }));
    const run = await cli.run(['drift', '--config-json', file, '--address', 'http://127.0.0.1:1']);
    expect(run.stderr).toContain('error: this command needs a token: pass --token-file <file>, --approle-dir <dir> or set VAULT_TOKEN');
    expect(run.code).toBe(2);
  });
});
