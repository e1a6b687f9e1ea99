// The CLI's usage errors and failures: exit codes, messages naming field, value and expectation.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliRunner } from './support/run-cli';

describe('CLI errors', () => {
  let dir: string;
  let tokenFile: string;
  const cli = cliRunner({});
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-cli-'));
    tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, 'some-token');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN --help on every command WHEN run THEN each prints usage and exits 0', async () => {
    for (const cmd of [[], ['bootstrap'], ['unseal'], ['login'], ['secrets'], ['secrets', 'seed'], ['secrets', 'check'], ['credentials'], ['credentials', 'issue'], ['credentials', 'rotate'], ['credentials', 'status'], ['credentials', 'destroy'], ['credentials', 'env']]) {
      const run = await cli.run([...cmd, '--help']);
      expect({ cmd, code: run.code }).toEqual({ cmd, code: 0 });
      expect(run.stdout).toContain(`Usage: hoodcloud-ops${cmd.length ? ` ${cmd.join(' ')}` : ''}`);
    }
  });

  test('GIVEN an unknown command WHEN run THEN it exits 2 with a hint', async () => {
    const run = await cli.run(['unsael']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: unknown command 'unsael'");
    expect(run.stderr).toContain('(Did you mean unseal?)');
  });

  test('GIVEN seed without --env WHEN run THEN the missing option is named', async () => {
    const run = await cli.run(['secrets', 'seed']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: required option '--env <env>' not specified");
  });

  test('GIVEN an invalid --env WHEN run THEN the allowed choices are listed', async () => {
    const run = await cli.run(['secrets', 'seed', '--env', 'staging']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("argument 'staging' is invalid. Allowed choices are dev, e2e, prod.");
  });

  test('GIVEN --rsa-bits below 2048 WHEN run THEN it names the option, value and range', async () => {
    const run = await cli.run(['secrets', 'seed', '--env', 'dev', '--rsa-bits', '1024', '--address', 'http://127.0.0.1:8228', '--token-file', tokenFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--rsa-bits: 1024 is out of range; expected an integer from 2048 to 8192');
  });

  test('GIVEN an unknown --service WHEN checking THEN the services are listed', async () => {
    const run = await cli.run(['secrets', 'check', '--service', 'billing', '--address', 'http://127.0.0.1:8228', '--token-file', tokenFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--service: "billing" unknown; expected one of control-plane, auth-server, payment-service');
  });

  test('GIVEN no token WHEN a command needs one THEN it says how to give one', async () => {
    const run = await cli.run(['secrets', 'check', '--address', 'http://127.0.0.1:8228']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('this command needs a token: pass --token-file <file>, --approle-dir <dir> or set VAULT_TOKEN');
  });

  test('GIVEN nothing listening WHEN a command connects THEN the error says it cannot connect and names --address / VAULT_ADDR', async () => {
    const run = await cli.run(['secrets', 'check', '--address', 'http://127.0.0.1:8228', '--token-file', tokenFile]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: cannot connect to the Vault server at 127\.0\.0\.1:\d+ \(connection refused: nothing listens there\); check --address \/ VAULT_ADDR/);
    expect(run.stderr).not.toContain('some-token');
  });

  test('GIVEN a malformed --grace WHEN rotating THEN the duration format is explained', async () => {
    const run = await cli.run(['credentials', 'rotate', '--role', 'r', '--out-dir', dir, '--grace', '30 sec', '--address', 'http://127.0.0.1:8228', '--token-file', tokenFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--grace: "30 sec" is not a duration; expected seconds or a number with a unit ns, us, ms, s, m, h or d (e.g. 30s, 5m, 1h30m, 7d)');
  });

  test('GIVEN a malformed --cidr WHEN issuing THEN the CIDR format is explained', async () => {
    const run = await cli.run(['credentials', 'issue', '--role', 'r', '--out-dir', dir, '--cidr', '10.0.0.300/32', '--address', 'http://127.0.0.1:8228', '--token-file', tokenFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--cidr: "10.0.0.300/32" is not a CIDR block');
  });

  test('GIVEN a world-readable --file-mode WHEN issuing THEN it refuses', async () => {
    const run = await cli.run(['credentials', 'issue', '--role', 'r', '--out-dir', dir, '--file-mode', '0644', '--address', 'http://127.0.0.1:8228', '--token-file', tokenFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--file-mode: 0644 lets others read or write the secret');
  });

  test('GIVEN a --warn-before that is not a duration WHEN asking status THEN it is explained', async () => {
    const run = await cli.run(['credentials', 'status', '--warn-before', 'soon', '--address', 'http://127.0.0.1:8228', '--token-file', tokenFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--warn-before: "soon" is not a duration');
  });

  test('GIVEN bootstrap without a synthesized stack WHEN run THEN it says to synth first', async () => {
    const run = await cli.run(['bootstrap', '--out-dir', path.join(dir, 'c'), '--config-json', path.join(dir, 'none.json'), '--address', 'https://127.0.0.1:8228']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--config-json: "${path.join(dir, 'none.json')}" does not exist; run \`npm run synth\` first`);
    expect(fs.existsSync(path.join(dir, 'c'))).toBe(false);
  });

  test('GIVEN bootstrap with 2 PGP keys WHEN run THEN it asks for one per share before reading anything', async () => {
    const run = await cli.run(['bootstrap', '--out-dir', path.join(dir, 'c'), '--pgp-key', 'k1', '--pgp-key', 'k2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--pgp-key: 2 keys given, expected 5 (one per custodian, in share order)');
  });

  test('GIVEN login without --approle-dir WHEN run THEN it says what it needs', async () => {
    const run = await cli.run(['login', '--token-out', path.join(dir, 't'), '--address', 'http://127.0.0.1:8228']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('login needs --approle-dir <dir>');
  });

  test('GIVEN no server listening WHEN unseal runs THEN it fails with exit 1 and the connection error', async () => {
    const run = await cli.run(['unseal', '--share-file', path.join(dir, 'missing-share'), '--address', 'http://127.0.0.1:8228']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot connect to the Vault server');
  });
});
