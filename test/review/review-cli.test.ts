// Fixture tests of the review command: the real app is synthesized once, each case copies the
// output and changes it (edits of the Terraform JSON, or a synth with altered settings), and the
// expectations are computed from the synthesized data, not pasted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, EXIT_BLOCKING, EXIT_INPUT_ERROR, EXIT_OK } from '../../review/cli';
import { BLOCKING_RULES, ReviewResult } from '../../review/report-model';
import { COMMENT_MARKER } from '../../review/markdown';
import { parsePolicy } from '../../model/policy-parser';
import { Acl } from '../../review/acl-evaluator';
import { SECRET_CATALOG } from '../../services/catalog';
import { ENVIRONMENTS, E2E } from '../../stacks/environments';
import { phase1 } from '../../constructs/approle';
import { CONTAINER_PATHS } from '../../constructs/vault-server';
import { cleanup, copySynth, editStack, findResource, synthToTemp, tempDir, MEMORY_FILES, readStack, removeStack } from './support/synth-fixture';
import { renameLogicalId, type TfJson } from './support/tf-json';

const CONTROL_PLANE = 'hoodcloud-control-plane';

function run(base: string, head: string, json = false): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(['--base', base, '--head', head, ...(json ? ['--json'] : [])], { stdout: (s) => (out += s), stderr: (s) => (err += s) }, MEMORY_FILES);
  return { code, out, err };
}

function runJson(base: string, head: string): { code: number; result: ReviewResult } {
  const r = run(base, head, true);
  return { code: r.code, result: JSON.parse(r.out) as ReviewResult };
}

function policyText(outdir: string, stack: string, name: string): string {
  const json = readStack(outdir, stack);
  return String(findResource(json, 'vault_policy', 'name', name)[1].policy);
}

function setPolicy(json: TfJson, name: string, edit: (text: string) => string): void {
  const [, body] = findResource(json, 'vault_policy', 'name', name);
  const before = body.policy;
  body.policy = edit(before);
  if (body.policy === before) throw new Error(`fixture: editing policy ${name} changed nothing`);
}

/** The first prod server container (of the cluster's nodes) and the docker_volume mounted at `containerPath` in it: `[volume logical id, volume body, mount index]`. */
function mountedVolume(json: TfJson, containerPath: string): { id: string; volume: TfJson; container: TfJson; index: number } {
  const containers = Object.values((json.resource?.docker_container ?? {}) as Record<string, TfJson>);
  expect(containers.length).toBeGreaterThanOrEqual(1);
  const container = containers[0];
  const index = (container.volumes as TfJson[]).findIndex((v) => v.container_path === containerPath);
  if (index < 0) throw new Error(`fixture: nothing mounted at ${containerPath}`);
  const ref = /^\$\{docker_volume\.([^.]+)\.name\}$/.exec(String(container.volumes[index].volume_name));
  if (!ref) throw new Error(`fixture: the mount at ${containerPath} is not a docker_volume reference`);
  return { id: ref[1], volume: json.resource.docker_volume[ref[1]], container, index };
}

/** The raft storage path of the server config the prod stack uploads (where the data volume must stay mounted). */
function raftPath(outdir: string): string {
  const { container } = mountedVolume(readStack(outdir, 'prod-server'), CONTAINER_PATHS.data);
  const config = JSON.parse((container.upload as TfJson[]).find((u) => String(u.file).endsWith('.json'))!.content);
  return String(config.storage.raft.path);
}

describe('review command on fixture changes of the real synth output', () => {
  let base: string;
  const dirs: string[] = [];
  const fresh = (label: string) => {
    const d = copySynth(base, label);
    dirs.push(path.dirname(d));
    return d;
  };

  beforeAll(() => {
    base = synthToTemp('base');
    dirs.push(path.dirname(base));
  });
  afterAll(() => cleanup(...dirs));

  test('GIVEN base and head synthesized from the same code WHEN reviewed THEN it says "no access changes", lists every environment and exits 0', () => {
    const head = fresh('same');
    const md = run(base, head);
    expect(md.code).toBe(EXIT_OK);
    expect(md.out.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(md.out).toContain('**Result: no access changes**, and no resource changes.');
    for (const env of ENVIRONMENTS) expect(md.out).toContain(`### Environment \`${env.name}\``);
    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_OK);
    expect(result).toEqual(expect.objectContaining({ noChanges: true, noAccessChanges: true, blocking: [] }));
    expect(result.environments.map((e) => e.environment)).toEqual(ENVIRONMENTS.map((e) => e.name));
  });

  test('GIVEN the control-plane policy widened from its own subtree to all of hoodcloud/ in prod WHEN reviewed THEN the role gains exactly the capabilities of that rule on every other service\'s secret, and the merge is not blocked', () => {
    const head = fresh('widened');
    const own = 'secret/data/hoodcloud/control-plane/*';
    editStack(head, 'prod-config', (j) => setPolicy(j, CONTROL_PLANE, (t) => t.replace(`path "${own}"`, 'path "secret/data/hoodcloud/*"')));
    // Expected: the capabilities the original rule granted, now on every catalog path of the other services.
    const ruleCaps = [...new Acl([parsePolicy(CONTROL_PLANE, policyText(base, 'prod-config', CONTROL_PLANE))]).evaluate('secret/data/hoodcloud/control-plane/x')];
    expect(ruleCaps.length).toBeGreaterThan(0);
    const others = SECRET_CATALOG.filter((e) => e.owner !== 'control-plane').map((e) => `secret/data/${e.path}`);

    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_OK);
    expect(result.blocking).toEqual([]);
    expect(result.noAccessChanges).toBe(false);
    const prod = result.environments.find((e) => e.environment === 'prod')!;
    const role = prod.access.find((a) => a.role === CONTROL_PLANE)!;
    for (const p of others) {
      expect(role.changes).toContainEqual(expect.objectContaining({ area: 'kv', path: p, before: [], lost: [], gained: expect.arrayContaining(ruleCaps) }));
    }
    expect(role.changes.filter((c) => c.area === 'kv' && c.lost.length > 0)).toEqual([]);
    expect(prod.access.map((a) => a.role)).toEqual([CONTROL_PLANE]);
    for (const env of ['dev', 'e2e']) expect(result.environments.find((e) => e.environment === env)!.access).toEqual([]);

    const md = run(base, head).out;
    expect(md).toContain('**Result: access changes below; none blocks the merge.**');
    expect(md).toContain(`##### Role \`${CONTROL_PLANE}\``);
    for (const p of others) expect(md).toContain(`| \`${p}\` |`);
    expect(md).toContain(`**+ ${ruleCaps.join(', ')}**`);
  });

  test('GIVEN the control-plane policy narrowed (its decrypt rule removed) in e2e WHEN reviewed THEN transit decrypt goes from allowed to denied and nothing else changes', () => {
    const head = fresh('narrowed');
    const decrypt = 'transit/decrypt/hoodcloud-masterkey';
    editStack(head, 'e2e-config', (j) =>
      setPolicy(j, CONTROL_PLANE, (t) => t.replace(new RegExp(`(#[^\\n]*\\n)*path "${decrypt}" \\{[^}]*\\}\\n?`), '')),
    );
    const before = new Acl([parsePolicy(CONTROL_PLANE, policyText(base, 'e2e-config', CONTROL_PLANE))]);
    expect(before.allows('update', decrypt)).toBe(true);

    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_OK);
    const e2e = result.environments.find((e) => e.environment === 'e2e')!;
    const role = e2e.access.find((a) => a.role === CONTROL_PLANE)!;
    expect(role.changes.filter((c) => c.area !== 'policy-rule')).toEqual([
      expect.objectContaining({ area: 'transit', path: decrypt, what: 'decrypt', gained: [], lost: [...before.evaluate(decrypt)], operation: { needs: 'update', allowedBefore: true, allowedAfter: false } }),
    ]);
    const md = run(base, head).out;
    expect(md).toMatch(new RegExp(`\\| decrypt \\| \`${decrypt}\` \\| update \\| allowed \\| \\*\\*denied\\*\\* :arrow_down: \\|`));
  });

  test('GIVEN a response-wrapping limit added to the control-plane encrypt rule WHEN reviewed THEN the operation stays allowed and the new wrapping requirement is shown', () => {
    const head = fresh('wrapping');
    const encrypt = 'transit/encrypt/hoodcloud-masterkey';
    editStack(head, 'prod-config', (j) =>
      setPolicy(j, CONTROL_PLANE, (t) => t.replace(new RegExp(`(path "${encrypt}" \\{\\n[^}]*)\\}`), '$1  min_wrapping_ttl = "1s"\n  max_wrapping_ttl = "300s"\n}')),
    );
    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_OK);
    const role = result.environments.find((e) => e.environment === 'prod')!.access.find((a) => a.role === CONTROL_PLANE)!;
    expect(role.changes.filter((c) => c.area === 'transit')).toEqual([
      expect.objectContaining({ path: encrypt, gained: [], lost: [], operation: { needs: 'update', allowedBefore: true, allowedAfter: true }, wrapping: { before: '', after: '1s–300s' } }),
    ]);
    expect(run(base, head).out).toContain(`| encrypt | \`${encrypt}\` | update | allowed (wrap none) | **allowed** (wrap 1s–300s) |`);
  });

  test('GIVEN a role\'s secret-id CIDR moved to another host WHEN reviewed THEN the binding change is shown as widened (the new host was not covered) and does not block', () => {
    const head = fresh('cidr');
    let was: string[] = [];
    editStack(head, 'prod-config', (j) => {
      const [, role] = findResource(j, 'vault_approle_auth_backend_role', 'role_name', 'hoodcloud-auth-server');
      was = role.secret_id_bound_cidrs;
      role.secret_id_bound_cidrs = ['10.20.30.40/32'];
    });
    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_OK);
    const prod = result.environments.find((e) => e.environment === 'prod')!;
    expect(prod.bindings).toEqual([
      { role: 'hoodcloud-auth-server', field: 'secret_id_bound_cidrs', before: was, after: ['10.20.30.40/32'], added: ['10.20.30.40/32'], removed: was, effect: 'widened' },
    ]);
    expect(result.noAccessChanges).toBe(false);
    const md = run(base, head).out;
    expect(md).toContain('#### CIDR bindings');
    expect(md).toContain(`| \`hoodcloud-auth-server\` | secret_id_bound_cidrs | ${was.map((c) => `\`${c}\``).join(', ')} | \`10.20.30.40/32\` | :warning: widened |`);
  });

  test('GIVEN a role\'s CIDR narrowed inside its old range WHEN reviewed THEN it is "narrowed" and not blocking', () => {
    const head = fresh('cidr-narrow');
    let was: string[] = [];
    editStack(head, 'dev-config', (j) => {
      const [, role] = findResource(j, 'vault_approle_auth_backend_role', 'role_name', 'hoodcloud-payment-service');
      was = role.token_bound_cidrs;
      role.token_bound_cidrs = was.filter((c: string) => c.startsWith('127.'));
    });
    expect(was.length).toBeGreaterThan(1);
    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_OK);
    expect(result.environments.find((e) => e.environment === 'dev')!.bindings).toEqual([expect.objectContaining({ role: 'hoodcloud-payment-service', field: 'token_bound_cidrs', effect: 'narrowed' })]);
  });

  test.each([
    ['0.0.0.0/0', ['0.0.0.0/0']],
    ['::/0 next to a host', ['127.0.0.1', '::/0']],
    ['an empty list (no restriction)', []],
  ])('GIVEN a role\'s token binding opened to %s WHEN reviewed THEN the merge is blocked (exit 1) with rule binding-opened', (_label, after) => {
    const head = fresh('open');
    editStack(head, 'prod-config', (j) => {
      findResource(j, 'vault_approle_auth_backend_role', 'role_name', 'hoodcloud-admin')[1].token_bound_cidrs = after;
    });
    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_BLOCKING);
    expect(result.blocking).toEqual([expect.objectContaining({ environment: 'prod', rule: 'binding-opened', message: expect.stringContaining('role hoodcloud-admin: token_bound_cidrs opened to') })]);
    expect(run(base, head).out).toContain(':no_entry: **open to everyone**');
  });

  test.each(['deletion_allowed', 'exportable', 'allow_plaintext_backup'])('GIVEN the master key made %s WHEN reviewed THEN the merge is blocked and the Markdown says so first', (flag) => {
    const head = fresh('key');
    editStack(head, 'prod-config', (j) => {
      findResource(j, 'vault_transit_secret_backend_key', 'name', 'hoodcloud-masterkey')[1][flag] = true;
    });
    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_BLOCKING);
    expect(result.blocking).toEqual([
      { environment: 'prod', rule: 'transit-key-deletion-or-export-enabled', message: `prod-config: transit key "transit/hoodcloud-masterkey" ${flag} false → true` },
    ]);
    const md = run(base, head);
    expect(md.code).toBe(EXIT_BLOCKING);
    expect(md.out).toContain('**Result: BLOCKING: 1 destructive or opening change.**');
    expect(md.out.indexOf('### Blocking changes')).toBeLessThan(md.out.indexOf('### Environment'));
    expect(md.out).toContain(`${flag}: \`false\` → \`true\``);
  });

  test('GIVEN the KV mount\'s path changed from secret to kv in prod (the same resource) WHEN reviewed THEN it is the provider\'s in-place remount (data kept), the note says no mount serves secret/ any more, and nothing blocks', () => {
    const head = fresh('remount');
    editStack(head, 'prod-config', (j) => {
      findResource(j, 'vault_mount', 'path', 'secret')[1].path = 'kv';
    });
    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_OK);
    expect(result.blocking).toEqual([]);
    const prod = result.environments.find((e) => e.environment === 'prod')!;
    expect(prod.resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'vault_mount', key: 'secret', movedTo: 'kv', action: 'updated', changes: [{ attribute: 'path', before: 'secret', after: 'kv' }] }),
        // The KV engine config names its mount (ForceNew): Terraform replaces it, which writes the same settings at the new path.
        expect.objectContaining({ type: 'vault_kv_secret_backend_v2', key: 'secret', action: 'removed' }),
        expect.objectContaining({ type: 'vault_kv_secret_backend_v2', key: 'kv', action: 'added' }),
      ]),
    );
    expect(prod.notes).toContain('prod-config: the policies\' grants under "secret/" stay the same, but no mount serves "secret/" in head: every role loses effective access to it');
    expect(run(base, head).out).toContain('| prod-config | vault_mount `secret` | updated (remounted to `kv`) | path: `secret` → `kv` |');
  });

  test('GIVEN the KV mount\'s resource under another logical id (a renamed construct) without a moved block WHEN reviewed THEN it is replaced (Terraform destroys the old address) and the merge is blocked; with a moved block THEN nothing changes (near miss)', () => {
    const [oldId] = findResource(readStack(base, 'prod-config'), 'vault_mount', 'path', 'secret');
    const newId = `${oldId}_renamed`;
    const head = fresh('readdress');
    editStack(head, 'prod-config', (j) => Object.assign(j, renameLogicalId(j, 'vault_mount', oldId, newId)));
    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_BLOCKING);
    expect(result.blocking).toEqual([
      {
        environment: 'prod',
        rule: 'kv-mount-removed-or-replaced',
        message: `prod-config: KV mount "secret/" is replaced (forced by address vault_mount.${oldId} → vault_mount.${newId} (no moved block)): every secret in it would be destroyed`,
      },
    ]);

    const movedHead = fresh('readdress-moved');
    editStack(movedHead, 'prod-config', (j) => Object.assign(j, renameLogicalId(j, 'vault_mount', oldId, newId), { moved: [{ from: `vault_mount.${oldId}`, to: `vault_mount.${newId}` }] }));
    const moved = runJson(base, movedHead);
    expect(moved.code).toBe(EXIT_OK);
    expect(moved.result.noChanges).toBe(true);
  });

  test('GIVEN the transit key type changed WHEN reviewed THEN the key is "replaced (forced by type)" and the merge is blocked', () => {
    const head = fresh('keytype');
    editStack(head, 'dev-config', (j) => {
      findResource(j, 'vault_transit_secret_backend_key', 'name', 'hoodcloud-masterkey')[1].type = 'chacha20-poly1305';
    });
    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_BLOCKING);
    expect(result.blocking).toEqual([expect.objectContaining({ environment: 'dev', rule: 'transit-key-removed-or-replaced', message: expect.stringContaining('replaced (forced by type)') })]);
  });

  test('GIVEN prevent_destroy dropped from the prod transit mount WHEN reviewed THEN the merge is blocked', () => {
    const head = fresh('pd');
    editStack(head, 'prod-config', (j) => {
      const [, mount] = findResource(j, 'vault_mount', 'path', 'transit');
      expect(mount.lifecycle.prevent_destroy).toBe(true);
      delete mount.lifecycle;
    });
    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_BLOCKING);
    expect(result.blocking).toEqual([expect.objectContaining({ rule: 'prevent-destroy-removed', message: 'prod-config: vault_mount "transit" loses lifecycle.prevent_destroy' })]);
  });

  test('GIVEN the audit device removed WHEN reviewed THEN the merge is blocked', () => {
    const head = fresh('audit');
    editStack(head, 'e2e-config', (j) => {
      delete j.resource.vault_audit;
    });
    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_BLOCKING);
    expect(result.blocking).toEqual([expect.objectContaining({ environment: 'e2e', rule: 'audit-device-removed' })]);
  });

  test('GIVEN a head synthesized with altered settings (e2e: single-use secret IDs, longer token TTL) WHEN reviewed THEN the profile changes show stricter and weaker', () => {
    const altered = ENVIRONMENTS.map((e) => (e.name === 'e2e' ? { ...E2E, securityProfile: phase1({ singleUse: true }), ttl: { ...E2E.ttl, tokenTtlSeconds: E2E.ttl.tokenTtlSeconds * 2 } } : e));
    const head = synthToTemp('altered', altered);
    dirs.push(path.dirname(head));
    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_OK);
    const e2e = result.environments.find((e) => e.environment === 'e2e')!;
    for (const role of ['hoodcloud-admin', 'hoodcloud-auth-server', CONTROL_PLANE, 'hoodcloud-payment-service']) {
      expect(e2e.profile).toContainEqual({ role, field: 'secret_id_num_uses', before: E2E.securityProfile.secretIdNumUses, after: 1, effect: 'stricter' });
      expect(e2e.profile).toContainEqual({ role, field: 'token_ttl', before: E2E.ttl.tokenTtlSeconds, after: E2E.ttl.tokenTtlSeconds * 2, effect: 'weaker' });
    }
    expect(run(base, head).out).toContain(`| \`${CONTROL_PLANE}\` | token_ttl | \`${E2E.ttl.tokenTtlSeconds}\` | \`${E2E.ttl.tokenTtlSeconds * 2}\` | :warning: weaker |`);
  });

  test('GIVEN the admin policy also attached to the payment-service role WHEN reviewed THEN the role gains the union of both policies (computed with the evaluator), the policy list change is shown, and the merge is blocked', () => {
    const head = fresh('union');
    editStack(head, 'prod-config', (j) => {
      const [, role] = findResource(j, 'vault_approle_auth_backend_role', 'role_name', 'hoodcloud-payment-service');
      const [adminId] = findResource(j, 'vault_policy', 'name', 'hoodcloud-admin');
      role.token_policies = [...role.token_policies, `\${vault_policy.${adminId}.name}`];
    });
    const rotate = 'transit/keys/hoodcloud-masterkey/rotate';
    const one = new Acl([parsePolicy('p', policyText(base, 'prod-config', 'hoodcloud-payment-service'))]);
    const both = new Acl([parsePolicy('p', policyText(base, 'prod-config', 'hoodcloud-payment-service')), parsePolicy('a', policyText(base, 'prod-config', 'hoodcloud-admin'))]);
    expect([one.allows('update', rotate), both.allows('update', rotate)]).toEqual([false, true]);
    const { code, result } = runJson(base, head);
    // A workload role with the operators' policy: blocked (the rules are tested on their own in blocking-rules.test.ts).
    expect(code).toBe(EXIT_BLOCKING);
    expect(result.blocking.map((f) => f.rule)).toEqual(['service-role-gains-operator-policy', 'service-role-gains-management-capability']);
    const role = result.environments.find((e) => e.environment === 'prod')!.access.find((a) => a.role === 'hoodcloud-payment-service')!;
    expect(role.policiesBefore).toEqual(['hoodcloud-payment-service']);
    expect(role.policiesAfter).toEqual(['hoodcloud-payment-service', 'hoodcloud-admin']);
    expect(role.changes).toContainEqual(expect.objectContaining({ path: rotate, operation: { needs: 'update', allowedBefore: false, allowedAfter: true } }));
    const kvData = SECRET_CATALOG.map((e) => `secret/data/${e.path}`);
    for (const p of kvData) {
      const gained = [...both.evaluate(p)].filter((c) => !one.evaluate(p).has(c));
      if (gained.length) expect(role.changes).toContainEqual(expect.objectContaining({ path: p, gained: expect.arrayContaining(gained) }));
    }
    expect(run(base, head).out).toContain('Policies: hoodcloud-payment-service → hoodcloud-payment-service, hoodcloud-admin');
  });

  test('GIVEN a role that also carries a policy not defined in the stack WHEN reviewed THEN a note names it as not evaluated', () => {
    const head = fresh('external');
    editStack(head, 'dev-config', (j) => {
      findResource(j, 'vault_approle_auth_backend_role', 'role_name', 'hoodcloud-auth-server')[1].token_policies.push('legacy-ops');
    });
    const { result } = runJson(base, head);
    expect(result.environments.find((e) => e.environment === 'dev')!.notes).toEqual([
      'role hoodcloud-auth-server (dev-config, head): policy "legacy-ops" is attached but not defined in the stack; its rules are not evaluated',
    ]);
  });

  test('GIVEN a stack present only in the base WHEN reviewed THEN it is reported (not a crash) and its resources are listed as removed', () => {
    const head = fresh('onesided');
    removeStack(head, 'dev-server');
    const { code, result } = runJson(base, head);
    expect(code).toBe(EXIT_OK);
    const dev = result.environments.find((e) => e.environment === 'dev')!;
    expect(dev.stacks).toContainEqual({ stack: 'dev-server', presence: 'base-only' });
    expect(dev.resources.length).toBeGreaterThan(0);
    expect(dev.resources.every((r) => r.stack === 'dev-server' && r.action === 'removed')).toBe(true);
    expect(run(base, head).out).toContain('`dev-server` (removed: only in base)');
  });

  test('GIVEN a whole config stack only in the head WHEN reviewed THEN everything in it is "added" and nothing blocks', () => {
    const only = ENVIRONMENTS.filter((e) => e.name !== 'e2e');
    const small = synthToTemp('small', only);
    dirs.push(path.dirname(small));
    const { code, result } = runJson(small, base);
    expect(code).toBe(EXIT_OK);
    const e2e = result.environments.find((e) => e.environment === 'e2e')!;
    expect(e2e.stacks).toEqual([
      { stack: 'e2e-config', presence: 'head-only' },
      { stack: 'e2e-server', presence: 'head-only' },
    ]);
    expect(e2e.resources.every((r) => r.action === 'added')).toBe(true);
    expect(e2e.access.map((a) => a.role).sort()).toEqual(['hoodcloud-admin', 'hoodcloud-auth-server', CONTROL_PLANE, 'hoodcloud-payment-service']);
  });

  describe('production server volumes', () => {
    const auditFile = () => String(Object.values(readStack(base, 'prod-config').resource.vault_audit as Record<string, TfJson>)[0].options.file_path);

    test('GIVEN the synthesized prod server WHEN its volumes are read THEN the data volume carries the raft storage and the logs volume the audit file (the premise of the rules below)', () => {
      expect(raftPath(base).startsWith(CONTAINER_PATHS.data)).toBe(true);
      expect(auditFile().startsWith(`${CONTAINER_PATHS.logs}/`)).toBe(true);
    });

    test.each([
      ['data', CONTAINER_PATHS.data, 'raft storage'],
      ['logs', CONTAINER_PATHS.logs, 'audit log'],
    ] as const)('GIVEN the prod-server %s volume removed together with its mount WHEN reviewed THEN the merge is blocked (server-volume-removed-or-replaced) and the volume is listed as removed', (label, mountPath, holds) => {
      const head = fresh('volume-removed');
      const { volume, container } = mountedVolume(readStack(base, 'prod-server'), mountPath);
      editStack(head, 'prod-server', (j) => {
        const m = mountedVolume(j, mountPath);
        delete j.resource.docker_volume[m.id];
        m.container.volumes.splice(m.index, 1);
      });
      const { code, result } = runJson(base, head);
      expect(code).toBe(EXIT_BLOCKING);
      expect(result.blocking).toEqual([
        {
          environment: 'prod',
          rule: 'server-volume-removed-or-replaced',
          message: `prod-server: docker volume "${volume.name}" (mounted at "${mountPath}" in container "${container.name}": ${holds}) is removed: the provider deletes it, and the ${holds} with it`,
        },
        // Without its data volume the raft node restarts empty (review/topology.ts).
        ...(label === 'data' ? [expect.objectContaining({ environment: 'prod', rule: 'cluster-node-data-replaced', message: expect.stringContaining(`keeps its raft data on no volume instead of "${volume.name}"`) })] : []),
      ]);
      const md = run(base, head).out;
      expect(md).toContain('(`server-volume-removed-or-replaced`)');
      expect(md).toContain(`| prod-server | docker_volume \`${volume.name}\` | :x: removed |`);
    });

    test.each([
      ['its driver changed (ForceNew: replaced)', (v: TfJson) => (v.driver = 'other-driver'), 'replaced (forced by driver)'],
      ['labels added (ForceNew: replaced)', (v: TfJson) => (v.labels = [{ label: 'team', value: 'platform' }]), 'replaced (forced by labels)'],
      ['its name changed (a different volume)', (v: TfJson) => (v.name = `${v.name}-v2`), 'removed'],
    ])('GIVEN the prod-server data volume with %s WHEN reviewed THEN the merge is blocked', (_label, change, how) => {
      const head = fresh('volume-replaced');
      const { volume } = mountedVolume(readStack(base, 'prod-server'), CONTAINER_PATHS.data);
      editStack(head, 'prod-server', (j) => {
        change(mountedVolume(j, CONTAINER_PATHS.data).volume);
      });
      const { code, result } = runJson(base, head);
      expect(code).toBe(EXIT_BLOCKING);
      expect(result.blocking).toEqual([
        expect.objectContaining({ environment: 'prod', rule: 'server-volume-removed-or-replaced', message: expect.stringContaining(`docker volume "${volume.name}" (mounted at "${CONTAINER_PATHS.data}"`) }),
        // A renamed volume is another volume: the raft node restarts empty on it (review/topology.ts).
        ...(how === 'removed' ? [expect.objectContaining({ environment: 'prod', rule: 'cluster-node-data-replaced', message: expect.stringContaining(`keeps its raft data on the volume "${volume.name}-v2" instead of "${volume.name}"`) })] : []),
      ]);
      expect(result.blocking[0].message).toContain(`raft storage) is ${how}:`);
    });

    test('GIVEN the prod-server data volume mounted at another container path WHEN reviewed THEN the merge is blocked (server-volume-mount-changed): the raft path would no longer be on it', () => {
      const head = fresh('volume-moved');
      const { volume } = mountedVolume(readStack(base, 'prod-server'), CONTAINER_PATHS.data);
      const moved = '/vault/raft';
      editStack(head, 'prod-server', (j) => {
        const m = mountedVolume(j, CONTAINER_PATHS.data);
        m.container.volumes[m.index].container_path = moved;
      });
      const { code, result } = runJson(base, head);
      expect(code).toBe(EXIT_BLOCKING);
      expect(result.blocking).toEqual([
        {
          environment: 'prod',
          rule: 'server-volume-mount-changed',
          message: `prod-server: docker volume "${volume.name}" (raft storage) is mounted at "${moved}" instead of "${CONTAINER_PATHS.data}": what the server writes to "${CONTAINER_PATHS.data}" would go to storage that starts empty and is lost with the container, and what the volume holds would no longer be used`,
        },
        // The raft path is on no volume any more: the node restarts empty (review/topology.ts).
        expect.objectContaining({ environment: 'prod', rule: 'cluster-node-data-replaced', message: expect.stringContaining(`keeps its raft data on no volume instead of "${volume.name}"`) }),
      ]);
      // The volume itself is untouched: the change is in the container.
      const prod = result.environments.find((e) => e.environment === 'prod')!;
      // Terraform replaces the container (volumes is ForceNew in the docker provider): the volume is kept.
      expect(prod.resources.map((r) => `${r.type} ${r.action}`)).toEqual(['docker_container replaced']);
      expect(run(base, head).out).toContain('(`server-volume-mount-changed`)');
    });

    test('GIVEN the prod-server logs volume unmounted from the container (the volume kept) WHEN reviewed THEN the merge is blocked: the audit log would go to the container layer', () => {
      const head = fresh('volume-unmounted');
      const { volume, container } = mountedVolume(readStack(base, 'prod-server'), CONTAINER_PATHS.logs);
      editStack(head, 'prod-server', (j) => {
        const m = mountedVolume(j, CONTAINER_PATHS.logs);
        m.container.volumes.splice(m.index, 1);
      });
      const { code, result } = runJson(base, head);
      expect(code).toBe(EXIT_BLOCKING);
      expect(result.blocking).toEqual([
        expect.objectContaining({ rule: 'server-volume-mount-changed', message: expect.stringContaining(`docker volume "${volume.name}" (audit log) is no longer mounted (was at "${CONTAINER_PATHS.logs}" in container "${container.name}")`) }),
      ]);
    });

    test.each([
      [
        'the dev-server logs volume removed with its mount',
        'dev-server',
        (j: TfJson) => {
          const m = mountedVolume(j, CONTAINER_PATHS.logs);
          delete j.resource.docker_volume[m.id];
          m.container.volumes.splice(m.index, 1);
        },
        'removed',
      ],
      ['the e2e-server logs volume replaced (driver)', 'e2e-server', (j: TfJson) => (mountedVolume(j, CONTAINER_PATHS.logs).volume.driver = 'other-driver'), 'replaced'],
      [
        'the dev-server logs volume mounted elsewhere',
        'dev-server',
        (j: TfJson) => {
          const m = mountedVolume(j, CONTAINER_PATHS.logs);
          m.container.volumes[m.index].container_path = '/vault/audit';
        },
        'replaced',
      ],
      [
        'the prod-server config volume removed with its mount (rewritten from the stack on every create)',
        'prod-server',
        (j: TfJson) => {
          const m = mountedVolume(j, CONTAINER_PATHS.config);
          delete j.resource.docker_volume[m.id];
          m.container.volumes.splice(m.index, 1);
        },
        'removed',
      ],
      [
        'the prod-server data volume also mounted read-only at a second path',
        'prod-server',
        (j: TfJson) => {
          const m = mountedVolume(j, CONTAINER_PATHS.data);
          m.container.volumes.push({ ...m.container.volumes[m.index], container_path: '/backup/raft', read_only: true });
        },
        'replaced',
      ],
      [
        'the prod-server data mount written with a trailing slash',
        'prod-server',
        (j: TfJson) => {
          const m = mountedVolume(j, CONTAINER_PATHS.data);
          m.container.volumes[m.index].container_path = `${CONTAINER_PATHS.data}/`;
        },
        'replaced',
      ],
    ])('GIVEN %s WHEN reviewed THEN the change is reported but does not block (near miss)', (_label, stack, change, action) => {
      const head = fresh('volume-near-miss');
      editStack(head, stack, change);
      const { code, result } = runJson(base, head);
      expect(code).toBe(EXIT_OK);
      expect(result.blocking).toEqual([]);
      const env = result.environments.find((e) => e.environment === stack.replace(/-server$/, ''))!;
      expect(env.resources.map((r) => r.action)).toContain(action);
    });
  });

  describe('AppRole roles: bind_secret_id and the root policy', () => {
    const PAYMENT = 'hoodcloud-payment-service';

    test.each([false, 'false'])('GIVEN bind_secret_id turned off (%j) on a prod role WHEN reviewed THEN the merge is blocked (bind-secret-id-disabled) and the profile row says weaker', (off) => {
      const head = fresh('bind-off');
      const before = findResource(readStack(base, 'prod-config'), 'vault_approle_auth_backend_role', 'role_name', PAYMENT)[1].bind_secret_id;
      expect(before).toBe(true);
      editStack(head, 'prod-config', (j) => {
        findResource(j, 'vault_approle_auth_backend_role', 'role_name', PAYMENT)[1].bind_secret_id = off;
      });
      const { code, result } = runJson(base, head);
      expect(code).toBe(EXIT_BLOCKING);
      expect(result.blocking).toEqual([
        {
          environment: 'prod',
          rule: 'bind-secret-id-disabled',
          message: `role ${PAYMENT} (prod-config): bind_secret_id ${String(before)} → false: logins no longer need a secret ID, the role ID alone (within the CIDR bindings) is enough`,
        },
      ]);
      expect(result.environments.find((e) => e.environment === 'prod')!.profile).toContainEqual({ role: PAYMENT, field: 'bind_secret_id', before, after: off, effect: 'weaker' });
      expect(run(base, head).out).toContain('(`bind-secret-id-disabled`)');
    });

    test('GIVEN a new role in dev created with bind_secret_id = false WHEN reviewed THEN it blocks as well (any environment, new roles too)', () => {
      const head = fresh('bind-new');
      editStack(head, 'dev-config', (j) => {
        const [id, body] = findResource(j, 'vault_approle_auth_backend_role', 'role_name', PAYMENT);
        j.resource.vault_approle_auth_backend_role[`${id}_batch`] = { ...body, role_name: 'hoodcloud-batch', bind_secret_id: false };
      });
      const { code, result } = runJson(base, head);
      expect(code).toBe(EXIT_BLOCKING);
      expect(result.blocking).toEqual([{ environment: 'dev', rule: 'bind-secret-id-disabled', message: expect.stringContaining('role hoodcloud-batch (dev-config): bind_secret_id false on a new role:') }]);
    });

    test('GIVEN bind_secret_id unchanged (another field of the role changes), or already false in the base WHEN reviewed THEN nothing blocks (near miss)', () => {
      const head = fresh('bind-same');
      editStack(head, 'prod-config', (j) => {
        const role = findResource(j, 'vault_approle_auth_backend_role', 'role_name', PAYMENT)[1];
        expect(role.bind_secret_id).toBe(true);
        role.token_ttl = Number(role.token_ttl) + 60;
      });
      const same = runJson(base, head);
      expect(same.code).toBe(EXIT_OK);
      expect(same.result.blocking).toEqual([]);
      expect(same.result.environments.find((e) => e.environment === 'prod')!.profile.map((p) => p.field)).toEqual(['token_ttl']);

      // Off on both sides: not introduced by this pull request.
      const offBase = fresh('bind-off-base');
      const offHead = fresh('bind-off-head');
      for (const d of [offBase, offHead]) editStack(d, 'e2e-config', (j) => (findResource(j, 'vault_approle_auth_backend_role', 'role_name', PAYMENT)[1].bind_secret_id = false));
      const both = runJson(offBase, offHead);
      expect(both.code).toBe(EXIT_OK);
      expect(both.result.noChanges).toBe(true);
    });

    test.each(['root', ' Root '])('GIVEN the built-in root policy (%j) added to a prod role\'s token_policies WHEN reviewed THEN the merge is blocked (root-policy-attached) and the note names it', (root) => {
      const head = fresh('root');
      editStack(head, 'prod-config', (j) => {
        findResource(j, 'vault_approle_auth_backend_role', 'role_name', PAYMENT)[1].token_policies.push(root);
      });
      const { code, result } = runJson(base, head);
      expect(code).toBe(EXIT_BLOCKING);
      expect(result.blocking).toEqual([
        {
          environment: 'prod',
          rule: 'root-policy-attached',
          message: `role ${PAYMENT} (prod-config): token_policies now include the built-in "root" policy: unlimited access on every path (Vault refuses such logins with "auth methods cannot create root tokens", so the role would also stop working)`,
        },
      ]);
      const prod = result.environments.find((e) => e.environment === 'prod')!;
      expect(prod.notes).toContainEqual(expect.stringContaining(`role ${PAYMENT} (prod-config, head): carries the built-in "root" policy`));
      expect(prod.access.find((a) => a.role === PAYMENT)!.policiesAfter).toEqual([PAYMENT, 'root']);
      expect(run(base, head).out).toContain('(`root-policy-attached`)');
    });

    test('GIVEN a policy named root-reader attached, or root already attached in the base WHEN reviewed THEN nothing blocks (near miss)', () => {
      const head = fresh('root-reader');
      editStack(head, 'prod-config', (j) => {
        findResource(j, 'vault_approle_auth_backend_role', 'role_name', PAYMENT)[1].token_policies.push('root-reader');
      });
      const reader = runJson(base, head);
      expect(reader.code).toBe(EXIT_OK);
      expect(reader.result.blocking).toEqual([]);
      expect(reader.result.environments.find((e) => e.environment === 'prod')!.notes).toEqual([
        `role ${PAYMENT} (prod-config, head): policy "root-reader" is attached but not defined in the stack; its rules are not evaluated`,
      ]);

      const rootBase = fresh('root-base');
      const rootHead = fresh('root-head');
      for (const d of [rootBase, rootHead]) editStack(d, 'dev-config', (j) => findResource(j, 'vault_approle_auth_backend_role', 'role_name', PAYMENT)[1].token_policies.push('root'));
      const both = runJson(rootBase, rootHead);
      expect(both.code).toBe(EXIT_OK);
      expect(both.result.blocking).toEqual([]);
      expect(both.result.environments.find((e) => e.environment === 'dev')!.notes).toContainEqual(expect.stringContaining('carries the built-in "root" policy'));
    });
  });

  test('GIVEN a missing directory, a directory that is not a synth output, or a broken policy WHEN reviewed THEN it exits 2 with an error naming the option, the value and what was expected', () => {
    const empty = tempDir('empty');
    dirs.push(empty);
    const missing = path.join(empty, 'nope');
    expect(run(missing, base)).toEqual({ code: EXIT_INPUT_ERROR, out: '', err: `review: --base ${JSON.stringify(missing)}: directory does not exist (expected a cdktf synth output such as cdktf.out)\n` });
    const r = run(base, empty);
    expect(r.code).toBe(EXIT_INPUT_ERROR);
    expect(r.err).toContain(`review: --head ${JSON.stringify(empty)}: not a cdktf synth output: no manifest.json`);
    const head = fresh('broken');
    editStack(head, 'dev-config', (j) => setPolicy(j, CONTROL_PLANE, (t) => t.replace('capabilities = [', 'capabilities = ["subscribe", ')));
    const b = run(base, head);
    expect(b.code).toBe(EXIT_INPUT_ERROR);
    expect(b.err).toContain(`policy "${CONTROL_PLANE}": head stack dev-config: path`);
    expect(b.err).toContain('invalid capability "subscribe"');
  });

  test('GIVEN no --head WHEN the command runs THEN commander reports the missing option and the exit code is 2', () => {
    let err = '';
    expect(runCli(['--base', base], { stdout: () => undefined, stderr: (s) => (err += s) }, MEMORY_FILES)).toBe(EXIT_INPUT_ERROR);
    expect(err).toContain("required option '--head <dir>' not specified");
  });

});

describe('docs/review.md', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'review.md'), 'utf8');
  test.each([...BLOCKING_RULES])('GIVEN blocking rule %s WHEN the review guide is read THEN its table explains it', (rule) => {
    expect(doc).toMatch(new RegExp(`^\\| \`${rule}\` \\| .+ \\|$`, 'm'));
  });
});
