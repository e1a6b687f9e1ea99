// `doctor` flags without a server: help and usage errors (exit 2, naming flag and value). Against a
// real server: test/e2e/doctor.test.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DOCTOR_CHECKS } from '../../../cli/doctor/checks';
import { cliRunner } from '../support/run-cli';

describe('doctor command', () => {
  const cli = cliRunner({ VAULT_ADDR: 'http://127.0.0.1:1' });
  let dir: string;
  let tokenFile: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-doctor-cli-'));
    tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, 'some-token');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN --help WHEN run THEN it lists the checks, the flags and the exit codes; the program lists doctor', async () => {
    const run = await cli.run(['doctor', '--help']);
    expect(run.code).toBe(0);
    for (const text of ['Usage: hoodcloud-ops doctor', '--host <ip>', '--credentials-dir <dir>', '--audit-log <file>', '--config-json <file>', '--cert-warn-before', '--credentials-warn-before', 'Exits 1 on any FAIL, 3 on warnings only']) {
      expect(run.stdout).toContain(text);
    }
    expect((await cli.run(['--help'])).stdout).toMatch(/doctor \[options\]\s+diagnose a live server/);
  });

  test('GIVEN a --host that is a block or not an address WHEN run THEN exit 2 naming the flag and value', async () => {
    for (const host of ['127.0.0.0/8', 'vault.internal']) {
      const run = await cli.run(['doctor', '--host', host, '--token-file', tokenFile]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--host: "${host}" is not an IP address; expected one address such as 10.0.1.5 or 2001:db8::5 (no prefix length)`);
    }
  });

  test('GIVEN a bad window WHEN run THEN exit 2 naming the flag', async () => {
    const run = await cli.run(['doctor', '--cert-warn-before', 'soon', '--token-file', tokenFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--cert-warn-before: "soon" is not a duration');
  });

  test('GIVEN no credentials WHEN run THEN exit 2 saying how to authenticate', async () => {
    const run = await cli.run(['doctor']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('doctor reads the configuration as the admin: pass --approle-dir <dir> or --token-file <file> (or set VAULT_TOKEN)');
  });

  test('GIVEN a --config-json that does not exist WHEN run THEN exit 2 naming it', async () => {
    const run = await cli.run(['doctor', '--config-json', path.join(dir, 'nope.json'), '--token-file', tokenFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--config-json: "${path.join(dir, 'nope.json')}" does not exist`);
  });

  test('GIVEN the runbook WHEN read THEN its Diagnostics section names every check doctor runs', () => {
    const runbook = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'runbook.md'), 'utf8');
    const section = runbook.slice(runbook.indexOf('## Diagnostics: ops doctor'));
    expect(section.length).toBeGreaterThan(100);
    for (const check of DOCTOR_CHECKS) expect(section).toContain(`\`${check.id}`);
  });
});
