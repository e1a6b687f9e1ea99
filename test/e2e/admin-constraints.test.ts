// Issue 9, class E: what the hoodcloud-admin policy refuses, proved with the admin token of a
// bootstrapped production-like server (TLS, raft, root revoked, prod-config applied as admin), and
// that the requests Terraform makes still pass. The last tests show what the ACL does NOT stop
// (a declared policy widened, a role's bindings opened): `ops drift` detects those
// (test/e2e/drift-command.test.ts).
import { VaultClient } from '../../vault-api/client';
import { LAYOUT } from '../../stacks/layout';
import { bootstrapService, workloadServices } from '../../services/catalog';
import { bootstrapProdServer, BootstrappedProdServer } from './support/bootstrapped-prod-server';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const KEY = `${LAYOUT.transitMount}/keys/${LAYOUT.masterKey}`;
const ROLES = `auth/${LAYOUT.approleMount}/role`;
const ADMIN = bootstrapService().roleName;
const SERVICE = workloadServices()[0].roleName;
const OTHER_SERVICE = workloadServices()[1].roleName;

let srv: BootstrappedProdServer;
let admin: VaultClient;

const status = async (method: string, path: string, body?: unknown) => (await admin.raw(method, path, body === undefined ? {} : { body })).status;
const data = async (c: VaultClient, path: string) => ((await c.get(path)).data ?? {}) as Record<string, unknown>;

beforeAll(async () => {
  srv = await bootstrapProdServer('admin-acl');
  admin = await srv.adminClient();
});
afterAll(async () => {
  await srv?.stop();
});

describe('GIVEN the hoodcloud-admin token of a bootstrapped production server', () => {
  describe('the master key can never be made exportable, backed up in plaintext or deletable', () => {
    const cases = ['exportable', 'allow_plaintext_backup', 'deletion_allowed'].flatMap((field) => [true, 'true', 1, '1', 't'].map((value) => [field, value] as const));

    test.each(cases)('WHEN admin configures %s = %j THEN it is refused (403)', async (field, value) => {
      expect(await status('POST', `${KEY}/config`, { [field]: value })).toBe(403);
    });

    test.each(['exportable', 'allow_plaintext_backup', 'deletion_allowed'])('WHEN admin re-creates the key with %s = true THEN it is refused (403)', async (field) => {
      expect(await status('POST', KEY, { type: 'aes256-gcm96', [field]: true })).toBe(403);
    });

    test('WHEN the provider sends its own config update (every flag false) THEN it passes, and the key is still closed', async () => {
      const { auto_rotate_period } = await data(admin, KEY);
      expect(await status('POST', `${KEY}/config`, { min_decryption_version: 1, min_encryption_version: 0, deletion_allowed: false, exportable: false, allow_plaintext_backup: false, auto_rotate_period })).toBe(200);
      expect(await data(admin, KEY)).toMatchObject({ exportable: false, allow_plaintext_backup: false, deletion_allowed: false });
    });
  });

  describe('no mount tune can exempt request or response keys from audit HMACing', () => {
    const tunes = [`sys/mounts/${LAYOUT.kvMount}/tune`, `sys/mounts/${LAYOUT.transitMount}/tune`, `sys/mounts/auth/${LAYOUT.approleMount}/tune`, `sys/auth/${LAYOUT.approleMount}/tune`];
    const cases = tunes.flatMap((path) => ['audit_non_hmac_request_keys', 'audit_non_hmac_response_keys'].map((field) => [path, field] as const));

    test.each(cases)('WHEN admin posts %s with %s = ["password"] THEN it is refused (403)', async (path, field) => {
      expect(await status('POST', path, { [field]: ['password'] })).toBe(403);
    });

    test.each([`sys/mounts/${LAYOUT.kvMount}/tune`, `sys/mounts/${LAYOUT.transitMount}/tune`, `sys/mounts/auth/${LAYOUT.approleMount}/tune`])(
      'WHEN admin tunes the description and TTLs of %s THEN it passes (what the provider sends)',
      async (path) => {
        const before = await data(admin, path);
        expect(await status('POST', path, { description: 'tuned by the test', default_lease_ttl: '3600s', max_lease_ttl: '7200s' })).toBe(204);
        expect(await data(admin, path)).toMatchObject({ description: 'tuned by the test', default_lease_ttl: 3600, max_lease_ttl: 7200 });
        expect(await status('POST', path, { description: before.description, default_lease_ttl: '0s', max_lease_ttl: '0s' })).toBe(204);
      },
    );

    test('WHEN admin tunes the AppRole mount through sys/auth/<path>/tune THEN it is refused (not granted: the provider tunes through sys/mounts/auth/<path>/tune)', async () => {
      expect(await status('POST', `sys/auth/${LAYOUT.approleMount}/tune`, { description: 'x' })).toBe(403);
    });

    test('WHEN admin re-enables the KV mount with the keys nested in its config THEN the server refuses (the path is in use) and nothing changes', async () => {
      const res = await admin.raw('POST', `sys/mounts/${LAYOUT.kvMount}`, { body: { type: 'kv', options: { version: '2' }, config: { audit_non_hmac_request_keys: ['password'] } } });
      expect(res.status).toBe(400);
      expect(res.body.errors?.join()).toContain('path is already in use');
      expect(await data(admin, `sys/mounts/${LAYOUT.kvMount}/tune`)).not.toHaveProperty('audit_non_hmac_request_keys');
    });
  });

  describe('policies and roles only under the declared names', () => {
    const escalate = 'path "*" {\n  capabilities = ["create", "read", "update", "delete", "list", "sudo"]\n}\n';

    test.each([['PUT', 'sys/policies/acl/escalate'], ['PUT', 'sys/policy/escalate']])('WHEN admin %s %s (path "*" with sudo) THEN it is refused (403)', async (method, path) => {
      expect(await status(method, path, { policy: escalate })).toBe(403);
    });

    test('WHEN admin writes an undeclared role carrying the admin policy THEN it is refused (403) and no such role exists', async () => {
      expect(await status('POST', `${ROLES}/escalate`, { token_policies: [ADMIN], bind_secret_id: true })).toBe(403);
      expect(((await admin.list(ROLES)).data as { keys: string[] }).keys).not.toContain('escalate');
    });
  });

  describe(`a declared role carries exactly its own policy (allowed_parameters pins token_policies as a JSON list)`, () => {
    const cases: Array<[string, string, unknown]> = [
      ['the admin policy', 'token_policies', [ADMIN]],
      ['its own and the admin policy', 'token_policies', [SERVICE, ADMIN]],
      ['its own twice', 'token_policies', [SERVICE, SERVICE]],
      ['a comma string of its own and the admin policy', 'token_policies', `${SERVICE},${ADMIN}`],
      ['the admin policy as a string', 'token_policies', ADMIN],
      ['its own policy as a string (only the list form is admitted)', 'token_policies', SERVICE],
      ['the admin policy through the deprecated alias', 'policies', [ADMIN]],
      ['no secret ID needed at login', 'bind_secret_id', false],
      ['a role_id of its choosing', 'role_id', 'chosen-role-id'],
    ];

    test.each(cases)(`WHEN admin gives ${SERVICE} %s (%s) THEN it is refused (403)`, async (_what, field, value) => {
      expect(await status('POST', `${ROLES}/${SERVICE}`, { [field]: value })).toBe(403);
    });

    test('WHEN admin uses the single-field endpoint policies THEN it is refused (403)', async () => {
      expect(await status('POST', `${ROLES}/${SERVICE}/policies`, { token_policies: [ADMIN] })).toBe(403);
    });

    test('WHEN admin uses the single-field endpoint bind-secret-id THEN it fails (HashiCorp Vault: denied, 403; OpenBao 2.7.2 has no such endpoint, 404)', async () => {
      expect([403, 404]).toContain(await status('POST', `${ROLES}/${SERVICE}/bind-secret-id`, { bind_secret_id: false }));
    });

    test('WHEN admin writes the role with its own policy as a list THEN it passes, and after every refusal the role still carries only its own policy', async () => {
      expect(await status('POST', `${ROLES}/${SERVICE}`, { token_policies: [SERVICE] })).toBe(204);
      expect(await data(admin, `${ROLES}/${SERVICE}`)).toMatchObject({ token_policies: [SERVICE], bind_secret_id: true });
    });

    test('WHEN a role is deleted, then its TTL changed, and the configuration is applied as admin THEN the provider-shaped create and update pass', async () => {
      expect(await status('DELETE', `${ROLES}/${OTHER_SERVICE}`)).toBe(204);
      const created = await srv.apply(admin);
      expect(created.resources.filter((r) => r.action !== 'no-op').map((r) => `${r.action} ${r.id}`)).toEqual([`create ${ROLES}/${OTHER_SERVICE}`]);
      expect(await status('POST', `${ROLES}/${OTHER_SERVICE}`, { token_ttl: 60 * 17 })).toBe(204);
      const updated = await srv.apply(admin);
      expect(updated.resources.filter((r) => r.action !== 'no-op').map((r) => `${r.action} ${r.id} ${r.changes.map((c) => c.attribute).join(',')}`)).toEqual([`update ${ROLES}/${OTHER_SERVICE} token_ttl`]);
    });

    test('WHEN root gives a service role the admin policy and the configuration is applied as admin THEN the provider-shaped update (token_policies = its own) passes and restores it', async () => {
      const root = await srv.generateRoot();
      await root.post(`${ROLES}/${SERVICE}`, { token_policies: [ADMIN] });
      const report = await srv.apply(admin);
      expect(report.resources.filter((r) => r.action !== 'no-op').map((r) => `${r.action} ${r.id} ${r.changes.map((c) => c.attribute).join(',')}`)).toEqual([`update ${ROLES}/${SERVICE} token_policies`]);
      expect(await data(admin, `${ROLES}/${SERVICE}`)).toMatchObject({ token_policies: [SERVICE] });
      await root.post('auth/token/revoke-self');
    });
  });

  describe('what the ACL does not stop (detected by ops drift)', () => {
    test('WHEN admin rewrites a declared policy wider THEN the server accepts it: whoever may write a declared policy can widen it', async () => {
      const before = String((await data(admin, `sys/policies/acl/${SERVICE}`)).policy);
      expect(await status('PUT', `sys/policies/acl/${SERVICE}`, { policy: `${before}\npath "${LAYOUT.kvMount}/data/*" {\n  capabilities = ["read"]\n}\n` })).toBe(204);
      expect(await status('PUT', `sys/policies/acl/${SERVICE}`, { policy: before })).toBe(204);
    });

    test('WHEN admin opens a declared role\'s CIDR bindings THEN the server accepts it: bindings are not pinned', async () => {
      const before = await data(admin, `${ROLES}/${SERVICE}`);
      expect(await status('POST', `${ROLES}/${SERVICE}`, { secret_id_bound_cidrs: ['0.0.0.0/0'] })).toBe(204);
      expect(await status('POST', `${ROLES}/${SERVICE}`, { secret_id_bound_cidrs: before.secret_id_bound_cidrs })).toBe(204);
    });

    test('WHEN admin replaces its own policy THEN nothing above holds any more: it can make the master key deletable (both put back afterwards)', async () => {
      const own = String((await data(admin, `sys/policies/acl/${ADMIN}`)).policy);
      expect(await status('POST', `${KEY}/config`, { deletion_allowed: true })).toBe(403);
      expect(await status('PUT', `sys/policies/acl/${ADMIN}`, { policy: 'path "*" {\n  capabilities = ["create", "read", "update", "delete", "list", "sudo"]\n}\n' })).toBe(204);
      expect(await status('POST', `${KEY}/config`, { deletion_allowed: true })).toBe(200);
      expect(await data(admin, KEY)).toMatchObject({ deletion_allowed: true });
      expect(await status('POST', `${KEY}/config`, { deletion_allowed: false })).toBe(200);
      expect(await status('PUT', `sys/policies/acl/${ADMIN}`, { policy: own })).toBe(204);
      expect(await status('POST', `${KEY}/config`, { deletion_allowed: true })).toBe(403);
    });

    test('WHEN admin re-enables the audit device with other options THEN the server refuses (in use), and disabling it is denied', async () => {
      const res = await admin.raw('POST', `sys/audit/${LAYOUT.auditDevice}`, { body: { type: 'file', options: { file_path: '/tmp/elsewhere.log', log_raw: 'true' } } });
      expect(res.status).toBe(400);
      expect(await status('DELETE', `sys/audit/${LAYOUT.auditDevice}`)).toBe(403);
    });
  });

  test('GIVEN every CLI run WHEN its output is searched THEN no share, credential or token appears', () => {
    const transcript = srv.cli.transcript.join('\n');
    expect(srv.secretValues.length).toBeGreaterThan(7);
    expect(srv.secretValues.filter((v) => v.length >= 8 && transcript.includes(v))).toEqual([]);
  });
});
