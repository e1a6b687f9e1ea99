// Fixture tests of the blocking rules added for issue 9 (and the blind spots they close): the real
// app is synthesized once (prod only: every rule reads the same kinds of resources in every
// environment), each case copies the output and edits the Terraform JSON, and each rule has a near
// miss that must not block. Names come from the layout and the registry, never typed here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, EXIT_BLOCKING, EXIT_INPUT_ERROR, EXIT_OK } from '../../review/cli';
import { ReviewResult } from '../../review/report-model';
import { PROD } from '../../stacks/environments';
import { LAYOUT } from '../../stacks/layout';
import { roleNames, workloadServices } from '../../services/catalog';
import { SERVICES } from '../../services/registry';
import { cleanup, copySynth, editStack, findResource, synthToTemp, MEMORY_FILES, readStack } from './support/synth-fixture';
import type { TfJson } from './support/tf-json';

vi.setConfig({ testTimeout: 20_000 });

const OPERATOR = SERVICES.find((s) => s.intent.operator)!.roleName;
const WORKLOAD = workloadServices()[0].roleName;

function review(base: string, head: string): { code: number; result: ReviewResult; err: string } {
  let out = '';
  let err = '';
  const code = runCli(['--base', base, '--head', head, '--json'], { stdout: (s) => (out += s), stderr: (s) => (err += s) }, MEMORY_FILES);
  return { code, result: out ? (JSON.parse(out) as ReviewResult) : (undefined as unknown as ReviewResult), err };
}

const rules = (r: ReviewResult) => r.blocking.map((f) => f.rule);
const key = (j: TfJson) => findResource(j, 'vault_transit_secret_backend_key', 'name', LAYOUT.masterKey)[1];
const mount = (j: TfJson, p: string) => findResource(j, 'vault_mount', 'path', p)[1];
const audit = (j: TfJson) => Object.values(j.resource.vault_audit as Record<string, TfJson>)[0];
const role = (j: TfJson, name: string) => findResource(j, 'vault_approle_auth_backend_role', 'role_name', name)[1];
const policy = (j: TfJson, name: string) => findResource(j, 'vault_policy', 'name', name)[1];
const container = (j: TfJson) => Object.values(j.resource.docker_container as Record<string, TfJson>)[0];

/** Edits the JSON server config the prod container uploads. */
function editServerConfig(j: TfJson, fn: (listener: TfJson) => void): void {
  const upload = (container(j).upload as TfJson[]).find((u) => String(u.file).endsWith('.json'))!;
  const config = JSON.parse(upload.content);
  fn(config.listener[0].tcp);
  upload.content = JSON.stringify(config, null, 2);
}

describe('blocking rules on fixture changes of the real prod synth', () => {
  let base: string;
  const dirs: string[] = [];
  const fresh = (label: string, from = base) => {
    const d = copySynth(from, label);
    dirs.push(path.dirname(d));
    return d;
  };
  const changed = (stack: string, edit: (j: TfJson) => void, from = base) => {
    const d = fresh('head', from);
    editStack(d, stack, edit);
    return d;
  };
  const blocks = (head: string, expected: string[], from = base) => {
    const r = review(from, head);
    expect({ code: r.code, rules: rules(r.result).sort() }).toEqual({ code: EXIT_BLOCKING, rules: [...expected].sort() });
    return r.result;
  };
  const passes = (head: string, from = base) => {
    const r = review(from, head);
    expect({ code: r.code, blocking: r.result.blocking }).toEqual({ code: EXIT_OK, blocking: [] });
    return r.result;
  };

  beforeAll(() => {
    base = synthToTemp('rules', [PROD]);
    dirs.push(path.dirname(base));
  });
  afterAll(() => cleanup(...dirs));

  describe('what is protected comes from the configuration', () => {
    test('GIVEN the review\'s sources WHEN read THEN none names the master key, the layout\'s mounts or a role as a string', () => {
      const dir = path.join(__dirname, '..', '..', 'review');
      // A name as a whole string, or a path under a mount: `'hoodcloud-…'`, `"secret/data/…"`. The bare words
      // `transit` and `kv` are also engine types and probe areas, so mounts are looked for as path prefixes.
      const escape = (n: string) => n.replace(/[-/.]/g, '\\$&');
      const patterns = [
        ...[LAYOUT.masterKey, ...roleNames()].map((n) => ({ n, re: new RegExp(`['"\`]${escape(n)}(/[^'"\`]*)?['"\`]`) })),
        ...[LAYOUT.kvMount, LAYOUT.transitMount].map((n) => ({ n: `${n}/`, re: new RegExp(`['"\`]${escape(n)}/`) })),
      ];
      const hits = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) =>
          fs
            .readFileSync(path.join(dir, f), 'utf8')
            .split('\n')
            .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
            .filter(({ line }) => !/^\s*(\/\/|\/\*|\*)/.test(line))
            .flatMap(({ line, at }) => patterns.filter((p) => p.re.test(line)).map((p) => `${at}: ${p.n}`)),
        );
      expect(hits).toEqual([]);
    });

    test('GIVEN the master key renamed in the head WHEN reviewed THEN it blocks: the provider replaces the key (name is ForceNew), destroying the old one', () => {
      const head = changed('prod-config', (j) => (key(j).name = 'renamed-key'));
      const result = blocks(head, ['transit-key-removed-or-replaced']);
      expect(result.blocking[0].message).toContain(`transit key "${LAYOUT.transitMount}/${LAYOUT.masterKey}" is removed`);
    });

    test('GIVEN the master key renamed (base and head) WHEN the head then allows its deletion THEN it blocks under its new name; a harmless change to it does not (near miss)', () => {
      const renamed = changed('prod-config', (j) => (key(j).name = 'renamed-key'));
      const head = changed('prod-config', (j) => (findResource(j, 'vault_transit_secret_backend_key', 'name', 'renamed-key')[1].deletion_allowed = true), renamed);
      const result = blocks(head, ['transit-key-deletion-or-export-enabled'], renamed);
      expect(result.blocking[0].message).toBe(`prod-config: transit key "${LAYOUT.transitMount}/renamed-key" deletion_allowed false → true`);
      passes(changed('prod-config', (j) => (findResource(j, 'vault_transit_secret_backend_key', 'name', 'renamed-key')[1].auto_rotate_period = 7 * 24 * 3600), renamed), renamed);
    });

    test('GIVEN every protected object renamed in base and head (KV and transit mounts, key, audit device) WHEN each is then put in another namespace THEN each blocks', () => {
      const rename = (j: TfJson) => {
        mount(j, LAYOUT.kvMount).path = 'vault-kv';
        mount(j, LAYOUT.transitMount).path = 'crypto';
        key(j).name = 'dek-wrapper';
        audit(j).path = 'audit-trail';
      };
      const renamed = changed('prod-config', rename);
      const head = changed(
        'prod-config',
        (j) => {
          for (const r of [mount(j, 'vault-kv'), mount(j, 'crypto'), findResource(j, 'vault_transit_secret_backend_key', 'name', 'dek-wrapper')[1], audit(j)]) r.namespace = 'team-a';
        },
        renamed,
      );
      const result = blocks(head, ['kv-mount-removed-or-replaced', 'transit-mount-removed-or-replaced', 'transit-key-removed-or-replaced', 'audit-device-removed'], renamed);
      expect(result.blocking.map((f) => f.message).sort()).toEqual(
        [
          'prod-config: audit device "audit-trail" is replaced (forced by namespace): requests would go unaudited',
          'prod-config: KV mount "vault-kv/" is replaced (forced by namespace): every secret in it would be destroyed',
          'prod-config: transit mount "crypto/" is replaced (forced by namespace): its keys, and every DEK they encrypted, would be lost',
          'prod-config: transit key "crypto/dek-wrapper" is replaced (forced by namespace): every DEK it encrypted becomes undecryptable',
        ].sort(),
      );
    });
  });

  describe('replacement as the provider plans it', () => {
    test('GIVEN a policy put in another namespace WHEN reviewed THEN it is replaced (namespace is ForceNew on every vault_* resource) but holds no data: no block (near miss)', () => {
      const result = passes(changed('prod-config', (j) => (policy(j, WORKLOAD).namespace = 'team-a')));
      expect(result.environments[0].resources).toContainEqual(expect.objectContaining({ type: 'vault_policy', action: 'replaced', forcedBy: ['namespace'] }));
    });

    test('GIVEN the master key\'s key_size changed WHEN reviewed THEN it is an update (the provider does not force a replacement on it) and nothing blocks', () => {
      const result = passes(changed('prod-config', (j) => (key(j).key_size = 64)));
      expect(result.environments[0].resources).toEqual([expect.objectContaining({ type: 'vault_transit_secret_backend_key', action: 'updated', forcedBy: [] })]);
    });

    test('GIVEN the server image changed WHEN reviewed THEN the image is replaced, the container with it (its image id is known only after apply), the volumes are kept and nothing blocks', () => {
      const result = passes(changed('prod-server', (j) => (Object.values(j.resource.docker_image as Record<string, TfJson>)[0].name = 'hashicorp/vault:9.9.9')));
      const resources = result.environments[0].resources.map((r) => `${r.type} ${r.action}`);
      // Every node on the daemon runs that one image.
      expect(resources).toEqual([...PROD.server.nodes.map(() => 'docker_container replaced'), 'docker_image removed', 'docker_image added']);
      expect(result.environments[0].resources[0].forcedBy).toEqual([expect.stringMatching(/^image \(known after apply: docker_image\.\S+ is created anew\)$/)]);
    });
  });

  describe('transit keys', () => {
    test.each([
      ['exportable', true],
      ['allow_plaintext_backup', 'true'],
      ['deletion_allowed', '1'],
    ])('GIVEN a new transit key created with %s = %j WHEN reviewed THEN it blocks (transit-key-created-exportable-or-deletable)', (flag, value) => {
      const head = changed('prod-config', (j) => {
        const [id, body] = findResource(j, 'vault_transit_secret_backend_key', 'name', LAYOUT.masterKey);
        j.resource.vault_transit_secret_backend_key[`${id}_second`] = { ...body, name: 'second-key', exportable: false, allow_plaintext_backup: false, deletion_allowed: false, [flag]: value };
      });
      const result = blocks(head, ['transit-key-created-exportable-or-deletable']);
      expect(result.blocking[0].message).toContain(`new transit key "${LAYOUT.transitMount}/second-key" is created with ${flag} = true`);
    });

    test('GIVEN a new transit key with every flag off (false, "false", "0") WHEN reviewed THEN it is only added (near miss)', () => {
      const head = changed('prod-config', (j) => {
        const [id, body] = findResource(j, 'vault_transit_secret_backend_key', 'name', LAYOUT.masterKey);
        j.resource.vault_transit_secret_backend_key[`${id}_second`] = { ...body, name: 'second-key', exportable: false, allow_plaintext_backup: 'false', deletion_allowed: '0' };
      });
      expect(passes(head).environments[0].resources).toEqual([expect.objectContaining({ key: `${LAYOUT.transitMount}/second-key`, action: 'added' })]);
    });

    test('GIVEN the master key\'s deletion_allowed set to the string "true" (Terraform reads it as true) WHEN reviewed THEN it blocks like the boolean', () => {
      blocks(changed('prod-config', (j) => (key(j).deletion_allowed = 'true')), ['transit-key-deletion-or-export-enabled']);
    });

    test.each([
      [undefined, 2],
      [undefined, '3'],
      [2, 5],
    ])('GIVEN min_decryption_version %j → %j WHEN reviewed THEN it blocks (older ciphertext no longer decrypts)', (from, to) => {
      const start = from === undefined ? base : changed('prod-config', (j) => (key(j).min_decryption_version = from));
      const head = changed('prod-config', (j) => (key(j).min_decryption_version = to), start);
      const result = blocks(head, ['transit-min-decryption-version-raised'], start);
      expect(result.blocking[0].message).toContain(`min_decryption_version ${from === undefined ? 'unset (1)' : from} → ${to}: ciphertext (and every DEK) encrypted with key versions below ${Number(to)} no longer decrypts`);
    });

    test('GIVEN min_decryption_version lowered, or min_encryption_version raised WHEN reviewed THEN nothing blocks (near misses)', () => {
      const start = changed('prod-config', (j) => (key(j).min_decryption_version = 3));
      passes(changed('prod-config', (j) => (key(j).min_decryption_version = 2), start), start);
      passes(changed('prod-config', (j) => (key(j).min_encryption_version = 2)));
    });
  });

  describe('audit', () => {
    test.each([
      ['the KV mount', 'audit_non_hmac_request_keys', (j: TfJson, v: string[]) => (mount(j, LAYOUT.kvMount).audit_non_hmac_request_keys = v)],
      ['the transit mount', 'audit_non_hmac_response_keys', (j: TfJson, v: string[]) => (mount(j, LAYOUT.transitMount).audit_non_hmac_response_keys = v)],
      ['the AppRole auth method\'s tune block', 'tune[0].audit_non_hmac_request_keys', (j: TfJson, v: string[]) => (findResource(j, 'vault_auth_backend', 'type', 'approle')[1].tune = [{ audit_non_hmac_request_keys: v }])],
    ])('GIVEN keys exempted from HMACing on %s WHEN reviewed THEN it blocks (audit-hmac-weakened), naming the field', (_label, field, set) => {
      const result = blocks(changed('prod-config', (j) => set(j, ['password'])), ['audit-hmac-weakened']);
      expect(result.blocking[0].message).toContain(`${field} gains "password": these request or response fields would be written to the audit log in clear`);
    });

    test('GIVEN request headers passed through on a mount, or exempted keys already in the base WHEN reviewed THEN nothing blocks (near misses)', () => {
      passes(changed('prod-config', (j) => (mount(j, LAYOUT.kvMount).passthrough_request_headers = ['X-Request-Id'])));
      const start = changed('prod-config', (j) => (mount(j, LAYOUT.kvMount).audit_non_hmac_request_keys = ['password']));
      passes(changed('prod-config', (j) => (mount(j, LAYOUT.kvMount).description = 'kept'), start), start);
    });

    test.each([true, 'true', '1', 'T'])('GIVEN the audit device with log_raw = %j WHEN reviewed THEN it blocks (audit-log-raw)', (value) => {
      // Changing options replaces the device (every vault_audit attribute is ForceNew): that blocks too.
      const result = blocks(changed('prod-config', (j) => (audit(j).options.log_raw = value)), ['audit-device-removed', 'audit-log-raw']);
      expect(result.blocking[1].message).toBe(`prod-config: audit device "${LAYOUT.auditDevice}" options.log_raw = "${String(value)}": secrets, tokens and request values would be written to the audit log in clear`);
    });

    test.each(['discard', 'DISCARD', '/dev/null', '/dev//null'])('GIVEN a new audit device with file_path %j WHEN reviewed THEN it blocks (audit-log-discarded)', (filePath) => {
      const head = changed('prod-config', (j) => {
        const [id, body] = Object.entries(j.resource.vault_audit as Record<string, TfJson>)[0];
        j.resource.vault_audit[`${id}_second`] = { ...body, path: 'second', options: { ...body.options, file_path: filePath } };
      });
      const result = blocks(head, ['audit-log-discarded']);
      expect(result.blocking[0].message).toBe(`prod-config: audit device "second" (new) options.file_path = ${JSON.stringify(filePath)}: the device discards every entry, so requests would go unaudited`);
    });

    test.each([
      ['log_raw', 'false'],
      ['log_raw', '0'],
      ['file_path', '/vault/logs/discard.log'],
      ['hmac_accessor', 'true'],
    ])('GIVEN a new audit device with %s = %j WHEN reviewed THEN nothing blocks (near miss)', (option, value) => {
      const head = changed('prod-config', (j) => {
        const [id, body] = Object.entries(j.resource.vault_audit as Record<string, TfJson>)[0];
        j.resource.vault_audit[`${id}_second`] = { ...body, path: 'second', options: { ...body.options, [option]: value } };
      });
      passes(head);
    });

    test('GIVEN a new audit device with hmac_accessor = "false" WHEN reviewed THEN it blocks (audit-hmac-weakened)', () => {
      const head = changed('prod-config', (j) => {
        const [id, body] = Object.entries(j.resource.vault_audit as Record<string, TfJson>)[0];
        j.resource.vault_audit[`${id}_second`] = { ...body, path: 'second', options: { ...body.options, hmac_accessor: 'false' } };
      });
      expect(blocks(head, ['audit-hmac-weakened']).blocking[0].message).toContain('options.hmac_accessor = "false": token accessors would be written in clear');
    });
  });

  describe('the server config', () => {
    test.each([true, 'true', '1', 't', 1])('GIVEN tls_disable = %j on the prod listener WHEN reviewed THEN it blocks (server-tls-disabled)', (value) => {
      const result = blocks(changed('prod-server', (j) => editServerConfig(j, (l) => (l.tls_disable = value))), ['server-tls-disabled']);
      expect(result.blocking[0].message).toMatch(/^prod-server: container "[^"]+" \/vault\/config\/[^ ]+\.json listener\[0\]\.tcp\.tls_disable = .+: the server would serve tokens, secret IDs and secrets without TLS$/);
    });

    test.each([false, 'false', 0, '0'])('GIVEN tls_disable = %j WHEN reviewed THEN nothing blocks (near miss)', (value) => {
      passes(changed('prod-server', (j) => editServerConfig(j, (l) => (l.tls_disable = value))));
    });

    test.each([
      ['address', '0.0.0.0:8200', 'every interface'],
      ['address', '[::]:8200', 'every interface'],
      ['address', ':8200', 'every interface'],
      ['address', '10.1.2.3:8200', 'one interface'],
      ['cluster_address', '0.0.0.0:8201', 'every interface'],
    ])('GIVEN the listener\'s %s moved to %s WHEN reviewed THEN it blocks (server-listener-widened)', (field, address, reach) => {
      const result = blocks(changed('prod-server', (j) => editServerConfig(j, (l) => (l[field] = address))), ['server-listener-widened']);
      expect(result.blocking[0].message).toContain(`listener[0].tcp.${field}: "127.0.0.1:${field === 'address' ? 8200 : 8201}" (loopback only) → "${address}" (${reach})`);
    });

    test.each([
      ['address', '127.0.0.2:8200'],
      ['address', '127.0.0.1:8300'],
      ['cluster_address', '[::1]:8201'],
    ])('GIVEN the listener\'s %s moved to %s (still loopback) WHEN reviewed THEN nothing blocks (near miss)', (field, address) => {
      passes(changed('prod-server', (j) => editServerConfig(j, (l) => (l[field] = address))));
    });

    test('GIVEN a published port moved from 127.0.0.1 to every interface WHEN reviewed THEN it blocks; kept on 127.0.0.1 (near miss) nothing blocks', () => {
      const start = changed('prod-server', (j) => (container(j).ports = [{ internal: 8200, external: 8200, ip: '127.0.0.1' }]));
      const result = blocks(changed('prod-server', (j) => (container(j).ports[0].ip = '0.0.0.0'), start), ['server-listener-widened'], start);
      expect(result.blocking[0].message).toContain('ports[0].ip (container port 8200): "127.0.0.1" (loopback only) → "0.0.0.0" (every interface)');
      passes(changed('prod-server', (j) => (container(j).ports[0].external = 18200), start), start);
    });
  });

  describe('CIDR bindings', () => {
    test.each([
      ['the two IPv4 halves', ['0.0.0.0/1', '128.0.0.0/1']],
      ['the two IPv6 halves', ['127.0.0.1/32', '::/1', '8000::/1']],
    ])('GIVEN a role\'s token binding set to %s WHEN reviewed THEN it blocks (binding-opened: their union admits everyone)', (_label, cidrs) => {
      const was = role(readStack(base, 'prod-config'), WORKLOAD).token_bound_cidrs as string[];
      const result = blocks(changed('prod-config', (j) => (role(j, WORKLOAD).token_bound_cidrs = cidrs)), ['binding-opened']);
      expect(result.blocking[0].message).toBe(`role ${WORKLOAD}: token_bound_cidrs opened to ${cidrs.join(', ')} (was ${was.join(', ')})`);
    });

    test('GIVEN only one IPv4 half WHEN reviewed THEN the binding is widened, not open: no block (near miss)', () => {
      const result = passes(changed('prod-config', (j) => (role(j, WORKLOAD).token_bound_cidrs = ['0.0.0.0/1'])));
      expect(result.environments[0].bindings).toEqual([expect.objectContaining({ role: WORKLOAD, field: 'token_bound_cidrs', effect: 'widened' })]);
    });

    test.each([
      ['host bits set', '10.0.0.5/8', 'has host bits set'],
      ['not an address', 'not-a-cidr', 'is not an IPv4 or IPv6 address'],
      ['a prefix too long', '10.0.0.0/33', 'has prefix length 33'],
    ])('GIVEN a binding with %s in the head WHEN reviewed THEN it is bad input (exit 2) naming the stack, role, field, index and value', (_label, value, problem) => {
      const r = review(base, changed('prod-config', (j) => (role(j, WORKLOAD).secret_id_bound_cidrs = ['127.0.0.1/32', value])));
      expect(r.code).toBe(EXIT_INPUT_ERROR);
      expect(r.err).toContain(`review: head prod-config role ${WORKLOAD} secret_id_bound_cidrs[1] = ${JSON.stringify(value)}: the value ${problem}`);
    });

    test('GIVEN a malformed binding in the base WHEN reviewed THEN it is bad input too; a valid one (near miss) is not', () => {
      const bad = changed('prod-config', (j) => (role(j, WORKLOAD).token_bound_cidrs = ['127.0.0.1/8']));
      const r = review(bad, base);
      expect(r.code).toBe(EXIT_INPUT_ERROR);
      expect(r.err).toContain(`base prod-config role ${WORKLOAD} token_bound_cidrs[0] = "127.0.0.1/8": the value has host bits set`);
      expect(review(base, changed('prod-config', (j) => (role(j, WORKLOAD).token_bound_cidrs = ['127.0.0.0/8']))).code).toBe(EXIT_OK);
    });
  });

  describe('workload roles', () => {
    test('GIVEN a workload role given an operator role\'s policy WHEN reviewed THEN it blocks (service-role-gains-operator-policy)', () => {
      const head = changed('prod-config', (j) => role(j, WORKLOAD).token_policies.push(OPERATOR));
      const result = blocks(head, ['service-role-gains-operator-policy', 'service-role-gains-management-capability']);
      expect(result.blocking[0].message).toBe(`role ${WORKLOAD} (prod-config): a workload role's token_policies gain the operator policy "${OPERATOR}": its tokens could manage roles, policies, audit and keys`);
    });

    test('GIVEN the operator role given a workload\'s policy, or a workload given the built-in default policy WHEN reviewed THEN nothing blocks (near misses)', () => {
      passes(changed('prod-config', (j) => role(j, OPERATOR).token_policies.push(WORKLOAD)));
      passes(changed('prod-config', (j) => role(j, WORKLOAD).token_policies.push('default')));
    });

    test.each([
      ['sys/policies/acl/*', 'update'],
      [`${LAYOUT.transitMount}/keys/${LAYOUT.masterKey}/config`, 'update'],
      [`auth/${LAYOUT.approleMount}/role/${OPERATOR}/secret-id`, 'create", "update'],
      ['sys/raw/*', 'sudo", "read'],
    ])('GIVEN a workload policy granting %s (%s) WHEN reviewed THEN it blocks (service-role-gains-management-capability)', (p, caps) => {
      const head = changed('prod-config', (j) => (policy(j, WORKLOAD).policy += `\npath "${p}" {\n  capabilities = ["${caps}"]\n}\n`));
      const result = blocks(head, ['service-role-gains-management-capability']);
      expect(result.blocking[0].message).toMatch(new RegExp(`^role ${WORKLOAD} \\(prod-config\\): a workload role gains management capabilities: .*on ${p.replace(/[*+]/g, '\\$&')}`));
    });

    test('GIVEN a workload granted list on sys/policies/acl, or the operator granted more management WHEN reviewed THEN nothing blocks (near misses)', () => {
      passes(changed('prod-config', (j) => (policy(j, WORKLOAD).policy += '\npath "sys/policies/acl" {\n  capabilities = ["list"]\n}\n')));
      passes(changed('prod-config', (j) => (policy(j, OPERATOR).policy += '\npath "sys/mounts/extra" {\n  capabilities = ["create", "update"]\n}\n')));
    });
  });

  describe('two resources for one server object', () => {
    test.each([
      ['two policies whose names differ in case', (j: TfJson) => {
        const [id, body] = findResource(j, 'vault_policy', 'name', WORKLOAD);
        j.resource.vault_policy[`${id}_twin`] = { ...body, name: WORKLOAD.toUpperCase() };
      }, `both declare policy "${WORKLOAD.toUpperCase()}" (names compared case-insensitively, as Vault does)`],
      ['two roles of one backend', (j: TfJson) => {
        const [id, body] = findResource(j, 'vault_approle_auth_backend_role', 'role_name', WORKLOAD);
        j.resource.vault_approle_auth_backend_role[`${id}_twin`] = { ...body };
      }, `both declare role "${LAYOUT.approleMount}/${WORKLOAD}"`],
    ])('GIVEN %s WHEN reviewed THEN it is bad input (exit 2): the server keeps one, and which depends on the apply order', (_label, edit, message) => {
      const r = review(base, changed('prod-config', edit));
      expect(r.code).toBe(EXIT_INPUT_ERROR);
      expect(r.err).toMatch(/^review: --head stack "prod-config" \(\S+\/stacks\/prod-config\/cdk\.tf\.json\): vault_\S+ and vault_\S+ /);
      expect(r.err).toContain(message);
      expect(r.err).toContain('which one depends on the order Terraform applies them in');
    });

    test('GIVEN a second policy with a name of its own WHEN reviewed THEN it is reviewed (near miss)', () => {
      const head = changed('prod-config', (j) => {
        const [id, body] = findResource(j, 'vault_policy', 'name', WORKLOAD);
        j.resource.vault_policy[`${id}_twin`] = { ...body, name: `${WORKLOAD}-2` };
      });
      expect(review(base, head).code).toBe(EXIT_OK);
    });
  });
});
