import { TerraformStack } from 'cdktf';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { AppRoleAuth } from '../../../constructs/approle-auth';
import { phase1 } from '../../../constructs/approle';
import { FileAuditDevice } from '../../../constructs/audit-device';
import { applyGuardrails, GUARDRAILS } from '../../../constructs/guardrails';
import { formatViolation } from '../../../constructs/guardrails/guardrail';
import { KvV2Engine } from '../../../constructs/kv-v2-engine';
import { TransitEngine } from '../../../constructs/transit-engine';
import { TransitKey } from '../../../constructs/transit-key';
import { adminPolicy } from '../../../policies/admin';
import { controlPlanePolicy } from '../../../policies/control-plane';
import { appRole, fullSynth, policy, synthErrors, vaultStack } from '../support';

/** A complete production config stack built from the constructs, the way the config stack composes them. */
function completeConfigStack(): TerraformStack {
  const stack = vaultStack();
  const audit = new FileAuditDevice(stack, 'audit', { filePath: '/vault/logs/audit.log' });
  const kv = new KvV2Engine(stack, 'kv', { preventDestroy: true });
  const transit = new TransitEngine(stack, 'transit', { preventDestroy: true });
  const masterKey = new TransitKey(stack, 'master-key', { engine: transit, keyName: 'hoodcloud-masterkey', preventDestroy: true, autoRotatePeriodSeconds: 30 * 86400 });
  const approleAuth = new AppRoleAuth(stack, 'approle');
  const resources = { kv, transit, masterKey, approleAuth, audit };
  const cp = policy(stack, 'policy-cp', 'service', 'hoodcloud-control-plane');
  controlPlanePolicy.grant(cp, resources);
  const admin = policy(stack, 'policy-admin', 'operator', 'hoodcloud-admin');
  adminPolicy.grant(admin, resources);
  appRole(stack, 'cp', { auth: approleAuth, roleName: 'hoodcloud-control-plane', policies: [cp], securityProfile: phase1({ singleUse: true }) });
  appRole(stack, 'admin', { auth: approleAuth, roleName: 'hoodcloud-admin', policies: [admin], secretIdBoundCidrs: ['10.0.9.0/28'], tokenBoundCidrs: ['10.0.9.0/28'] });
  audit.auditEverythingIn(stack);
  return stack;
}

describe('GUARDRAILS', () => {
  test('GIVEN the rule list WHEN read THEN it holds the 15 rules, each id once', () => {
    const ids = GUARDRAILS.map((r) => r.id);
    expect([...ids].sort()).toEqual(
      [
        'HC-AUDIT-1',
        'HC-CIDR-1',
        'HC-CIDR-2',
        'HC-CIDR-3',
        'HC-DATA-1',
        'HC-NAMES-1',
        'HC-POLICY-1',
        'HC-POLICY-2',
        'HC-POLICY-3',
        'HC-POLICY-4',
        'HC-POLICY-5',
        'HC-SERVER-1',
        'HC-SERVER-2',
        'HC-SERVER-3',
        'HC-TRANSIT-1',
      ].sort(),
    );
    expect(GUARDRAILS.every((r) => r.description.length > 0)).toBe(true);
  });

  test('GIVEN a complete production config stack WHEN every rule runs THEN it passes', () => {
    const stack = completeConfigStack();
    applyGuardrails(stack, { production: true });
    expect(() => fullSynth(stack)).not.toThrow();
  });

  test('GIVEN the same stack plus violations of seven rules WHEN synthesized once THEN every violation is reported', () => {
    const stack = completeConfigStack();
    const auth = new AppRoleAuth(stack, 'approle-ci', { path: 'approle-ci' });
    appRole(stack, 'open', { auth, secretIdBoundCidrs: ['0.0.0.0/0'], tokenBoundCidrs: ['not-a-cidr'] });
    const svc = policy(stack, 'policy-bad', 'service', 'hoodcloud-bad');
    svc.document.addRawRule('secret/hoodcloud/x', ['read', 'subscribe'], 'why');
    new TransitSecretBackendKey(stack, 'raw-key', { backend: 'transit', name: 'escrow', exportable: true, lifecycle: { preventDestroy: true } });
    new Mount(stack, 'kv-unprotected', { path: 'apps', type: 'kv-v2' });
    applyGuardrails(stack, { production: true });
    const errors = synthErrors(stack);
    // Annotations come out per construct (tree order), so compare as a sorted list.
    expect(errors.sort()).toEqual([
      expect.stringMatching(/^\[HC-AUDIT-1\] test\/approle-ci\/backend: depends_on/),
      expect.stringMatching(/^\[HC-AUDIT-1\] test\/kv-unprotected: depends_on/),
      expect.stringMatching(/^\[HC-AUDIT-1\] test\/open\/role: depends_on/),
      expect.stringMatching(/^\[HC-AUDIT-1\] test\/policy-bad\/policy: depends_on/),
      expect.stringMatching(/^\[HC-AUDIT-1\] test\/raw-key: depends_on/),
      expect.stringMatching(/^\[HC-CIDR-1\] test\/open\/role: token_bound_cidrs\[0\] = "not-a-cidr"/),
      expect.stringMatching(/^\[HC-CIDR-2\] test\/open\/role: secret_id_bound_cidrs\[0\] = "0\.0\.0\.0\/0"/),
      expect.stringMatching(/^\[HC-DATA-1\] test\/kv-unprotected: lifecycle\.prevent_destroy = null/),
      expect.stringMatching(/^\[HC-POLICY-1\] test\/policy-bad: path "secret\/hoodcloud\/x"\.capabilities = "subscribe"/),
      expect.stringMatching(/^\[HC-POLICY-4\] test\/policy-bad: path = "secret\/hoodcloud\/x"/),
      expect.stringMatching(/^\[HC-TRANSIT-1\] test\/raw-key: exportable = true/),
    ]);
  });

  // The HC-POLICY rules only look at VaultPolicy constructs; a raw vault_policy with hand-written HCL
  // (which DESIGN convention 3 rules out) is checked by none of them.
  test('GIVEN a raw vault_policy with hand-written HCL (sudo and subscribe on *) WHEN every rule runs THEN it fails', () => {
    const stack = completeConfigStack();
    const audit = stack.node.findAll().find((n) => n instanceof FileAuditDevice) as FileAuditDevice;
    const raw = new Policy(stack, 'raw-policy', { name: 'hoodcloud-raw', policy: 'path "*" {\n  capabilities = ["sudo", "subscribe"]\n}\n' });
    raw.dependsOn = [audit.resource.fqn];
    applyGuardrails(stack, { production: true });
    expect(() => fullSynth(stack)).toThrow(/\[HC-[A-Z]+-\d+\] test\/raw-policy: /);
  });

  test('GIVEN a violation WHEN formatted THEN one line names the rule, construct path, field, JSON value and message', () => {
    const stack = vaultStack();
    const line = formatViolation(GUARDRAILS[0], { construct: stack, field: 'f', value: ['a', 1], message: 'fix it' });
    expect(line).toBe(`[${GUARDRAILS[0].id}] test: f = ["a",1]: fix it`);
  });
});
