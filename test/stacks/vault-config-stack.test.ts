import { roleNames } from '../../services/catalog';
import { DEV, E2E, PROD } from '../../stacks/environments';
import { resourcesOf, resourceWhere, synthToTemp, SynthOutput } from '../support/synth';

describe('<env>-config stacks', () => {
  let out: SynthOutput;
  beforeAll(() => { out = synthToTemp(); });
  afterAll(() => out.cleanup());

  describe.each([
    [DEV, false],
    [E2E, false],
    [PROD, true],
  ] as const)('$name', (env, production) => {
    const json = () => out.stack(`${env.name}-config`);

    test('GIVEN the environment WHEN synthesized THEN KV v2 is mounted at secret/ with the configured versions and check-and-set', () => {
      expect(resourceWhere(json(), 'vault_mount', 'path', 'secret')).toMatchObject({ type: 'kv', options: { version: '2' } });
      expect(resourcesOf(json(), 'vault_kv_secret_backend_v2')).toEqual([
        expect.objectContaining({ max_versions: env.kv.maxVersions, cas_required: env.kv.casRequired, delete_version_after: 0 }),
      ]);
    });

    test('GIVEN the server mode WHEN synthesized THEN what already exists is imported: dev mode\'s secret/ mount, or what the bootstrap ceremony created', () => {
      const address = (type: string, key: string, value: string) => `${type}.${Object.entries(json().resource[type]).find(([, r]) => r[key] === value)?.[0]}`;
      const expected =
        env.server.mode === 'dev'
          ? [{ id: 'secret', to: address('vault_mount', 'path', 'secret') }]
          : [
              { id: 'file', to: address('vault_audit', 'path', 'file') },
              { id: 'approle', to: address('vault_auth_backend', 'path', 'approle') },
              { id: 'hoodcloud-admin', to: address('vault_policy', 'name', 'hoodcloud-admin') },
              { id: 'auth/approle/role/hoodcloud-admin', to: address('vault_approle_auth_backend_role', 'role_name', 'hoodcloud-admin') },
            ];
      expect(json().import).toEqual(expect.arrayContaining(expected));
      expect(json().import).toHaveLength(expected.length);
    });

    test('GIVEN the server mode WHEN synthesized THEN a raft cluster declares its autopilot (cleanup above a quorum of the declared nodes, Go durations) and dev mode none', () => {
      const autopilot = resourcesOf(json(), 'vault_raft_autopilot');
      if (env.server.mode === 'dev') {
        expect(autopilot).toEqual([]);
        return;
      }
      expect(autopilot).toEqual([
        expect.objectContaining({
          cleanup_dead_servers: true,
          min_quorum: env.server.nodes.length,
          dead_server_last_contact_threshold: '1h0m0s',
          last_contact_threshold: '10s',
          server_stabilization_time: '10s',
          max_trailing_logs: 1000,
          depends_on: [expect.stringMatching(/^vault_audit\./)],
        }),
      ]);
    });

    test('GIVEN the environment WHEN synthesized THEN hoodcloud-masterkey is aes256-gcm96, not exportable, not backed up, not deletable', () => {
      expect(resourceWhere(json(), 'vault_transit_secret_backend_key', 'name', 'hoodcloud-masterkey')).toMatchObject({
        type: 'aes256-gcm96',
        exportable: false,
        allow_plaintext_backup: false,
        deletion_allowed: false,
        auto_rotate_period: env.masterKey.autoRotatePeriodSeconds,
      });
      expect(resourceWhere(json(), 'vault_mount', 'path', 'transit')).toMatchObject({ type: 'transit' });
    });

    test(`GIVEN production=${production} WHEN synthesized THEN prevent_destroy guards the key and both data mounts only in production`, () => {
      const guarded = [
        resourceWhere(json(), 'vault_transit_secret_backend_key', 'name', 'hoodcloud-masterkey'),
        resourceWhere(json(), 'vault_mount', 'path', 'secret'),
        resourceWhere(json(), 'vault_mount', 'path', 'transit'),
      ];
      for (const r of guarded) expect((r.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true).toBe(production);
    });

    test('GIVEN the roles of the service registry WHEN synthesized THEN each is CIDR-bound, carries its own policy, and follows the TTL and security profile', () => {
      const roles = resourcesOf(json(), 'vault_approle_auth_backend_role');
      expect(roles.map((r) => r.role_name).sort()).toEqual(roleNames().sort());
      for (const name of roleNames()) {
        const role = resourceWhere(json(), 'vault_approle_auth_backend_role', 'role_name', name);
        const binding = env.roles[name];
        expect(role).toMatchObject({
          bind_secret_id: true,
          secret_id_bound_cidrs: [...binding.secretIdBoundCidrs],
          token_bound_cidrs: [...binding.tokenBoundCidrs],
          token_ttl: env.ttl.tokenTtlSeconds,
          token_max_ttl: env.ttl.tokenMaxTtlSeconds,
          secret_id_ttl: env.securityProfile.secretIdTtlSeconds,
          secret_id_num_uses: env.securityProfile.secretIdNumUses,
        });
        const policyAddress = Object.entries(json().resource.vault_policy).find(([, p]) => p.name === name)?.[0];
        expect(role.token_policies).toEqual([`\${vault_policy.${policyAddress}.name}`]);
      }
    });

    test('GIVEN the audit device WHEN synthesized THEN it writes JSON to /vault/logs/audit.log and every other resource depends on it', () => {
      const audit = Object.entries(json().resource.vault_audit);
      expect(audit).toHaveLength(1);
      const [address, device] = audit[0];
      expect(device).toMatchObject({ type: 'file', path: 'file', options: { file_path: '/vault/logs/audit.log', format: 'json', log_raw: 'false', mode: '0600' } });
      for (const [type, byName] of Object.entries(json().resource)) {
        if (type === 'vault_audit') continue;
        // A bare address: Terraform rejects "${...}" in depends_on ("A single static variable reference is required").
        for (const r of Object.values(byName)) expect(r.depends_on).toContain(`vault_audit.${address}`);
      }
    });

    test('GIVEN the provider WHEN synthesized THEN it points at the environment address and carries no token', () => {
      expect(json().provider.vault).toEqual([{ address: env.vaultAddress }]);
    });

    test('GIVEN the state backend WHEN synthesized THEN it is an explicit local backend with a relative path outside cdktf.out', () => {
      expect(json().terraform.backend).toEqual({ local: { path: `../../../terraform.${env.name}-config.tfstate` } });
    });
  });

  test('GIVEN every synthesized stack WHEN scanned THEN no token, key or machine-specific absolute path appears, and dev-token only in dev-mode server stacks', () => {
    for (const name of out.stacks) {
      const text = out.text(name);
      expect(text).not.toMatch(/hvs\.|hvb\.|s\.[A-Za-z0-9]{24}|BEGIN [A-Z ]*PRIVATE KEY|"token"\s*:/);
      expect(text).not.toMatch(/\/(tmp|home|root|work|Users)\//);
      if (!['dev-server', 'e2e-server'].includes(name)) expect(text).not.toContain('dev-token');
    }
  });
});
