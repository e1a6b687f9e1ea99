// `ops audit` on a log a real OpenBao server wrote (test/cli/audit/support/record-audit-log.ts):
// every filter, the order (denied first), the JSON lines, and the usage errors.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURE_LOG, fixtureManifest } from '../audit/support/fixture';
import { cliRunner } from '../support/run-cli';

const manifest = fixtureManifest();
const cli = cliRunner();
const step = (label: string) => {
  const s = manifest.steps.find((x) => x.label === label);
  if (!s) throw new Error(`no step ${label}`);
  return s;
};
/** `<role> <operation> <path> <outcome>` of the steps, to compare with JSON output. */
const key = (s: { role: string | null; display_name?: string | null; operation: string; path: string; outcome: string }) =>
  `${s.role ?? s.display_name ?? '-'} ${s.operation} ${s.path} ${s.outcome}`;

interface JsonLine { role: string | null; display_name: string | null; operation: string; path: string; outcome: string; time: string }

async function jsonRun(...args: string[]) {
  const run = await cli.run(['audit', '--file', FIXTURE_LOG, '--json', ...args]);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('request(s) shown') });
  return run.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as JsonLine);
}

describe('ops audit on a real audit log', () => {
  test('GIVEN no filter WHEN run THEN one table lists denied requests first, then all others in time order', async () => {
    const run = await cli.run(['audit', '--file', FIXTURE_LOG]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['TIME', 'ROLE', 'REMOTE ADDRESS', 'OPERATION', 'PATH', 'OUTCOME', 'ERROR']);
    const outcomes = lines.slice(2).map((l) => l.split(/\s{2,}/)[5]);
    const denied = manifest.steps.filter((s) => s.outcome === 'denied').length;
    expect(outcomes.slice(0, denied)).toEqual(Array(denied).fill('denied'));
    expect(outcomes.slice(denied)).not.toContain('denied');
    const times = (rows: string[]) => rows.map((l) => l.split(/\s{2,}/)[0]);
    const sorted = (t: string[]) => [...t].sort();
    expect(times(lines.slice(2, 2 + denied))).toEqual(sorted(times(lines.slice(2, 2 + denied))));
    expect(times(lines.slice(2 + denied))).toEqual(sorted(times(lines.slice(2 + denied))));
    expect(run.stdout).toMatch(/fixture-app\s+127\.0\.0\.1\s+read\s+secret\/data\/other\/x\s+denied\s+permission denied/);
    expect(run.stdout).toMatch(/token \(root\)\s+127\.0\.0\.1\s+update\s+sys\/auth\/approle\s+ok/);
    expect(run.stderr).toMatch(/request\(s\) shown \(3 denied, 3 error\); \d+ log entries read/);
  });

  test('GIVEN --role with an AppRole role name WHEN run THEN only that role\'s requests, its login included', async () => {
    const rows = await jsonRun('--role', 'fixture-ops');
    expect(rows.map(key).sort()).toEqual(manifest.steps.filter((s) => s.role === 'fixture-ops').map(key).sort());
  });

  test('GIVEN --role with a token display name WHEN run THEN the requests of every token with that name', async () => {
    const rows = await jsonRun('--role', 'approle');
    expect(new Set(rows.map((r) => r.role))).toEqual(new Set(['fixture-app', 'fixture-ops']));
  });

  test('GIVEN --path with a glob and --operation WHEN run THEN only reads under it; a prefix works the same', async () => {
    const glob = await jsonRun('--path', 'secret/data/*', '--operation', 'read');
    expect(glob.map(key)).toEqual(['read-other', 'read-db'].map((l) => key(step(l))));
    const prefix = await jsonRun('--path', 'secret/data/app/', '--operation', 'delete,list');
    expect(prefix.map(key)).toEqual([key(step('delete-db'))]);
  });

  test.each([
    ['denied', ['read-other', 'ops-write', 'delete-db']],
    ['error', ['cas-mismatch', 'login-bad-secret', 'login-outside-cidr']],
  ])('GIVEN --outcome %s WHEN run THEN exactly the steps that were %s, in time order', async (outcome, labels) => {
    const rows = await jsonRun('--outcome', outcome);
    expect(rows.map(key)).toEqual(labels.map((l) => key(step(l))));
  });

  test('GIVEN --since and --until at the instant between the phases WHEN run THEN each shows only its phase\'s steps', async () => {
    const after = (await jsonRun('--since', manifest.boundary)).map(key);
    const before = (await jsonRun('--until', manifest.boundary)).map(key);
    for (const s of manifest.steps) {
      expect({ step: s.label, after: after.includes(key(s)), before: before.includes(key(s)) }).toEqual({ step: s.label, after: s.phase === 'B', before: s.phase === 'A' });
    }
    expect(after.length + before.length).toBe((await jsonRun()).length);
  });

  test('GIVEN a relative --since WHEN the log is older THEN nothing is shown (the recording is in the past)', async () => {
    const run = await cli.run(['audit', '--file', FIXTURE_LOG, '--since', '1s']);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: '' });
    expect(run.stderr).toContain('0 request(s) shown');
  });

  test('GIVEN --json WHEN run THEN each line is one request with field names but no values', async () => {
    const rows = await jsonRun('--path', 'secret/data/app/db', '--operation', 'create');
    expect(rows).toEqual([expect.objectContaining({ role: 'fixture-app', outcome: 'ok', request_fields: ['data.password'], remote_address: '127.0.0.1' })]);
    expect(rows[0]).not.toHaveProperty('matched_fields');
  });

  test.each([
    [['--since', 'yesterday'], '--since: "yesterday" is neither a time nor a duration'],
    [['--operation', 'write'], '--operation: "write" is not one of read, create, update, patch, delete, list, scan'],
    [['--value-file', FIXTURE_LOG], 'no server address: pass --address https://<host>:<port> or set VAULT_ADDR'],
  ])('GIVEN bad usage %j WHEN run THEN exit 2 with an error naming the flag', async (args, message) => {
    const run = await cli.run(['audit', '--file', FIXTURE_LOG, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: ${message}`);
  });

  test('GIVEN no --file WHEN run THEN commander names the required option, exit 2', async () => {
    const run = await cli.run(['audit']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '--file <audit.log>' not specified");
  });

  test('GIVEN a file that is not an audit log WHEN run THEN exit 2 names --file and the line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-audit-cmd-'));
    try {
      const f = path.join(dir, 'notes.txt');
      fs.writeFileSync(f, `${fs.readFileSync(FIXTURE_LOG, 'utf8').split('\n')[0]}\nnot json\n{}\n`);
      const run = await cli.run(['audit', '--file', f]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`error: --file: "${f}" is not a JSON audit log: line 2 is not JSON`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('GIVEN --help WHEN run THEN it describes the filters, the order and the value search', async () => {
    const run = await cli.run(['audit', '--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--file', '--role', '--path', '--operation', '--outcome', '--since', '--until', '--value-file', '--value-stdin', '--device', '--json', '--approle-dir', '--token-file']) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toContain('Denied requests come first');
  });

  test('GIVEN every run above WHEN their output is searched THEN no HMAC appears (values are never printed, not even hashed)', () => {
    expect(cli.transcript.length).toBeGreaterThan(10);
    expect(cli.transcript.join('\n')).not.toMatch(/hmac-sha256:/);
  });
});
