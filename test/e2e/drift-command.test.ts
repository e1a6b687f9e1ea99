// Issue 9, class E: `ops drift` against a bootstrapped production-like server. Clean after the
// ceremony and the apply; then each kind of drift is introduced with a root token made from 3 of
// the 5 shares (what an attacker holding root, or an operator working by hand, can do), and the
// command reports each one by name and exits 1; after root and an apply as hoodcloud-admin put
// everything back it is clean again. It never prints a secret.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { LAYOUT } from '../../stacks/layout';
import { bootstrapService, workloadServices } from '../../services/catalog';
import { bootstrapProdServer, BootstrappedProdServer } from './support/bootstrapped-prod-server';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const ADMIN = bootstrapService().roleName;
const [CONTROL_PLANE, AUTH_SERVER, PAYMENT] = workloadServices().map((s) => s.roleName);
const ROLES = `auth/${LAYOUT.approleMount}/role`;
const KEY = `${LAYOUT.transitMount}/${LAYOUT.masterKey}`;

let srv: BootstrappedProdServer;
let root: VaultClient;
let declaredAudit: { type: string; description: string; options: Record<string, string> };
const drift = (...extra: string[]) => srv.cli.run(['drift', '--config-json', srv.configJsonFile, ...(extra.length ? extra : ['--approle-dir', srv.adminDir])]);
/** A table row: the cells in order, separated by the table's padding. */
const row = (...cells: string[]) => new RegExp(`^${cells.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+')}$`, 'm');

beforeAll(async () => {
  srv = await bootstrapProdServer('drift');
  root = await srv.generateRoot();
  declaredAudit = ((await root.get('sys/audit')).data as Record<string, typeof declaredAudit>)[`${LAYOUT.auditDevice}/`];
});
afterAll(async () => {
  await srv?.stop();
});

describe('ops drift on a bootstrapped production server', () => {
  test('GIVEN the ceremony and the apply as hoodcloud-admin WHEN drift runs THEN there is none (exit 0) and it says what it compared', async () => {
    const run = await drift();
    expect(run.stderr).toContain('[3/3] Comparing');
    expect(run.stdout).toMatch(/^no drift: https:\/\/127\.0\.0\.1:\d+ matches \S+cdk\.tf\.json \(compared 4 policies, 4 roles, 1 auth method, 2 mounts, 1 kv settings, 1 transit key, 1 audit device,/);
    expect(run.code).toBe(0);
  });

  test('GIVEN a declared policy rewritten with other comments and whitespace only WHEN drift runs THEN there is none (policies are compared as parsed rules)', async () => {
    const text = String(((await root.get(`sys/policies/acl/${PAYMENT}`)).data as { policy: string }).policy);
    const reformatted = text.split('\n').filter((l) => !l.startsWith('#')).map((l) => l.replace(/^\s+/, '    ').replace(/ = /g, '=')).join('\n\n');
    expect(reformatted).not.toBe(text);
    await root.put(`sys/policies/acl/${PAYMENT}`, { policy: reformatted });
    const run = await drift();
    expect(run.stdout).toMatch(/^no drift/);
    expect(run.code).toBe(0);
  });

  test('GIVEN root widened a policy, added one, changed roles, tuned mounts, changed the audit device and the master key WHEN drift runs THEN each is reported by name and it exits 1', async () => {
    const auth = String(((await root.get(`sys/policies/acl/${AUTH_SERVER}`)).data as { policy: string }).policy);
    await root.put(`sys/policies/acl/${AUTH_SERVER}`, { policy: `${auth}\npath "${LAYOUT.kvMount}/data/*" {\n  capabilities = ["read", "list"]\n}\n` });
    await root.put('sys/policies/acl/escalate', { policy: 'path "*" {\n  capabilities = ["sudo", "read"]\n}\n' });
    await root.post(`${ROLES}/${CONTROL_PLANE}`, { token_policies: [CONTROL_PLANE, ADMIN] });
    await root.post(`${ROLES}/${PAYMENT}`, { secret_id_bound_cidrs: ['10.0.0.0/8'], token_ttl: 7200 });
    await root.post(`${ROLES}/backdoor`, { token_policies: [ADMIN] });
    await root.post(`sys/mounts/${LAYOUT.kvMount}/tune`, { audit_non_hmac_request_keys: ['password'] });
    await root.post(`sys/mounts/auth/${LAYOUT.approleMount}/tune`, { audit_non_hmac_response_keys: ['secret_id'], listing_visibility: 'unauth' });
    await root.post('sys/mounts/stash', { type: 'kv', options: { version: '2' } });
    await root.delete(`sys/audit/${LAYOUT.auditDevice}`);
    await root.post(`sys/audit/${LAYOUT.auditDevice}`, { ...declaredAudit, options: { ...declaredAudit.options, log_raw: 'true', hmac_accessor: 'false' } });
    await root.post(`sys/audit/second`, { type: 'file', options: { file_path: path.join(srv.base, 'audit', 'second.log') } });
    await root.post(`${LAYOUT.transitMount}/keys/${LAYOUT.masterKey}/config`, { deletion_allowed: true, auto_rotate_period: '0s' });

    const run = await drift();
    expect(run.stdout).toMatch(/^KIND\s+NAME\s+WHAT\s+DECLARED\s+LIVE$/m);
    expect(run.stdout).toMatch(row('policy', AUTH_SERVER, `path "${LAYOUT.kvMount}/data/*"`, '(none)', 'read, list'));
    expect(run.stdout).toMatch(row('policy', 'escalate', 'exists', '(not declared)', 'exists'));
    expect(run.stdout).toMatch(row('role', CONTROL_PLANE, 'token_policies', CONTROL_PLANE, `${CONTROL_PLANE}, ${ADMIN}`));
    expect(run.stdout).toMatch(row('role', PAYMENT, 'secret_id_bound_cidrs', '127.0.0.1/32', '10.0.0.0/8'));
    expect(run.stdout).toMatch(row('role', PAYMENT, 'token_ttl', '3600 (1h)', '7200 (2h)'));
    expect(run.stdout).toMatch(row('role', `backdoor (auth/${LAYOUT.approleMount})`, 'exists', '(not declared)', 'exists'));
    expect(run.stdout).toMatch(row('mount tune', LAYOUT.kvMount, 'audit_non_hmac_request_keys', '(none)', 'password'));
    expect(run.stdout).toMatch(row('mount tune', `auth/${LAYOUT.approleMount}`, 'audit_non_hmac_response_keys', '(none)', 'secret_id'));
    expect(run.stdout).toMatch(row('mount tune', `auth/${LAYOUT.approleMount}`, 'listing_visibility', '(none)', 'unauth'));
    expect(run.stdout).toMatch(row('mount', 'stash', 'exists', '(not declared)', 'type kv'));
    expect(run.stdout).toMatch(row('audit device', LAYOUT.auditDevice, 'options.log_raw', 'false', 'true'));
    expect(run.stdout).toMatch(row('audit device', LAYOUT.auditDevice, 'options.hmac_accessor', 'true', 'false'));
    expect(run.stdout).toMatch(row('audit device', 'second', 'exists', '(not declared)', 'type file'));
    expect(run.stdout).toMatch(row('transit key', KEY, 'deletion_allowed', 'false', 'true'));
    expect(run.stdout).toMatch(row('transit key', KEY, 'auto_rotate_period', '2592000 (30d)', '0'));
    expect(run.stdout).toMatch(/^15 difference\(s\) in 11 object\(s\) between https:\/\/127\.0\.0\.1:\d+ and \S+$/m);
    expect(run.code).toBe(1);
  });

  test('GIVEN that drift, and root re-enabling the audit device as declared (admin may not disable it, and Terraform replaces a device whose options changed) WHEN hoodcloud-admin applies the configuration THEN what Terraform manages is restored, and drift still reports what it does not see', async () => {
    await root.delete(`sys/audit/${LAYOUT.auditDevice}`);
    await root.post(`sys/audit/${LAYOUT.auditDevice}`, declaredAudit);
    const report = await srv.apply(await srv.adminClient());
    // The reformatted policy too: Terraform compares policy text, drift the rules.
    expect(report.resources.filter((r) => r.action !== 'no-op').map((r) => r.id).sort()).toEqual(
      [AUTH_SERVER, PAYMENT, `${ROLES}/${CONTROL_PLANE}`, `${ROLES}/${PAYMENT}`, `${LAYOUT.transitMount}/keys/${LAYOUT.masterKey}`].sort(),
    );
    const run = await drift();
    const rows = run.stdout.split('\n').filter((l) => /^(policy|role|mount|mount tune|audit device|transit key) /.test(l));
    // Computed tune fields (Terraform keeps what the server has) and objects the configuration does not declare.
    expect(rows.map((l) => l.split(/\s{2,}/).slice(0, 3).join(' | '))).toEqual([
      'policy | escalate | exists',
      `role | backdoor (auth/${LAYOUT.approleMount}) | exists`,
      `mount tune | auth/${LAYOUT.approleMount} | audit_non_hmac_response_keys`,
      `mount tune | auth/${LAYOUT.approleMount} | listing_visibility`,
      `mount tune | ${LAYOUT.kvMount} | audit_non_hmac_request_keys`,
      'mount | stash | exists',
      'audit device | second | exists',
    ]);
    expect(run.code).toBe(1);
  });

  test('GIVEN root puts back what only root can WHEN drift runs THEN it is clean again', async () => {
    await root.delete('sys/policies/acl/escalate');
    await root.delete(`${ROLES}/backdoor`);
    await root.post(`sys/mounts/${LAYOUT.kvMount}/tune`, { audit_non_hmac_request_keys: [] });
    await root.post(`sys/mounts/auth/${LAYOUT.approleMount}/tune`, { audit_non_hmac_response_keys: [], listing_visibility: 'hidden' });
    await root.delete('sys/mounts/stash');
    await root.delete('sys/audit/second');
    const run = await drift();
    expect(run.stdout).toMatch(/^no drift/);
    expect(run.code).toBe(0);
  });

  test('GIVEN a token without the admin policy WHEN drift runs THEN it fails naming the refused request and what it needs (exit 1)', async () => {
    const weak = String(((await root.post('auth/token/create', { policies: ['default'], ttl: '5m' })).auth as { client_token: string }).client_token);
    srv.secretValues.push(weak);
    const tokenFile = path.join(srv.base, 'weak.token');
    fs.writeFileSync(tokenFile, weak, { mode: 0o600 });
    const run = await drift('--token-file', tokenFile);
    expect(run.stderr).toContain('error: LIST sys/policies/acl was refused (HTTP 403): drift reads with the hoodcloud-admin policy; log in with --approle-dir <admin credentials>');
    expect(run.code).toBe(1);
  });

  test('GIVEN every drift run WHEN its output is searched THEN no share, credential or token appears', () => {
    const transcript = srv.cli.transcript.join('\n');
    expect(srv.secretValues.length).toBeGreaterThan(10);
    expect(srv.secretValues.filter((v) => v.length >= 8 && transcript.includes(v))).toEqual([]);
  });
});
