import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDeclaredConfig } from '../../../cli/drift/declared-config';

/** A small synthesized config stack: references between resources, a tune block, a type drift does not know. */
const STACK = {
  resource: {
    vault_auth_backend: { approle_X: { path: 'approle', type: 'approle', description: 'A', tune: [{ default_lease_ttl: '1h', token_type: 'service' }] } },
    vault_policy: { p_X: { name: 'svc', policy: 'path "a" { capabilities = ["read"] }' } },
    vault_approle_auth_backend_role: {
      r_X: { backend: '${vault_auth_backend.approle_X.path}', role_name: 'svc', token_policies: ['${vault_policy.p_X.name}'], depends_on: ['vault_audit.a_X'], token_period: null },
    },
    vault_mount: { kv_X: { path: 'secret', type: 'kv', options: { version: '2' }, lifecycle: { prevent_destroy: true } } },
    vault_kv_secret_backend_v2: { c_X: { mount: '${vault_mount.kv_X.path}', max_versions: 10 } },
    vault_transit_secret_backend_key: { k_X: { backend: 'transit', name: 'k', exportable: false } },
    vault_audit: { a_X: { path: 'file', type: 'file', options: { file_path: '/vault/logs/audit.log' } } },
    vault_generic_secret: { g_X: { path: 'secret/x' } },
  },
};

describe('the declared configuration drift compares', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-drift-declared-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (json: unknown) => {
    const f = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(f, JSON.stringify(json));
    return f;
  };

  test('GIVEN a synthesized stack WHEN read THEN every object is named as the API names it, references resolved, meta-arguments and nulls left out', () => {
    const d = readDeclaredConfig(write(STACK));
    expect(d.roles).toEqual([{ backend: 'approle', name: 'svc', attrs: { backend: 'approle', role_name: 'svc', token_policies: ['svc'] } }]);
    expect(d.policies).toEqual([{ name: 'svc', text: 'path "a" { capabilities = ["read"] }' }]);
    expect(d.mounts).toEqual([{ path: 'secret', attrs: { path: 'secret', type: 'kv', options: { version: '2' } } }]);
    expect(d.kvSettings).toEqual([{ mount: 'secret', attrs: { mount: 'secret', max_versions: 10 } }]);
    expect(d.transitKeys.map((k) => `${k.backend}/${k.name}`)).toEqual(['transit/k']);
    expect(d.audits.map((a) => a.path)).toEqual(['file']);
  });

  test('GIVEN an auth backend with a tune block WHEN read THEN the tune fields sit beside the others', () => {
    expect(readDeclaredConfig(write(STACK)).authMethods[0].attrs).toMatchObject({ type: 'approle', default_lease_ttl: '1h', token_type: 'service' });
  });

  test('GIVEN a vault resource type drift does not compare WHEN read THEN it is listed as not compared', () => {
    expect(readDeclaredConfig(write(STACK)).notCompared).toEqual(['vault_generic_secret']);
  });

  test('GIVEN a missing file or one that is not JSON WHEN read THEN the error names --config-json, the file and what is expected (exit 2)', () => {
    expect(() => readDeclaredConfig(path.join(dir, 'absent.json'))).toThrow(/^--config-json: ".*absent\.json" does not exist; run `npm run synth` first/);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{');
    expect(() => readDeclaredConfig(bad)).toThrow(`--config-json: "${bad}" is not JSON; expected a synthesized cdk.tf.json`);
  });
});
