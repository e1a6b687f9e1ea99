// The secrets commands' usage errors: each is found before the CLI connects (no server address is
// given, so a connection attempt would fail differently), names the flag and what is expected.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliRunner } from '../support/run-cli';

const cli = cliRunner({});
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-secrets-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('secrets rotate, rollback and versions: usage', () => {
  test('GIVEN --help on each new command WHEN run THEN it prints its usage and exits 0', async () => {
    for (const cmd of ['rotate', 'rollback', 'versions']) {
      const run = await cli.run(['secrets', cmd, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: hoodcloud-ops secrets ${cmd} [options] <path>`);
    }
  });

  test('GIVEN a path outside the catalog WHEN rotating THEN the catalog paths are listed', async () => {
    const run = await cli.run(['secrets', 'rotate', 'hoodcloud/auth-server/jwt-typo']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: <path>: "hoodcloud/auth-server/jwt-typo" is not a secret of the catalog; expected one of hoodcloud/control-plane/database,');
  });

  test.each(['1e4', '4096.0', ' 4096', '0x1000', '1024', '16384'])('GIVEN --rsa-bits %j WHEN seeding or rotating THEN it is refused at once, naming the flag', async (bits) => {
    for (const args of [['secrets', 'seed', '--env', 'dev'], ['secrets', 'rotate', 'hoodcloud/auth-server/jwt']]) {
      const run = await cli.run([...args, '--rsa-bits', bits]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^error: --rsa-bits: .* (is not an integer|is out of range); expected an integer from 2048 to 8192/);
    }
  });

  test('GIVEN --grace over 25h WHEN rotating or rolling back THEN the bound is named', async () => {
    for (const args of [['secrets', 'rotate', 'hoodcloud/auth-server/jwt'], ['secrets', 'rollback', 'hoodcloud/auth-server/jwt', '--to', '1']]) {
      const run = await cli.run([...args, '--grace', '48h']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('error: --grace: "48h" is longer than 25h');
    }
  });

  test('GIVEN --to that is not a version WHEN rolling back THEN --to is named', async () => {
    const run = await cli.run(['secrets', 'rollback', 'hoodcloud/auth-server/jwt', '--to', 'latest']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --to: "latest" is not an integer; expected an integer from 1 to');
  });

  test('GIVEN --values naming other secrets too, or a directory WHEN rotating THEN it is refused before connecting', async () => {
    const file = path.join(dir, 'values.json');
    fs.writeFileSync(file, JSON.stringify({ 'hoodcloud/auth-server/database': { password: 'p'.repeat(20) }, 'hoodcloud/payment-service/database': {} }), { mode: 0o600 });
    const run = await cli.run(['secrets', 'rotate', 'hoodcloud/auth-server/database', '--values', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --values: the file also holds values for hoodcloud/payment-service/database; a rotation changes one secret: give a file with "hoodcloud/auth-server/database" only');
    expect(run.stderr).not.toContain('pppp');
    const asDir = await cli.run(['secrets', 'rotate', 'hoodcloud/auth-server/database', '--values', dir]);
    expect(asDir.code).toBe(2);
    expect(asDir.stderr).toContain(`error: --values: "${dir}" is a directory; expected a JSON file`);
  });

  test('GIVEN --values of seed pointing at a directory WHEN seeding THEN it says so (no EISDIR)', async () => {
    const run = await cli.run(['secrets', 'seed', '--env', 'dev', '--values', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: --values: "${dir}" is a directory; expected a JSON file {"<path>": {"<field>": value}}`);
    const missing = await cli.run(['secrets', 'seed', '--env', 'dev', '--values', path.join(dir, 'nope.json')]);
    expect(missing.stderr).toBe(`error: --values: cannot read "${path.join(dir, 'nope.json')}": it does not exist; expected a JSON file {"<path>": {"<field>": value}}`);
  });
});
