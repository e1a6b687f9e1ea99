import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDeclaredAuditDevice } from '../../../cli/doctor/declared-audit';

/** The smallest cdk.tf.json readBootstrapObjects accepts: the audit device, AppRole, the admin role and policy. */
function stack(auditPath = 'file') {
  return {
    resource: {
      vault_audit: { audit: { path: auditPath, type: 'file', description: 'HoodCloud audit log', options: { file_path: '/srv/audit.log', mode: '0600', format: 'json', log_raw: 'false', hmac_accessor: 'true' } } },
      vault_auth_backend: { approle: { type: 'approle', path: 'approle' } },
      vault_policy: { admin: { name: 'hoodcloud-admin', policy: 'path "sys/audit" { capabilities = ["read"] }' } },
      vault_approle_auth_backend_role: { admin: { backend: 'approle', role_name: 'hoodcloud-admin', token_policies: ['${vault_policy.admin.name}'], secret_id_bound_cidrs: ['127.0.0.1/32'] } },
    },
  };
}

describe('doctor: the declared audit device', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-doctor-declared-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (json: unknown) => {
    const f = path.join(dir, 'cdk.tf.json');
    fs.writeFileSync(f, JSON.stringify(json));
    return f;
  };

  test('GIVEN a synthesized stack WHEN read THEN the device at the layout path with every declared option', () => {
    const file = write(stack());
    expect(readDeclaredAuditDevice(file)).toEqual({ path: 'file', type: 'file', options: { file_path: '/srv/audit.log', mode: '0600', format: 'json', log_raw: 'false', hmac_accessor: 'true' }, source: file, complete: true });
  });

  test('GIVEN no --config-json and no default file WHEN read THEN the layout names stand in, marked incomplete', () => {
    expect(readDeclaredAuditDevice(undefined, path.join(dir, 'absent.json'))).toEqual({ path: 'file', type: 'file', options: { file_path: '/vault/logs/audit.log' }, source: 'stacks/layout.ts', complete: false });
  });

  test('GIVEN a named file that is absent, or a stack with the device elsewhere WHEN read THEN a usage error naming --config-json', () => {
    expect(() => readDeclaredAuditDevice(path.join(dir, 'absent.json'))).toThrow(/--config-json: ".*absent.json" does not exist/);
    const file = write(stack('elsewhere'));
    expect(() => readDeclaredAuditDevice(file)).toThrow(`--config-json: "${file}" declares no vault_audit at path "file" (stacks/layout.ts auditDevice)`);
  });
});
