// The apply fixture itself: it must fail loudly on anything it does not mirror (so it can never
// silently skip part of the configuration), and its plan-like read-back must see real drift and
// refuse replacements. Small hand-made configs; a real server where the server matters.
import { startDevServer, type RunningServer } from '../support/vault-server';
import { applyConfig, checkConfig, UnsupportedConfigError } from './support/apply-config';

// The fixture is handed a client for the server under test; the provider address is not used.
const PROVIDER = { vault: [{ address: 'http://127.0.0.1:8200' }] };
const TERRAFORM = { required_providers: { vault: { source: 'hashicorp/vault', version: '5.6.0' } }, backend: { local: { path: 'terraform.tfstate' } } };
const base = (resource: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ terraform: TERRAFORM, provider: PROVIDER, resource, ...extra });
const role = (cidrs: string[]) => ({
  vault_auth_backend: { approle: { type: 'approle', path: 'approle' } },
  vault_approle_auth_backend_role: {
    r: { backend: '${vault_auth_backend.approle.path}', role_name: 'probe', token_policies: ['default'], secret_id_bound_cidrs: ['127.0.0.1/32'], token_bound_cidrs: cidrs },
  },
});

describe('GIVEN configs the fixture does not mirror', () => {
  test.each([
    ['an unknown resource type', base({ vault_generic_secret: { x: { path: 'secret/x', data_json: '{}' } } }), /resource type "vault_generic_secret" is not supported/],
    ['an unknown attribute', base({ vault_mount: { m: { path: 'm', type: 'kv', colour: 'blue' } } }), /vault_mount\.m\.colour is not an attribute the fixture knows/],
    ['a provider attribute the fixture does not mirror', base({ vault_mount: { m: { path: 'm', type: 'kv', plugin_version: 'v1' } } }), /vault_mount\.m\.plugin_version is not mirrored/],
    ['a computed-only attribute set in config', base({ vault_mount: { m: { path: 'm', type: 'kv', accessor: 'x' } } }), /vault_mount\.m\.accessor is not an attribute/],
    ['a variable expression', base({ vault_mount: { m: { path: '${var.path}', type: 'kv' } } }), /is not a plain resource attribute reference/],
    ['a reference to an undeclared resource', base({ vault_mount: { m: { path: '${vault_mount.other.path}', type: 'kv' } } }), /depends on vault_mount\.other, which is not declared/],
    ['a dependency cycle', base({ vault_mount: { a: { path: 'a', type: 'kv', depends_on: ['vault_mount.b'] }, b: { path: 'b', type: 'kv', depends_on: ['vault_mount.a'] } } }), /dependency cycle/],
    ['lifecycle ignore_changes', base({ vault_mount: { m: { path: 'm', type: 'kv', lifecycle: { ignore_changes: ['options'] } } } }), /lifecycle .* settings the fixture does not mirror/],
    ['count', base({ vault_mount: { m: { path: 'm', type: 'kv', count: 2 } } }), /vault_mount\.m\.count \(meta-argument\) is not supported/],
    ['a data source', base({ vault_mount: { m: { path: 'm', type: 'kv' } } }, { data: { vault_policy_document: { d: {} } } }), /top-level block "data" is not supported/],
    ['another provider version', { ...base({}), terraform: { required_providers: { vault: { source: 'hashicorp/vault', version: '5.7.0' } } } }, /mirrors hashicorp\/vault 5\.6\.0 only/],
    ['an unknown provider setting', { ...base({}), provider: { vault: [{ address: 'x', namespace: 'team' }] } }, /provider\.vault\.namespace is not supported/],
    ['an output referring to an undeclared resource', base({}, { output: { o: { value: '${vault_mount.gone.accessor}' } } }), /an output refers to vault_mount\.gone, which is not declared/],
    ['a depends_on entry that is not an address', base({ vault_mount: { m: { path: 'm', type: 'kv', depends_on: ['var.x'] } } }), /depends on var\.x, which is not declared/],
    ['a depends_on entry written as an interpolation', base({ vault_mount: { m: { path: 'm', type: 'kv' }, n: { path: 'n', type: 'kv', depends_on: ['${vault_mount.m}'] } } }), /vault_mount\.n\.depends_on entry "\$\{vault_mount\.m\}" is not a bare resource address \(terraform: "A single static variable reference is required"\)/],
    ['an import of an undeclared resource', base({}, { import: [{ to: 'vault_mount.gone', id: 'gone' }] }), /import targets vault_mount\.gone, which is not declared/],
  ])('WHEN the config has %s THEN checking it fails loudly and names it', (_what, json, message) => {
    expect(() => checkConfig(json)).toThrow(UnsupportedConfigError);
    expect(() => checkConfig(json)).toThrow(message);
  });

  test('WHEN depends_on is written as a bare "type.name" THEN it orders the resources', () => {
    const json = base({ vault_policy: { p: { name: 'p', policy: '', depends_on: ['vault_audit.a'] } }, vault_audit: { a: { type: 'file', options: { file_path: 'stdout' } } } });
    expect(checkConfig(json).resources.map((r) => r.address)).toEqual(['vault_audit.a', 'vault_policy.p']);
  });

  test('WHEN a config has several problems THEN all are reported at once', () => {
    const json = base({ vault_mount: { m: { path: 'm', type: 'kv', colour: 'blue', size: 3 } }, vault_thing: { t: {} } });
    expect(() => checkConfig(json)).toThrow(/3 problem\(s\)/);
  });
});

describe('GIVEN a real server and small configs', () => {
  let server: RunningServer;
  beforeAll(async () => { server = await startDevServer(); });
  afterAll(async () => { await server?.stop(); });

  test('WHEN token_bound_cidrs is written with /32 THEN re-applying changes nothing: the server drops the /32, the provider re-adds it on read', async () => {
    const json = base(role(['127.0.0.1/32']));
    const first = await applyConfig(server.client(), json);
    const stored = (await server.client().get('auth/approle/role/probe')).data as { token_bound_cidrs: string[] };
    expect(stored.token_bound_cidrs).toEqual(['127.0.0.1']);
    const second = await applyConfig(server.client(), json, { state: first.state });
    expect(second.changeCount).toBe(0);
    await server.client().delete('sys/auth/approle');
  });

  test('WHEN a key declares min_encryption_version THEN, as with the provider\'s create typo, it lands only on the second apply', async () => {
    const json = base({
      vault_mount: { t: { path: 'transit-typo', type: 'transit' } },
      vault_transit_secret_backend_key: { k: { backend: '${vault_mount.t.path}', name: 'typo', min_encryption_version: 1 } },
    });
    const first = await applyConfig(server.client(), json);
    const key = first.resources.find((r) => r.address === 'vault_transit_secret_backend_key.k')!;
    expect(key.driftAfterApply.map((d) => `${d.attribute}: ${JSON.stringify(d.from)} -> ${JSON.stringify(d.to)}`)).toEqual(['min_encryption_version: 0 -> 1']);
    const second = await applyConfig(server.client(), json, { state: first.state });
    expect(second.resources.filter((r) => r.action === 'update').map((r) => r.address)).toEqual(['vault_transit_secret_backend_key.k']);
    const third = await applyConfig(server.client(), json, { state: second.state });
    expect(third.changeCount).toBe(0);
  });

  test('WHEN an existing object would need a replacement THEN the fixture refuses instead of destroying it', async () => {
    const key = (type: string) => base({
      vault_mount: { t: { path: 'transit-probe', type: 'transit' } },
      vault_transit_secret_backend_key: { k: { backend: '${vault_mount.t.path}', name: 'probe', type } },
    });
    const first = await applyConfig(server.client(), key('aes256-gcm96'));
    await expect(applyConfig(server.client(), key('chacha20-poly1305'), { state: first.state }))
      .rejects.toThrow(/vault_transit_secret_backend_key\.k \(transit-probe\/keys\/probe\) would be destroyed and re-created because of type: "aes256-gcm96" -> "chacha20-poly1305"/);
  });

  test('WHEN the provider block skips the child token or not THEN the fixture works with a child token like the provider, or with the given token', async () => {
    const json = (provider: Record<string, unknown>) => ({ ...base({ vault_policy: { p: { name: 'child-token-probe', policy: 'path "x" { capabilities = ["read"] }' } } }), provider: { vault: [provider] } });
    const withChild = await applyConfig(server.client(), json({ address: 'x' }));
    expect(withChild.calls.slice(0, 4)).toEqual(['GET sys/seal-status', 'GET auth/token/lookup-self', 'POST auth/token/create', 'PUT sys/policies/acl/child-token-probe']);
    const without = await applyConfig(server.client(), json({ address: 'x', skip_child_token: true }), { state: withChild.state });
    expect(without.calls).not.toContain('POST auth/token/create');
    expect(without.changeCount).toBe(0);
  });

  test('WHEN an import block names an object that does not exist THEN the apply fails like terraform', async () => {
    const json = base({ vault_mount: { m: { path: 'not-there', type: 'kv' } } }, { import: [{ to: 'vault_mount.m', id: 'not-there' }] });
    await expect(applyConfig(server.client(), json)).rejects.toThrow(/import id "not-there" does not exist/);
  });

  test('WHEN a resource is not imported and already exists THEN the create fails like terraform on a dev server', async () => {
    const json = base({ vault_mount: { kv: { path: 'secret', type: 'kv', options: { version: '2' } } } });
    await expect(applyConfig(server.client(), json)).rejects.toThrow(/path is already in use/);
  });
});
