// Issue 11, item 6: `ops audit` on the log a real OpenBao dev server writes. The e2e stack is
// applied to a dev server (startDevServer; file audit device to a temp file), the service roles
// log in from 127.0.0.1 and make allowed and denied requests, hoodcloud-admin writes values, and
// every filter of `audit` is checked against what the test did. `--value-file` finds exactly
// the requests that wrote (or read) a value, with the admin policy the stack declares, and no
// value or HMAC ever appears in what the CLI printed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { VaultClient } from '../../vault-api/client';
import { cliRunner, type CliRunner } from '../cli/support/run-cli';
import { MASTER_KEY } from './access-matrix';
import { credentials, loginAs, type RoleSession } from './support/approle-login';
import { randomSecretValue } from './support/seed';
import { openE2eTarget, describeTarget, type E2eTarget } from './support/e2e-target';

const CP = 'hoodcloud-control-plane';
const AUTH = 'hoodcloud-auth-server';
const ADMIN = 'hoodcloud-admin';
const DEVICE = 'file';

interface Row { role: string | null; remote_address: string | null; operation: string; path: string; outcome: string; error: string | null; time: string; matched_fields?: string[] }
interface Made { role: string; operation: string; path: string; outcome: 'ok' | 'denied'; phase: 'A' | 'B' }

let target: E2eTarget;
let cli: CliRunner;
let work: string;
let adminDir: string;
let boundary: string;
let phase: Made['phase'] = 'A';
const secrets: string[] = [];
/** The requests the test made as the service roles, in order. */
const made: Made[] = [];
const writtenOnly = randomSecretValue('written-only');
const writtenAndRead = randomSecretValue('written-and-read');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends a request as a role and records what the log must show. */
async function request(s: RoleSession, method: string, p: string, operation: string, outcome: Made['outcome'], body?: unknown): Promise<void> {
  const res = await s.client.raw(method, p, { body });
  if (outcome === 'ok' ? res.status >= 300 : res.status !== 403) throw new Error(`${s.role} ${method} ${p} -> HTTP ${res.status}, expected ${outcome}`);
  made.push({ role: s.role, operation, path: p, outcome, phase });
}

beforeAll(async () => {
  target = await openE2eTarget({ forceFixture: true });
  console.log(`e2e target — ${describeTarget(target)}; audit log ${target.auditLogPath}`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-audit-cmd-'));
  adminDir = path.join(work, 'admin');
  fs.mkdirSync(adminDir, { mode: 0o700 });
  const admin = await credentials(target.root, ADMIN);
  fs.writeFileSync(path.join(adminDir, 'role_id'), admin.roleId, { mode: 0o600 });
  fs.writeFileSync(path.join(adminDir, 'secret_id'), admin.secretId, { mode: 0o600 });
  secrets.push(admin.roleId, admin.secretId, writtenOnly, writtenAndRead);
  cli = cliRunner({ VAULT_ADDR: target.address });

  // Phase A: the admin writes two values, the control plane reads one of them and tries the auth server's.
  const adminSession = await loginAs(target.root, ADMIN);
  const cp = await loginAs(target.root, CP);
  const auth = await loginAs(target.root, AUTH);
  secrets.push(adminSession.token, cp.token, auth.token);
  await request(adminSession, 'POST', 'secret/data/hoodcloud/auth-server/database', 'create', 'ok', { options: { cas: 0 }, data: { username: 'auth', password: writtenOnly } });
  await request(adminSession, 'POST', 'secret/data/hoodcloud/control-plane/database', 'create', 'ok', { options: { cas: 0 }, data: { username: 'cp', password: writtenAndRead } });
  await request(cp, 'GET', 'secret/data/hoodcloud/control-plane/database', 'read', 'ok');
  await request(cp, 'GET', 'secret/data/hoodcloud/auth-server/database', 'read', 'denied');

  await sleep(50);
  boundary = new Date().toISOString();
  await sleep(50);
  phase = 'B';

  // Phase B: more allowed and denied requests by two service roles.
  await request(cp, 'POST', `transit/encrypt/${MASTER_KEY}`, 'update', 'ok', { plaintext: Buffer.from('audit e2e').toString('base64') });
  await request(cp, 'GET', `transit/keys/${MASTER_KEY}`, 'read', 'denied');
  await request(auth, 'GET', 'secret/data/hoodcloud/control-plane/database', 'read', 'denied');
  await request(auth, 'LIST', 'secret/metadata/hoodcloud/auth-server/', 'list', 'ok');
  await request(auth, 'DELETE', 'secret/data/hoodcloud/auth-server/database', 'delete', 'denied');
});
afterAll(async () => {
  await target?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

async function audit(...args: string[]): Promise<Row[]> {
  const run = await cli.run(['audit', '--file', target.auditLogPath, '--json', ...args]);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('request(s) shown') });
  return run.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Row);
}
const facts = (r: Row | Made) => `${r.role} ${r.operation} ${r.path} ${r.outcome}`;
/** The requests the test made, denied first, then in the order they were made. */
const expectedOrder = (rows: Made[]) => [...rows.filter((m) => m.outcome === 'denied'), ...rows.filter((m) => m.outcome !== 'denied')].map(facts);

describe('GIVEN the audit log of a dev server configured by the e2e stack, after allowed and denied requests from 127.0.0.1', () => {
  test('WHEN audit runs without filters THEN the table lists the denied requests first, with role, 127.0.0.1 and the server error', async () => {
    const run = await cli.run(['audit', '--file', target.auditLogPath]);
    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n').slice(2);
    const denied = made.filter((m) => m.outcome === 'denied').length;
    expect(rows.slice(0, denied).every((l) => /\sdenied\s+permission denied$/.test(l))).toBe(true);
    expect(rows.slice(denied).some((l) => /\sdenied\s/.test(l))).toBe(false);
    expect(rows[0]).toMatch(new RegExp(`^\\S+\\s+${CP}\\s+127\\.0\\.0\\.1\\s+read\\s+secret/data/hoodcloud/auth-server/database\\s+denied\\s+permission denied$`));
  });

  test.each([CP, AUTH])('WHEN filtered by --role %s THEN exactly its requests and its login appear, denied first', async (role) => {
    const rows = await audit('--role', role);
    expect(rows.every((r) => r.role === role && r.remote_address === '127.0.0.1')).toBe(true);
    const mine = made.filter((m) => m.role === role);
    expect(rows.filter((r) => r.path !== 'auth/approle/login').map(facts)).toEqual(expectedOrder(mine));
    expect(rows.filter((r) => r.path === 'auth/approle/login').map(facts)).toEqual([`${role} update auth/approle/login ok`]);
  });

  test('WHEN filtered by a --path glob and --operation read THEN only the reads of the database secrets, denied first', async () => {
    const rows = await audit('--path', 'secret/data/hoodcloud/*/database', '--operation', 'read');
    expect(rows.map(facts)).toEqual(expectedOrder(made.filter((m) => m.operation === 'read' && m.path.endsWith('/database'))));
  });

  test('WHEN filtered by --outcome denied THEN exactly the refused requests, in time order', async () => {
    expect((await audit('--outcome', 'denied')).map(facts)).toEqual(made.filter((m) => m.outcome === 'denied').map(facts));
  });

  test('WHEN filtered by --since the instant between the phases THEN only the later requests; --until gives the earlier ones', async () => {
    const service = (rows: Row[]) => rows.filter((r) => made.some((m) => facts(m) === facts(r))).map(facts);
    const b = Date.parse(boundary);
    expect(service(await audit('--since', boundary))).toEqual(expectedOrder(made.filter((m) => m.phase === 'B')));
    expect(service(await audit('--until', boundary))).toEqual(expectedOrder(made.filter((m) => m.phase === 'A')));
    expect((await audit('--since', boundary)).every((r) => Date.parse(r.time) >= b)).toBe(true);
  });

  test('WHEN --since is a relative duration THEN the last 10 minutes hold every request and --until 10m none', async () => {
    expect((await audit('--since', '10m')).length).toBeGreaterThanOrEqual(made.length);
    expect(await audit('--until', '10m')).toEqual([]);
  });

  test('WHEN --value-file holds a value written once THEN the admin credentials find exactly the request that wrote it, and the value is never printed', async () => {
    const file = path.join(work, 'value');
    fs.writeFileSync(file, writtenOnly, { mode: 0o600 });
    const run = await cli.run(['audit', '--file', target.auditLogPath, '--value-file', file, '--approle-dir', adminDir]);
    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n').slice(2);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(new RegExp(`\\s${ADMIN}\\s+127\\.0\\.0\\.1\\s+create\\s+secret/data/hoodcloud/auth-server/database\\s+ok\\s+request\\.data\\.data\\.password$`));
    expect(run.stderr).toContain(`Hashing the value with audit device "${DEVICE}" (POST sys/audit-hash/${DEVICE})`);
    expect(run.stderr).toContain('left out 1 sys/audit-hash/ request(s)');
    expect(`${run.stdout}\n${run.stderr}`).not.toContain(writtenOnly);
  });

  test('WHEN the value comes on stdin and was also read THEN the write and the read are found (request and response data)', async () => {
    const stdin = new PassThrough();
    stdin.end(`${writtenAndRead}\n`); // as `echo` would send it: the trimmed variant is the stored value
    const run = await cli.run(['audit', '--file', target.auditLogPath, '--json', '--value-stdin', '--approle-dir', adminDir], { stdin });
    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n').map((l) => JSON.parse(l) as Row);
    expect(rows.map((r) => [facts(r), r.matched_fields])).toEqual([
      [`${ADMIN} create secret/data/hoodcloud/control-plane/database ok`, ['request.data.data.password']],
      [`${CP} read secret/data/hoodcloud/control-plane/database ok`, ['response.data.data.password']],
    ]);
  });

  test('WHEN a token without update on sys/audit-hash/file asks THEN the CLI says which capability is missing (exit 1)', async () => {
    const tokenFile = path.join(work, 'cp-token');
    const cp = await loginAs(target.root, CP);
    secrets.push(cp.token);
    fs.writeFileSync(tokenFile, cp.token, { mode: 0o600 });
    const valueFile = path.join(work, 'value2');
    fs.writeFileSync(valueFile, writtenOnly, { mode: 0o600 });
    const run = await cli.run(['audit', '--file', target.auditLogPath, '--value-file', valueFile, '--token-file', tokenFile]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: the token may not hash values with the audit device "${DEVICE}": POST sys/audit-hash/${DEVICE} needs the update capability`);
  });

  test('WHEN --device names no audit device THEN root gets a usage error naming --device (exit 2), and the admin a refusal that says to check --device (exit 1)', async () => {
    const valueFile = path.join(work, 'value3');
    fs.writeFileSync(valueFile, writtenOnly, { mode: 0o600 });
    const rootTokenFile = path.join(work, 'root-token');
    fs.writeFileSync(rootTokenFile, String(target.root.options.token), { mode: 0o600 });
    const args = ['audit', '--file', target.auditLogPath, '--value-file', valueFile, '--device', 'nope'];
    const asRoot = await cli.run([...args, '--token-file', rootTokenFile]);
    expect({ code: asRoot.code, stderr: asRoot.stderr }).toEqual({ code: 2, stderr: expect.stringContaining('error: --device: "nope" is not an audit device on this server') });
    // the admin policy grants sys/audit-hash/file only, so the server refuses before it looks for the device
    const asAdmin = await cli.run([...args, '--approle-dir', adminDir]);
    expect({ code: asAdmin.code, stderr: asAdmin.stderr }).toEqual({ code: 1, stderr: expect.stringContaining('POST sys/audit-hash/nope needs the update capability on that path (hoodcloud-admin has it for the stacks\' device "file"); check --device') });
  });

  test('WHEN sys/audit-hash/file is tried with each capability THEN update alone suffices and sudo is not needed (what the admin policy grants)', async () => {
    const tryWith = async (caps: string[]) => {
      const name = `audit-hash-${caps.join('-')}`;
      await target.root.put(`sys/policies/acl/${name}`, { policy: `path "sys/audit-hash/${DEVICE}" { capabilities = ${JSON.stringify(caps)} }\n` });
      const token = String(((await target.root.post('auth/token/create', { policies: [name], ttl: '5m' })) as { auth?: { client_token?: string } }).auth?.client_token);
      secrets.push(token);
      return (await new VaultClient({ address: target.address, token }).raw('POST', `sys/audit-hash/${DEVICE}`, { body: { input: 'probe' } })).status;
    };
    expect({ update: await tryWith(['update']), others: await tryWith(['create', 'read', 'list', 'patch', 'sudo']) }).toEqual({ update: 200, others: 403 });
    const policies = Object.values((target.configJson.resource as Record<string, Record<string, { name: string; policy: string }>>).vault_policy);
    expect(policies.find((p) => p.name === ADMIN)?.policy).toContain(`path "sys/audit-hash/${DEVICE}" {\n  capabilities = ["update"]\n}`);
  });

  test('WHEN everything the CLI printed is searched THEN no secret value, token, credential or HMAC appears', () => {
    const transcript = cli.transcript.join('\n');
    expect(cli.transcript.length).toBeGreaterThan(10);
    expect(secrets.filter((s) => transcript.includes(s))).toEqual([]);
    expect(transcript).not.toMatch(/hmac-sha256:/);
  });
});
