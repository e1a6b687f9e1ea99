import { compareConfig, comparedCounts } from '../../../cli/drift/compare';
import { DeclaredConfig } from '../../../cli/drift/declared-config';
import { LiveConfig } from '../../../cli/drift/live-config';

const POLICY = 'path "secret/data/svc/*" {\n  capabilities = ["read"]\n}\n';
const ROLE = { backend: 'approle', role_name: 'svc', bind_secret_id: true, secret_id_bound_cidrs: ['127.0.0.1/32'], token_bound_cidrs: ['127.0.0.1/32'], secret_id_ttl: 604800, token_ttl: 3600, token_max_ttl: 86400, token_num_uses: 0, token_policies: ['svc'], token_type: 'service' };
const AUDIT_OPTIONS = { file_path: '/vault/logs/audit.log', format: 'json', hmac_accessor: 'true', log_raw: 'false', mode: '0600' };

function declared(): DeclaredConfig {
  return {
    policies: [{ name: 'svc', text: POLICY }],
    roles: [{ backend: 'approle', name: 'svc', attrs: ROLE }],
    mounts: [
      { path: 'secret', attrs: { path: 'secret', type: 'kv', description: 'KV', options: { version: '2' } } },
      { path: 'transit', attrs: { path: 'transit', type: 'transit', description: 'T' } },
    ],
    authMethods: [{ path: 'approle', attrs: { path: 'approle', type: 'approle', description: 'A' } }],
    kvSettings: [{ mount: 'secret', attrs: { mount: 'secret', max_versions: 10, cas_required: true, delete_version_after: 0 } }],
    transitKeys: [{ backend: 'transit', name: 'k', attrs: { backend: 'transit', name: 'k', type: 'aes256-gcm96', exportable: false, allow_plaintext_backup: false, deletion_allowed: false, auto_rotate_period: 2592000 } }],
    audits: [{ path: 'file', attrs: { path: 'file', type: 'file', description: 'log', options: AUDIT_OPTIONS } }],
    notCompared: [],
  };
}

const config = { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 };

/** What an OpenBao 2.7.2 server answers after the configuration is applied. */
function live(): LiveConfig {
  return {
    policyNames: ['default', 'root', 'svc'],
    policies: new Map([['svc', `# comment\n${POLICY}`]]),
    roleNames: new Map([['approle', ['svc']]]),
    roles: new Map([['approle/svc', {
      bind_secret_id: true, local_secret_ids: false, secret_id_bound_cidrs: ['127.0.0.1/32'], secret_id_num_uses: 0, secret_id_ttl: 604800, token_bound_cidrs: ['127.0.0.1'],
      token_explicit_max_ttl: 0, token_max_ttl: 86400, token_no_default_policy: false, token_num_uses: 0, token_period: 0, token_policies: ['svc'], token_strictly_bind_ip: false, token_ttl: 3600, token_type: 'service',
    }]]),
    mounts: new Map<string, Record<string, unknown>>([
      ['cubbyhole', { type: 'cubbyhole', config }],
      ['identity', { type: 'identity', config: { ...config, passthrough_request_headers: ['Authorization'] } }],
      ['sys', { type: 'system', config }],
      ['secret', { type: 'kv', description: 'KV', options: { version: '2' }, local: false, seal_wrap: false, external_entropy_access: false, plugin_version: '', config }],
      ['transit', { type: 'transit', description: 'T', options: null, local: false, seal_wrap: false, external_entropy_access: false, plugin_version: '', config }],
    ]),
    authMethods: new Map<string, Record<string, unknown>>([
      ['approle', { type: 'approle', description: 'A', options: null, local: false, seal_wrap: false, config: { ...config, token_type: 'default-service' } }],
      ['token', { type: 'token', description: 'token based credentials', config: { ...config, token_type: 'default-service' } }],
    ]),
    kvSettings: new Map([['secret', { cas_required: true, delete_version_after: '0s', max_versions: 10, metadata_cas_required: false }]]),
    transitKeyNames: new Map([['transit', ['k']]]),
    transitKeys: new Map([['transit/k', { type: 'aes256-gcm96', exportable: false, allow_plaintext_backup: false, deletion_allowed: false, derived: false, auto_rotate_period: 2592000, min_decryption_version: 1, min_encryption_version: 0, soft_deleted: false, latest_version: 1 }]]),
    audits: new Map([['file', { type: 'file', description: 'log', local: false, options: AUDIT_OPTIONS, path: 'file/' }]]),
  };
}

/** `live()` with one map entry's object changed. */
function withEntry<K extends keyof LiveConfig>(field: K, key: string, change: (v: Record<string, unknown>) => Record<string, unknown> | undefined): LiveConfig {
  const l = live();
  const map = new Map(l[field] as Map<string, Record<string, unknown>>);
  const next = change({ ...(map.get(key) ?? {}) });
  if (next === undefined) map.delete(key);
  else map.set(key, next);
  return { ...l, [field]: map };
}

const rows = (l: LiveConfig, d = declared()) => compareConfig(d, l).map((f) => [f.kind, f.name, f.what, f.declared, f.live]);

describe('drift comparison', () => {
  test('GIVEN what the server answers right after the apply WHEN compared THEN nothing differs (bare vs /32, "0s" vs 0, comments, built-ins, defaults)', () => {
    expect(rows(live())).toEqual([]);
    expect(comparedCounts(declared())).toMatchObject({ policy: 1, role: 1, mount: 2, 'mount tune': 3, 'audit device': 1 });
  });

  test('GIVEN a widened declared policy and an undeclared one WHEN compared THEN the widened path and the extra policy (by name only) are reported', () => {
    const l = { ...live(), policyNames: ['default', 'svc', 'escalate'], policies: new Map([['svc', `${POLICY}path "sys/*" { capabilities = ["sudo"] }`]]) };
    expect(rows(l)).toEqual([
      ['policy', 'svc', 'path "sys/*"', '(none)', 'sudo'],
      ['policy', 'escalate', 'exists', '(not declared)', 'exists'],
    ]);
  });

  test('GIVEN a deleted declared policy WHEN compared THEN it is reported missing', () => {
    expect(rows({ ...live(), policies: new Map([['svc', undefined]]) })).toEqual([['policy', 'svc', 'exists', 'yes', '(missing)']]);
  });

  test('GIVEN a role with another token policy, an opened binding, no secret ID and a longer TTL WHEN compared THEN each field is reported', () => {
    const l = withEntry('roles', 'approle/svc', (r) => ({ ...r, token_policies: ['svc', 'admin'], token_bound_cidrs: ['0.0.0.0/0'], bind_secret_id: false, token_ttl: 7200, token_period: 60 }));
    expect(rows(l)).toEqual([
      ['role', 'svc', 'token_policies', 'svc', 'svc, admin'],
      ['role', 'svc', 'bind_secret_id', 'true', 'false'],
      ['role', 'svc', 'token_bound_cidrs', '127.0.0.1/32', '0.0.0.0/0'],
      ['role', 'svc', 'token_ttl', '3600 (1h)', '7200 (2h)'],
      ['role', 'svc', 'token_period', '0', '60 (1m)'],
    ]);
  });

  test('GIVEN an undeclared role and a deleted declared one WHEN compared THEN both are reported', () => {
    const l = { ...withEntry('roles', 'approle/svc', () => undefined), roleNames: new Map([['approle', ['backdoor']]]) };
    expect(rows(l)).toEqual([
      ['role', 'svc', 'exists', 'yes', '(missing)'],
      ['role', 'backdoor (auth/approle)', 'exists', '(not declared)', 'exists'],
    ]);
  });

  test('GIVEN tune settings the configuration leaves out WHEN the server has them THEN they are reported against the defaults', () => {
    const l = withEntry('mounts', 'secret', (m) => ({ ...m, config: { ...config, audit_non_hmac_request_keys: ['password'], listing_visibility: 'unauth', default_lease_ttl: 60 } }));
    expect(rows(l)).toEqual([
      ['mount tune', 'secret', 'default_lease_ttl', '0', '60 (1m)'],
      ['mount tune', 'secret', 'audit_non_hmac_request_keys', '(none)', 'password'],
      ['mount tune', 'secret', 'listing_visibility', '(none)', 'unauth'],
    ]);
  });

  test('GIVEN the auth method tuned to batch tokens and HMAC exemptions WHEN compared THEN both are reported under auth/<path>', () => {
    const l = withEntry('authMethods', 'approle', (a) => ({ ...a, config: { ...config, token_type: 'batch', audit_non_hmac_response_keys: ['secret_id'] } }));
    expect(rows(l)).toEqual([
      ['mount tune', 'auth/approle', 'token_type', 'default-service', 'batch'],
      ['mount tune', 'auth/approle', 'audit_non_hmac_response_keys', '(none)', 'secret_id'],
    ]);
  });

  test('GIVEN an undeclared engine and auth method and a changed mount type option WHEN compared THEN they are reported; plugin option values are masked', () => {
    const l = withEntry('mounts', 'secret', (m) => ({ ...m, options: { version: '1', token: 'not-shown' } }));
    const extra = { ...l, mounts: new Map([...l.mounts, ['stash', { type: 'kv' }]]), authMethods: new Map([...l.authMethods, ['userpass', { type: 'userpass' }]]) };
    expect(rows(extra)).toEqual([
      ['auth method', 'userpass', 'exists', '(not declared)', 'type userpass'],
      ['mount', 'secret', 'options.token', '(none)', '(set)'],
      ['mount', 'secret', 'options.version', '2', '1'],
      ['mount', 'stash', 'exists', '(not declared)', 'type kv'],
    ]);
  });

  test('GIVEN the master key opened, soft-deleted and an undeclared key WHEN compared THEN each is reported', () => {
    const l = withEntry('transitKeys', 'transit/k', (k) => ({ ...k, exportable: true, deletion_allowed: true, soft_deleted: true, min_decryption_version: 2 }));
    const extra = { ...l, transitKeyNames: new Map([['transit', ['k', 'other']]]) };
    expect(rows(extra)).toEqual([
      ['transit key', 'transit/k', 'exportable', 'false', 'true'],
      ['transit key', 'transit/k', 'deletion_allowed', 'false', 'true'],
      ['transit key', 'transit/k', 'min_decryption_version', '1', '2'],
      ['transit key', 'transit/k', 'soft_deleted', 'false', 'true'],
      ['transit key', 'transit/other', 'exists', '(not declared)', 'exists'],
    ]);
  });

  test('GIVEN KV settings weakened WHEN compared THEN they are reported', () => {
    const l = withEntry('kvSettings', 'secret', (k) => ({ ...k, cas_required: false, delete_version_after: '1h' }));
    expect(rows(l)).toEqual([
      ['kv settings', 'secret', 'cas_required', 'true', 'false'],
      ['kv settings', 'secret', 'delete_version_after', '0', '3600 (1h)'],
    ]);
  });

  test('GIVEN the audit device re-enabled with raw logging, an option the list does not know, and a second device WHEN compared THEN each option is reported, unknown values masked', () => {
    const l = withEntry('audits', 'file', (a) => ({ ...a, options: { ...AUDIT_OPTIONS, log_raw: 'true', headers: 'Authorization: secret' } }));
    const extra = { ...l, audits: new Map([...l.audits, ['socket', { type: 'socket', options: { address: '10.0.0.1:9090' } }]]) };
    expect(rows(extra)).toEqual([
      ['audit device', 'file', 'options.headers', '(none)', '(set)'],
      ['audit device', 'file', 'options.log_raw', 'false', 'true'],
      ['audit device', 'socket', 'exists', '(not declared)', 'type socket'],
    ]);
    const changed = withEntry('audits', 'file', (a) => ({ ...a, options: { ...AUDIT_OPTIONS, token: 'b' } }));
    expect(rows(changed, { ...declared(), audits: [{ path: 'file', attrs: { type: 'file', description: 'log', options: { ...AUDIT_OPTIONS, token: 'a' } } }] })).toEqual([['audit device', 'file', 'options.token', '(set)', '(another value, not shown)']]);
  });

  test('GIVEN a missing audit device, mount, auth method, key and KV settings WHEN compared THEN each is reported missing', () => {
    const l = { ...live(), audits: new Map(), mounts: new Map(), authMethods: new Map(), transitKeys: new Map([['transit/k', undefined]]), kvSettings: new Map([['secret', undefined]]) };
    expect(rows(l).filter((r) => r[2] === 'exists').map((r) => `${r[0]} ${r[1]} ${r[4]}`)).toEqual([
      'auth method approle (missing)', 'mount secret (missing)', 'mount transit (missing)', 'kv settings secret (missing)', 'transit key transit/k (missing)', 'audit device file (missing)',
    ]);
  });
});
