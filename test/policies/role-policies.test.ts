import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { roleNames } from '../../services/catalog';
import { PROD } from '../../stacks/environments';
import { VaultConfigStack } from '../../stacks/vault-config-stack';

// One scratch outdir for every app built here (Testing.app() would leave one per app in /tmp).
const OUTDIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-policies-test-'));
afterAll(() => fs.rmSync(OUTDIR, { recursive: true, force: true }));

/** The rendered policy text and rules of every role, from a real prod config stack. */
function rolePolicies() {
  const stack = new VaultConfigStack(Testing.app({ outdir: OUTDIR }), PROD);
  return { stack: stack as TerraformStack, policies: stack.policies };
}

describe('role policies', () => {
  const { policies } = rolePolicies();
  const rules = (role: string) => Object.fromEntries(policies[role].document.rules.map((r) => [r.path, r.capabilities]));

  test.each(roleNames())('GIVEN %s WHEN rendered THEN the HCL matches the reviewed snapshot', (role) => {
    expect(policies[role].document.render()).toMatchSnapshot();
  });

  test.each(roleNames())('GIVEN %s WHEN rendered twice THEN the text is identical (deterministic)', (role) => {
    expect(policies[role].document.render()).toBe(rolePolicies().policies[role].document.render());
  });

  test.each([
    ['hoodcloud-control-plane', 'control-plane'],
    ['hoodcloud-auth-server', 'auth-server'],
    ['hoodcloud-payment-service', 'payment-service'],
  ] as const)('GIVEN %s WHEN its rules are read THEN it reads only its own subtree under secret/', (role, service) => {
    const kvRules = Object.entries(rules(role)).filter(([p]) => p.startsWith('secret/'));
    expect(kvRules).toEqual([
      [`secret/data/hoodcloud/${service}/*`, ['read']],
      [`secret/metadata/hoodcloud/${service}/*`, ['read', 'list']],
    ]);
  });

  test('GIVEN the control plane WHEN its rules are read THEN it may encrypt, decrypt, make data keys and rewrap with the master key, nothing else in transit', () => {
    const transit = Object.entries(rules('hoodcloud-control-plane')).filter(([p]) => p.startsWith('transit/'));
    expect(transit).toEqual([
      ['transit/datakey/plaintext/hoodcloud-masterkey', ['update']],
      ['transit/datakey/wrapped/hoodcloud-masterkey', ['update']],
      ['transit/decrypt/hoodcloud-masterkey', ['update']],
      ['transit/encrypt/hoodcloud-masterkey', ['update']],
      ['transit/rewrap/hoodcloud-masterkey', ['update']],
    ]);
  });

  test.each(['hoodcloud-auth-server', 'hoodcloud-payment-service'] as const)('GIVEN %s WHEN its rules are read THEN it has no transit or sys access', (role) => {
    expect(Object.keys(rules(role)).filter((p) => !p.startsWith('secret/'))).toEqual([]);
  });

  test('GIVEN admin WHEN its rules are read THEN the master key cannot be deleted, trimmed, exported or backed up and raw storage is denied', () => {
    const admin = rules('hoodcloud-admin');
    expect(admin['transit/keys/hoodcloud-masterkey']).toEqual(['create', 'read', 'update']);
    expect(admin['transit/keys/hoodcloud-masterkey/trim']).toEqual(['deny']);
    expect(admin['transit/export/+/hoodcloud-masterkey']).toEqual(['deny']);
    expect(admin['transit/backup/hoodcloud-masterkey']).toEqual(['deny']);
    expect(admin['sys/raw']).toEqual(['deny']);
    expect(admin['sys/raw/*']).toEqual(['deny']);
  });

  test('GIVEN admin WHEN its rules are read THEN mounts can be created and tuned but never removed, and audit devices never disabled', () => {
    const admin = rules('hoodcloud-admin');
    for (const mount of ['secret', 'transit']) expect(admin[`sys/mounts/${mount}`]).not.toContain('delete');
    expect(admin['sys/auth/approle']).not.toContain('delete');
    expect(admin['sys/audit/file']).not.toContain('delete');
  });

  test('GIVEN admin WHEN its rules are read THEN it manages every secret, the AppRoles and the policies', () => {
    const admin = rules('hoodcloud-admin');
    expect(admin).toMatchObject({
      'secret/data/*': ['create', 'read', 'update', 'patch', 'delete', 'list'],
      'secret/metadata/*': ['create', 'read', 'update', 'patch', 'delete', 'list'],
    });
    for (const role of roleNames()) {
      expect(admin[`auth/approle/role/${role}`]).toEqual(['create', 'read', 'update', 'patch', 'delete', 'list']);
      expect(admin[`sys/policies/acl/${role}`]).toEqual(['create', 'read', 'update', 'patch', 'delete', 'list']);
    }
  });

  test('GIVEN admin WHEN its rules are read THEN policy and role writes are limited to the declared names (no wildcard)', () => {
    const admin = rules('hoodcloud-admin');
    expect(Object.keys(admin).filter((p) => /^(auth\/approle\/role|sys\/policies\/acl)\/\*$/.test(p))).toEqual([]);
  });

  test('GIVEN admin WHEN the master key rules are read THEN creation and configuration only admit exportable, allow_plaintext_backup and deletion_allowed as false', () => {
    const doc = policies['hoodcloud-admin'].document.rules;
    for (const p of ['transit/keys/hoodcloud-masterkey', 'transit/keys/hoodcloud-masterkey/config']) {
      expect(doc.find((r) => r.path === p)?.allowedParameters).toMatchObject({ exportable: [false], allow_plaintext_backup: [false], deletion_allowed: [false] });
    }
  });

  test('GIVEN admin WHEN the mount tune rules are read THEN no mount can exempt keys from audit HMACing', () => {
    const doc = policies['hoodcloud-admin'].document.rules;
    for (const p of ['sys/mounts/secret/tune', 'sys/mounts/transit/tune', 'sys/mounts/auth/approle/tune']) {
      expect(doc.find((r) => r.path === p)?.deniedParameters).toEqual({ audit_non_hmac_request_keys: [], audit_non_hmac_response_keys: [] });
    }
  });
});
