// The pure parts of `npm run test:terraform`: the schema check and the audit-log request sets.
import { auditRequests, compareRequests } from './audit-requests';
import { checkStackAgainstSchema, type ProvidersSchema } from './schema-check';
import { countWarnings } from './terraform-runs';

const SCHEMA: ProvidersSchema = {
  provider_schemas: {
    'registry.terraform.io/hashicorp/vault': {
      provider: { block: { attributes: { address: { optional: true }, token: { optional: true } } } },
      resource_schemas: {
        vault_policy: { block: { attributes: { id: { optional: true, computed: true }, name: { required: true }, policy: { required: true }, old_field: { optional: true, deprecated: true } } } },
        vault_mount: {
          block: {
            attributes: { path: { required: true }, type: { required: true }, accessor: { computed: true } },
            block_types: { tune: { nesting_mode: 'list', block: { attributes: { max_lease_ttl: { optional: true } } } } },
          },
        },
      },
    },
  },
};

const stack = (resource: Record<string, unknown>, provider: Record<string, unknown> = { vault: [{ address: 'http://127.0.0.1:8200' }] }) => ({
  terraform: { required_providers: { vault: { source: 'hashicorp/vault', version: '5.6.0' } } },
  provider,
  resource,
});

describe('checkStackAgainstSchema', () => {
  test('GIVEN resources using only known arguments WHEN checked THEN nothing is reported (meta-arguments and cdktf metadata are Terraform\'s)', () => {
    const ok = stack({
      vault_policy: { p: { name: 'a', policy: 'x', depends_on: ['vault_mount.m'], lifecycle: { prevent_destroy: true }, '//': { metadata: {} } } },
      vault_mount: { m: { path: 'secret', type: 'kv', tune: [{ max_lease_ttl: '1h' }] } },
    });
    expect(checkStackAgainstSchema(ok, SCHEMA)).toEqual([]);
  });

  test('GIVEN an unknown, a computed-only, a deprecated and a missing required argument WHEN checked THEN each is named with its address', () => {
    const bad = stack(
      { vault_policy: { p: { name: 'a', polcy: 'x', old_field: 'y' } }, vault_mount: { m: { path: 'secret', type: 'kv', accessor: 'z', tune: [{ nope: 1 }] } } },
      { vault: [{ address: 'x', skip_everything: true }] },
    );
    expect(checkStackAgainstSchema(bad, SCHEMA).sort()).toEqual([
      'provider.vault[0].skip_everything: not an attribute or block of this resource',
      'vault_mount.m.accessor: computed by the provider, not an argument',
      'vault_mount.m.tune[0].nope: not an attribute or block of this resource',
      'vault_policy.p.old_field: deprecated by the provider',
      'vault_policy.p.policy: required, but not set',
      'vault_policy.p.polcy: not an attribute or block of this resource',
    ].sort());
  });

  test('GIVEN a resource type no declared provider has WHEN checked THEN it is reported (near miss: the same type under its provider passes)', () => {
    expect(checkStackAgainstSchema(stack({ vault_nope: { x: {} } }), SCHEMA)).toEqual(['resource.vault_nope: no provider in required_providers has this resource type']);
    expect(checkStackAgainstSchema(stack({ vault_policy: { x: { name: 'a', policy: 'b' } } }), SCHEMA)).toEqual([]);
  });
});

describe('auditRequests', () => {
  const line = (type: string, operation: string, path: string) => JSON.stringify({ type, request: { operation, path } });

  test('GIVEN request and response entries WHEN read THEN each distinct request counts once and responses and the device test entry are left out', () => {
    const log = [line('request', 'read', 'sys/mounts'), line('response', 'read', 'sys/mounts'), line('request', 'read', 'sys/mounts'), line('request', 'update', 'sys/audit/test'), line('request', 'create', 'auth/approle/role/a')].join('\n');
    expect([...auditRequests(log)].sort()).toEqual(['create auth/approle/role/a', 'read sys/mounts']);
  });

  test('GIVEN an offset WHEN read THEN only the entries after it count', () => {
    const first = `${line('request', 'read', 'sys/a')}\n`;
    expect([...auditRequests(first + line('request', 'read', 'sys/b'), first.length)]).toEqual(['read sys/b']);
  });

  test('GIVEN two sets WHEN compared THEN each side\'s extra requests are listed, sorted', () => {
    expect(compareRequests(new Set(['read a', 'read b', 'update c']), new Set(['read b', 'create d']))).toEqual({ onlyProvider: ['read a', 'update c'], onlyFixture: ['create d'] });
  });
});

describe('countWarnings', () => {
  test('GIVEN provider warnings, one folded, and the mirror note of terraform init WHEN counted THEN the provider warnings count and the init note does not', () => {
    const output = [
      'Warning: Incomplete lock file information for providers',
      'Warning: found 1 invalid CIDR block(s) for "token_bound_cidrs", values=127.0.0.1',
      '(and 3 more similar warnings elsewhere)',
    ].join('\n');
    expect(countWarnings(output)).toBe(4);
    expect(countWarnings('Apply complete! Resources: 1 added.')).toBe(0);
  });
});
