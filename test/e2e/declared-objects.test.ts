// Issue 3, proof 1: every object the e2e config stack declares exists on the server with the
// declared settings. Each check is a direct read of the server's API, compared with the JSON
// (references between resources resolved from the JSON itself, not from the apply fixture).
import { openE2eTarget, describeTarget, type E2eTarget } from './support/e2e-target';
import type { TfResource } from './support/tf-config';

let target: E2eTarget;
beforeAll(async () => {
  target = await openE2eTarget();
  console.log(`e2e target — ${describeTarget(target)}`);
});
afterAll(async () => { await target?.close(); });

/** Resolves `${type.name.attr}` from the literal attributes of the referenced resource. */
function literal(v: unknown): unknown {
  if (typeof v === 'string') {
    const m = /^\$\{([a-z_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(v);
    if (m) {
      const ref = target.config.resources.find((r) => r.address === `${m[1]}.${m[2]}`);
      const value = ref?.attributes[m[3]] ?? (m[3] === 'path' && ref?.type === 'vault_auth_backend' ? ref.attributes.type : undefined);
      if (value === undefined) throw new Error(`${v} does not refer to a literal attribute`);
      return literal(value);
    }
    return v;
  }
  if (Array.isArray(v)) return v.map(literal);
  return v;
}
const attrs = (r: TfResource): Record<string, unknown> =>
  Object.fromEntries(Object.entries(r.attributes).filter(([, v]) => v !== null).map(([k, v]) => [k, literal(v)]));
const ofType = (type: string) => target.config.resources.filter((r) => r.type === type).map((r) => ({ address: r.address, a: attrs(r) }));
/** A single host is stored without `/32`; compare bindings as the server normalises them. */
const hostForm = (cidrs: unknown) => ((cidrs as string[] | undefined) ?? []).map((c) => c.replace(/\/32$/, '')).sort();
const seconds = (v: unknown) => (typeof v === 'string' ? Number(v.replace(/s$/, '')) : Number(v ?? 0));

describe('GIVEN the e2e config stack applied to a real server', () => {
  test('WHEN the server reports its version THEN it is a real Vault-compatible server with a version', async () => {
    const status = await target.root.get<{ version: string; sealed: boolean }>('sys/seal-status');
    expect(status.sealed).toBe(false);
    expect(status.version).toMatch(/^\d+\.\d+\.\d+/);
    console.log(`server version: ${status.version} (${target.mode})`);
  });

  test('WHEN the stack is read THEN it declares the resource types and names of the contract', () => {
    const types = new Set(target.config.resources.map((r) => r.type));
    expect([...types].sort()).toEqual(['vault_approle_auth_backend_role', 'vault_audit', 'vault_auth_backend', 'vault_kv_secret_backend_v2', 'vault_mount', 'vault_policy', 'vault_transit_secret_backend_key']);
    const roles = ofType('vault_approle_auth_backend_role').map((r) => r.a.role_name).sort();
    expect(roles).toEqual(['hoodcloud-admin', 'hoodcloud-auth-server', 'hoodcloud-control-plane', 'hoodcloud-payment-service']);
    expect(ofType('vault_policy').map((p) => p.a.name).sort()).toEqual(roles);
  });

  test('WHEN each declared mount is read THEN type, options and description match', async () => {
    const mounts = ofType('vault_mount');
    expect(mounts.map((m) => m.a.path).sort()).toEqual(['secret', 'transit']);
    for (const { address, a } of mounts) {
      const m = (await target.root.get(`sys/mounts/${a.path}`)).data as Record<string, unknown>;
      const wantType = a.type === 'kv-v2' ? 'kv' : a.type;
      expect({ address, type: m.type }).toEqual({ address, type: wantType });
      if (a.description !== undefined) expect({ address, description: m.description }).toEqual({ address, description: a.description });
      for (const [k, v] of Object.entries((a.options as Record<string, string>) ?? {})) {
        expect({ address, option: k, value: (m.options as Record<string, string>)[k] }).toEqual({ address, option: k, value: v });
      }
      if (a.type === 'kv-v2' || (a.type === 'kv' && (a.options as Record<string, string> | undefined)?.version === '2')) {
        expect((m.options as Record<string, string>).version).toBe('2');
      }
    }
  });

  test('WHEN the KV v2 engine settings are read THEN max_versions, cas_required and delete_version_after match', async () => {
    const [kv] = ofType('vault_kv_secret_backend_v2');
    const c = (await target.root.get(`${kv.a.mount}/config`)).data as Record<string, unknown>;
    if (kv.a.max_versions !== undefined) expect(c.max_versions).toBe(kv.a.max_versions);
    if (kv.a.cas_required !== undefined) expect(c.cas_required).toBe(kv.a.cas_required);
    if (kv.a.delete_version_after !== undefined) expect(seconds(c.delete_version_after)).toBe(kv.a.delete_version_after);
    expect(c.cas_required).toBe(true); // e2e runs with check-and-set on (issue 2)
  });

  test('WHEN the master key is read THEN it is the declared type, non-exportable, no plaintext backup, not deletable', async () => {
    const [key] = ofType('vault_transit_secret_backend_key');
    expect(key.a.name).toBe('hoodcloud-masterkey');
    const k = (await target.root.get(`${key.a.backend}/keys/${key.a.name}`)).data as Record<string, unknown>;
    expect(k.type).toBe(key.a.type ?? 'aes256-gcm96');
    expect({ exportable: k.exportable, allow_plaintext_backup: k.allow_plaintext_backup, deletion_allowed: k.deletion_allowed })
      .toEqual({ exportable: false, allow_plaintext_backup: false, deletion_allowed: false });
    for (const f of ['exportable', 'allow_plaintext_backup', 'deletion_allowed', 'derived', 'min_decryption_version', 'min_encryption_version', 'auto_rotate_period'] as const) {
      if (key.a[f] !== undefined) expect({ field: f, value: k[f] }).toEqual({ field: f, value: key.a[f] });
    }
  });

  test('WHEN the auth backend is read THEN approle is enabled at the declared path with the declared tuning', async () => {
    const [auth] = ofType('vault_auth_backend');
    const path = String(auth.a.path ?? auth.a.type);
    const auths = (await target.root.get('sys/auth')).data as Record<string, Record<string, unknown>>;
    expect(auths[`${path}/`]?.type).toBe(auth.a.type);
    const tune = (auth.a.tune as Record<string, unknown>[] | undefined)?.[0];
    if (tune) {
      const t = (await target.root.get(`sys/mounts/auth/${path}/tune`)).data as Record<string, unknown>;
      for (const [k, v] of Object.entries(tune)) {
        if (v === null) continue;
        const want = k.endsWith('_ttl') ? durationToSeconds(String(v)) : v;
        expect({ tune: k, value: t[k] }).toEqual({ tune: k, value: want });
      }
    }
  });

  test('WHEN each AppRole is read THEN policies, CIDR bindings, TTLs and secret-ID limits match', async () => {
    for (const { a } of ofType('vault_approle_auth_backend_role')) {
      const r = (await target.root.get(`auth/${a.backend ?? 'approle'}/role/${a.role_name}`)).data as Record<string, unknown>;
      const got = {
        role: a.role_name, token_policies: [...(r.token_policies as string[])].sort(),
        secret_id_bound_cidrs: hostForm(r.secret_id_bound_cidrs), token_bound_cidrs: hostForm(r.token_bound_cidrs),
      };
      expect(got).toEqual({
        role: a.role_name, token_policies: [...(a.token_policies as string[])].sort(),
        secret_id_bound_cidrs: hostForm(a.secret_id_bound_cidrs), token_bound_cidrs: hostForm(a.token_bound_cidrs),
      });
      expect(got.secret_id_bound_cidrs.length).toBeGreaterThan(0);
      expect(got.token_bound_cidrs.length).toBeGreaterThan(0);
      expect(got.token_policies).toEqual([a.role_name]);
      for (const f of ['token_ttl', 'token_max_ttl', 'secret_id_ttl', 'secret_id_num_uses', 'token_num_uses', 'token_type', 'bind_secret_id'] as const) {
        if (a[f] !== undefined) expect({ role: a.role_name, field: f, value: r[f] }).toEqual({ role: a.role_name, field: f, value: a[f] });
      }
    }
  });

  test('WHEN each policy is read THEN the server holds exactly the declared HCL', async () => {
    for (const { a } of ofType('vault_policy')) {
      const p = (await target.root.get(`sys/policies/acl/${a.name}`)).data as Record<string, unknown>;
      expect({ name: a.name, policy: p.policy }).toEqual({ name: a.name, policy: a.policy });
    }
  });

  test('WHEN the audit devices are listed THEN the declared file device is enabled with the declared options', async () => {
    const [audit] = ofType('vault_audit');
    const path = String(audit.a.path ?? audit.a.type);
    const devices = (await target.root.get('sys/audit')).data as Record<string, Record<string, unknown>>;
    expect(devices[`${path}/`]?.type).toBe('file');
    const options = devices[`${path}/`].options as Record<string, string>;
    const declared = { ...(audit.a.options as Record<string, string>) };
    if (target.mode === 'terraform-applied') expect(options.file_path).toBe(declared.file_path);
    expect(options).toEqual(expect.objectContaining(declared));
  });
});

function durationToSeconds(v: string): number {
  const m = /^(\d+)(s|m|h)?$/.exec(v);
  if (!m) throw new Error(`unexpected duration ${v}`);
  return Number(m[1]) * ({ s: 1, m: 60, h: 3600 } as Record<string, number>)[m[2] ?? 's'];
}
