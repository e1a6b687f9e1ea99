// The snapshot commands without a server: help, usage errors, offline verify, and that a failed
// save leaves nothing behind. Against a real server: test/e2e/snapshot-drill.test.ts.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliRunner } from '../support/run-cli';
import { fakeSnapshot } from '../snapshot/support/fake-snapshot';

describe('snapshot commands', () => {
  let dir: string;
  let tokenFile: string;
  const cli = cliRunner({});
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-snapshot-cli-'));
    tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, 'some-token');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** An address where nothing listens (a port the OS gave out and that was closed again). */
  async function deadAddress(): Promise<string> {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const { port } = srv.address() as net.AddressInfo;
    await new Promise((r) => srv.close(r));
    return `http://127.0.0.1:${port}`;
  }

  test('GIVEN --help on each snapshot command WHEN run THEN each prints usage and exits 0', async () => {
    for (const cmd of [['snapshot'], ['snapshot', 'save'], ['snapshot', 'verify'], ['snapshot', 'restore']]) {
      const run = await cli.run([...cmd, '--help']);
      expect({ cmd, code: run.code }).toEqual({ cmd, code: 0 });
      expect(run.stdout).toContain(`Usage: hoodcloud-ops ${cmd.join(' ')}`);
    }
    expect((await cli.run(['--help'])).stdout).toMatch(/snapshot\s+raft snapshots: save \(backup\), verify a copy, restore\s+onto a fresh server/);
  });

  test('GIVEN save without --out WHEN run THEN the missing option is named (exit 2)', async () => {
    const run = await cli.run(['snapshot', 'save', '--address', 'http://127.0.0.1:1', '--token-file', tokenFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: required option '--out <file>' not specified");
  });

  test('GIVEN an --out that exists WHEN save runs THEN it refuses before connecting and keeps the file (exit 2)', async () => {
    const out = path.join(dir, 'exists.raft.tgz');
    fs.writeFileSync(out, 'previous snapshot');
    const run = await cli.run(['snapshot', 'save', '--out', out, '--address', await deadAddress(), '--token-file', tokenFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: --out: "${out}" exists; a snapshot is never overwritten: choose a new file name (e.g. with the date and time)`);
    expect(fs.readFileSync(out, 'utf8')).toBe('previous snapshot');
  });

  test('GIVEN nothing listening WHEN save runs THEN it fails with the connection error and leaves no file, not even a temp file', async () => {
    const out = path.join(dir, 'new.raft.tgz');
    const address = await deadAddress();
    const run = await cli.run(['snapshot', 'save', '--out', out, '--address', address, '--token-file', tokenFile]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: cannot connect to the Vault server');
    expect(run.stderr).toContain('check --address / VAULT_ADDR');
    expect(fs.readdirSync(dir)).toEqual(['token']);
  });

  test('GIVEN save without credentials WHEN run THEN it says how to give a token (exit 2)', async () => {
    const run = await cli.run(['snapshot', 'save', '--out', path.join(dir, 'x.raft.tgz'), '--address', 'http://127.0.0.1:1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('this command needs a token: pass --token-file <file>, --approle-dir <dir> or set VAULT_TOKEN');
  });

  test('GIVEN an intact snapshot file WHEN verify runs THEN it prints size, sha256 and the shares a restore needs, exit 0', async () => {
    const f = path.join(dir, 'copy.raft.tgz');
    fs.writeFileSync(f, fakeSnapshot());
    const run = await cli.run(['snapshot', 'verify', '--file', f]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${f.replace(/[.]/g, '\\.')}: intact raft snapshot: \\d+ bytes, sha256 [0-9a-f]{64}; raft index 42 \\(term 3\\), 5 storage entries`));
    expect(run.stdout).toContain("a restore is unsealed with 3 of that cluster's 5 unseal shares");
  });

  test('GIVEN a corrupted copy WHEN verify runs THEN it exits 1 with the reason', async () => {
    const f = path.join(dir, 'bad.raft.tgz');
    const good = fakeSnapshot();
    fs.writeFileSync(f, good.subarray(0, good.length - 30));
    const run = await cli.run(['snapshot', 'verify', '--file', f]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: --file: ".*bad\.raft\.tgz" is not an intact raft snapshot: not a gzip stream \(Z_BUF_ERROR\)$/);
  });

  test('GIVEN restore with a --wait that is not a duration WHEN run THEN the format is explained (exit 2)', async () => {
    const run = await cli.run(['snapshot', 'restore', '--file', path.join(dir, 'x'), '--wait', 'soon', '--address', 'http://127.0.0.1:1', '--token-file', tokenFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --wait: "soon" is not a duration; expected seconds or a number with a unit');
  });

  test('GIVEN restore of a missing file WHEN run THEN it names --file before connecting (exit 2)', async () => {
    const run = await cli.run(['snapshot', 'restore', '--file', path.join(dir, 'missing.raft.tgz'), '--address', await deadAddress(), '--token-file', tokenFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: --file: "${path.join(dir, 'missing.raft.tgz')}" does not exist; expected a snapshot file written by \`snapshot save\``);
  });

  test('GIVEN restore of a corrupted file WHEN run THEN nothing is sent to the server (exit 1)', async () => {
    const f = path.join(dir, 'junk.raft.tgz');
    fs.writeFileSync(f, 'junk');
    const run = await cli.run(['snapshot', 'restore', '--file', f, '--address', await deadAddress(), '--token-file', tokenFile]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not an intact raft snapshot: not a gzip stream');
    expect(run.stderr).not.toContain('cannot connect');
  });
});
