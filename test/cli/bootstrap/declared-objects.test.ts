import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readBootstrapObjects } from '../../../cli/bootstrap/declared-objects';
import { synthesizeProdConfig } from '../support/prod-config';

describe('the objects bootstrap creates, read from the synthesized prod-config stack', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-declared-'));
    file = synthesizeProdConfig(path.join(dir, 'out'), '/vault/logs/audit.log', 'https://127.0.0.1:8200');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN the prod-config stack WHEN read THEN the file audit device is taken as declared', () => {
    const { audits } = readBootstrapObjects(file);
    expect(audits).toEqual([{ path: 'file', body: expect.objectContaining({ type: 'file', options: expect.objectContaining({ file_path: '/vault/logs/audit.log', log_raw: 'false' }) }) }]);
  });

  test('GIVEN the prod-config stack WHEN read THEN the admin role is CIDR-bound and its policy reference is resolved to the policy name', () => {
    const { adminRole, adminPolicy, approle } = readBootstrapObjects(file);
    expect(approle.path).toBe('approle');
    expect(adminRole).toMatchObject({ backend: 'approle', roleName: 'hoodcloud-admin' });
    expect(adminRole.body).toMatchObject({ token_policies: ['hoodcloud-admin'], secret_id_bound_cidrs: ['127.0.0.1/32'], secret_id_ttl: 604800 });
    expect(adminRole.body).not.toHaveProperty('depends_on');
    expect(adminPolicy.name).toBe('hoodcloud-admin');
    expect(adminPolicy.policy).toContain('path "auth/token/create"');
  });

  test('GIVEN a stack without an audit device WHEN read THEN bootstrap refuses to run unaudited', () => {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    delete json.resource.vault_audit;
    const stripped = path.join(dir, 'no-audit.json');
    fs.writeFileSync(stripped, JSON.stringify(json));
    expect(() => readBootstrapObjects(stripped)).toThrow('declares no vault_audit: refusing to bootstrap a server that would run unaudited');
  });

  test('GIVEN an admin role without CIDRs WHEN read THEN the error says to set HOODCLOUD_ADMIN_CIDRS', () => {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const r of Object.values(json.resource.vault_approle_auth_backend_role) as { role_name: string; secret_id_bound_cidrs?: string[] }[]) {
      if (r.role_name === 'hoodcloud-admin') r.secret_id_bound_cidrs = [];
    }
    const open = path.join(dir, 'open.json');
    fs.writeFileSync(open, JSON.stringify(json));
    expect(() => readBootstrapObjects(open)).toThrow('the hoodcloud-admin role has no secret_id_bound_cidrs; set HOODCLOUD_ADMIN_CIDRS and synth again');
  });
});
