import { TerraformStack } from 'cdktf';
import { Audit } from '@cdktf/provider-vault/lib/audit';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { phase1 } from '../../../constructs/approle';
import { AppRoleAuth } from '../../../constructs/approle-auth';
import { FileAuditDevice } from '../../../constructs/audit-device';
import { applyGuardrails, blockingFindings, DEFAULT_CIDR_PREFIX_BOUNDS, GUARDRAILS, guardrailFindings } from '../../../constructs/guardrails';
import { auditFirst } from '../../../constructs/guardrails/audit-first';
import { auditKept } from '../../../constructs/guardrails/audit-kept';
import { bindingPrefixBound } from '../../../constructs/guardrails/binding-prefix-bound';
import { bindingRequired } from '../../../constructs/guardrails/binding-required';
import { cidrParses } from '../../../constructs/guardrails/cidr-parses';
import { clusterRetryJoin } from '../../../constructs/guardrails/cluster-retry-join';
import { clusterTls } from '../../../constructs/guardrails/cluster-tls';
import { clusterUniqueNodes } from '../../../constructs/guardrails/cluster-unique-nodes';
import { clusterVoters } from '../../../constructs/guardrails/cluster-voters';
import { credentialLifetimes } from '../../../constructs/guardrails/credential-lifetimes';
import { grantsOnDeclaredMounts } from '../../../constructs/guardrails/declared-mounts';
import { kvV2ApiPrefix } from '../../../constructs/guardrails/kv-v2-paths';
import { listenAddress } from '../../../constructs/guardrails/listen-address';
import { noExplicitConfigFlag } from '../../../constructs/guardrails/no-config-flag';
import { openBinding } from '../../../constructs/guardrails/open-binding';
import { portableCapabilities } from '../../../constructs/guardrails/policy-capabilities';
import { preventDestroyInProduction } from '../../../constructs/guardrails/prevent-destroy';
import { servicePolicyScope } from '../../../constructs/guardrails/service-policy-scope';
import { tlsInProduction } from '../../../constructs/guardrails/tls-in-production';
import { transitKeySafety } from '../../../constructs/guardrails/transit-key-safety';
import { typedPoliciesOnly } from '../../../constructs/guardrails/typed-policies';
import { uniqueNames } from '../../../constructs/guardrails/unique-names';
import { KvV2Engine } from '../../../constructs/kv-v2-engine';
import { TransitEngine } from '../../../constructs/transit-engine';
import { TransitKey } from '../../../constructs/transit-key';
import { adminPolicy } from '../../../policies/admin';
import { controlPlanePolicy } from '../../../policies/control-plane';
import { GrantTargets } from '../../../policies/role-policy';
import { appRole, dockerStack, fullSynth, policy, serverConfig, serverMode, synthErrors, vaultServer, vaultStack } from '../support';
import { guardrailMetadata } from './guardrail-support';

const SERVICE_TTL = { tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 86400 };
const ROLE_NAMES = ['hoodcloud-control-plane', 'hoodcloud-admin'];

/** A complete production config stack built from the constructs, the way the config stack composes them. */
function completeConfigStack(): TerraformStack {
  const stack = vaultStack();
  const audit = new FileAuditDevice(stack, 'audit', { filePath: '/vault/logs/audit.log' });
  const kv = new KvV2Engine(stack, 'kv', { preventDestroy: true });
  const transit = new TransitEngine(stack, 'transit', { preventDestroy: true });
  const masterKey = new TransitKey(stack, 'master-key', { engine: transit, keyName: 'hoodcloud-masterkey', preventDestroy: true, autoRotatePeriodSeconds: 30 * 86400 });
  const approleAuth = new AppRoleAuth(stack, 'approle');
  const targets: GrantTargets = { kv, transit, masterKey, approleAuth, audit, roles: ROLE_NAMES.map((name) => ({ roleName: name, tokenPolicies: [name] })), policyNames: ROLE_NAMES };
  const cp = policy(stack, 'policy-cp', 'service', 'hoodcloud-control-plane');
  controlPlanePolicy.grant(cp, targets, { kvSubtree: 'hoodcloud/control-plane' });
  const admin = policy(stack, 'policy-admin', 'operator', 'hoodcloud-admin');
  adminPolicy.grant(admin, targets, {});
  appRole(stack, 'cp', { auth: approleAuth, roleName: 'hoodcloud-control-plane', policies: [cp], securityProfile: phase1({ singleUse: true }), ttl: SERVICE_TTL });
  appRole(stack, 'admin', { auth: approleAuth, roleName: 'hoodcloud-admin', policies: [admin], secretIdBoundCidrs: ['10.0.9.0/28'], tokenBoundCidrs: ['10.0.9.0/28'], securityProfile: phase1(), ttl: SERVICE_TTL });
  audit.auditEverythingIn(stack);
  return stack;
}

/** Every rule, as each rule file exports it. */
const RULE_FILES = {
  'cidr-parses': cidrParses,
  'open-binding': openBinding,
  'binding-required': bindingRequired,
  'binding-prefix-bound': bindingPrefixBound,
  'credential-lifetimes': credentialLifetimes,
  'policy-capabilities': portableCapabilities,
  'service-policy-scope': servicePolicyScope,
  'declared-mounts': grantsOnDeclaredMounts,
  'kv-v2-paths': kvV2ApiPrefix,
  'typed-policies': typedPoliciesOnly,
  'transit-key-safety': transitKeySafety,
  'prevent-destroy': preventDestroyInProduction,
  'tls-in-production': tlsInProduction,
  'listen-address': listenAddress,
  'no-config-flag': noExplicitConfigFlag,
  'cluster-voters': clusterVoters,
  'cluster-unique-nodes': clusterUniqueNodes,
  'cluster-retry-join': clusterRetryJoin,
  'cluster-tls': clusterTls,
  'unique-names': uniqueNames,
  'audit-first': auditFirst,
  'audit-kept': auditKept,
};

describe('GUARDRAILS', () => {
  test('GIVEN the rule list WHEN read THEN it holds the 22 rules, each id once, in the documented order', () => {
    const ids = GUARDRAILS.map((r) => r.id);
    expect(ids).toEqual([
      'HC-CIDR-1',
      'HC-CIDR-2',
      'HC-CIDR-3',
      'HC-CIDR-4',
      'HC-APPROLE-1',
      'HC-POLICY-1',
      'HC-POLICY-2',
      'HC-POLICY-3',
      'HC-POLICY-4',
      'HC-POLICY-5',
      'HC-TRANSIT-1',
      'HC-DATA-1',
      'HC-SERVER-1',
      'HC-SERVER-2',
      'HC-SERVER-3',
      'HC-CLUSTER-1',
      'HC-CLUSTER-2',
      'HC-CLUSTER-3',
      'HC-CLUSTER-4',
      'HC-NAMES-1',
      'HC-AUDIT-1',
      'HC-AUDIT-2',
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^HC-[A-Z]+-\d+$/.test(id))).toBe(true);
  });

  test('GIVEN the rule list WHEN read THEN every rule is an error except HC-APPROLE-1, a warning', () => {
    expect(GUARDRAILS.filter((r) => r.level === 'warning').map((r) => r.id)).toEqual(['HC-APPROLE-1']);
    expect(GUARDRAILS.every((r) => r.level === 'error' || r.level === 'warning')).toBe(true);
  });

  test('GIVEN the rule list WHEN read THEN every rule has a one-line description of its own', () => {
    const descriptions = GUARDRAILS.map((r) => r.description);
    expect(descriptions.every((d) => d.trim().length >= 20 && !d.includes('\n'))).toBe(true);
    expect(new Set(descriptions).size).toBe(descriptions.length);
  });

  test('GIVEN one rule per file WHEN the list is compared with the files THEN it holds exactly the rule of every file', () => {
    expect([...GUARDRAILS]).toEqual(Object.values(RULE_FILES));
  });

  test('GIVEN the default bounds WHEN read THEN they are /16 for IPv4 and /48 for IPv6', () => {
    expect(DEFAULT_CIDR_PREFIX_BOUNDS).toEqual({ ipv4: 16, ipv6: 48 });
  });

  test('GIVEN a complete production config stack WHEN every rule runs THEN it passes with no finding, warning or suppression', () => {
    const stack = completeConfigStack();
    applyGuardrails(stack, { production: true });
    const metadata = guardrailMetadata(fullSynth(stack));
    expect(guardrailFindings(stack)).toEqual([]);
    expect(metadata.guardrail_warnings).toBeUndefined();
    expect(metadata.guardrail_suppressions).toBeUndefined();
  });

  test('GIVEN a production server stack with TLS on 127.0.0.1 WHEN every rule runs THEN it passes', () => {
    const stack = dockerStack();
    vaultServer(stack, { networkMode: 'host', mode: serverMode(serverConfig({ listenAddress: '127.0.0.1:8200', clusterListenAddress: '127.0.0.1:8201' })) });
    applyGuardrails(stack, { production: true });
    fullSynth(stack);
    expect(guardrailFindings(stack)).toEqual([]);
  });

  test('GIVEN the complete stack plus violations of many rules WHEN synthesized once THEN every violation is reported', () => {
    const stack = completeConfigStack();
    const auth = new AppRoleAuth(stack, 'approle-ci', { path: 'approle-ci' });
    appRole(stack, 'open', { auth, secretIdBoundCidrs: ['0.0.0.0/1', '128.0.0.0/1'], tokenBoundCidrs: ['10.0.0.5/8'] });
    const svc = policy(stack, 'policy-bad', 'service', 'hoodcloud-bad');
    svc.document.addRule('secret/hoodcloud/x', ['read', 'scan', 'sudo'], 'why');
    new TransitSecretBackendKey(stack, 'raw-key', { backend: 'transit', name: 'escrow', exportable: true, lifecycle: { preventDestroy: true } });
    new Mount(stack, 'kv-unprotected', { path: 'apps', type: 'kv-v2', auditNonHmacRequestKeys: ['password'] });
    new Audit(stack, 'raw-audit', { type: 'file', path: 'raw', options: { file_path: '/dev/null' } });
    applyGuardrails(stack, { production: true });
    const errors = synthErrors(stack);
    // Findings come out per construct (tree order), so compare as a sorted list.
    expect([...errors].sort()).toEqual([
      expect.stringMatching(/^\[HC-AUDIT-1\] test\/approle-ci\/backend: depends_on = \[\]/),
      expect.stringMatching(/^\[HC-AUDIT-1\] test\/kv-unprotected: depends_on = \[\]/),
      expect.stringMatching(/^\[HC-AUDIT-1\] test\/open\/role: depends_on = \[\]/),
      expect.stringMatching(/^\[HC-AUDIT-1\] test\/policy-bad\/policy: depends_on = \[\]/),
      expect.stringMatching(/^\[HC-AUDIT-1\] test\/raw-key: depends_on = \[\]/),
      expect.stringMatching(/^\[HC-AUDIT-2\] test\/kv-unprotected: audit_non_hmac_request_keys = \["password"\]/),
      expect.stringMatching(/^\[HC-AUDIT-2\] test\/raw-audit: options\.file_path = "\/dev\/null"/),
      expect.stringMatching(/^\[HC-CIDR-1\] test\/open\/role: token_bound_cidrs\[0\] = "10\.0\.0\.5\/8": does not parse as a CIDR: it has host bits set/),
      expect.stringMatching(/^\[HC-CIDR-2\] test\/open\/role: secret_id_bound_cidrs = \["0\.0\.0\.0\/1","128\.0\.0\.0\/1"\]: admits every IPv4 address/),
      expect.stringMatching(/^\[HC-CIDR-4\] test\/open\/role: secret_id_bound_cidrs\[0\] = "0\.0\.0\.0\/1": is broader than \/16/),
      expect.stringMatching(/^\[HC-CIDR-4\] test\/open\/role: secret_id_bound_cidrs\[1\] = "128\.0\.0\.0\/1": is broader than \/16/),
      expect.stringMatching(/^\[HC-DATA-1\] test\/kv-unprotected: lifecycle\.prevent_destroy = null/),
      expect.stringMatching(/^\[HC-POLICY-1\] test\/policy-bad\/policy: path "secret\/hoodcloud\/x"\.capabilities = "scan": is not portable/),
      expect.stringMatching(/^\[HC-POLICY-2\] test\/policy-bad\/policy: path "secret\/hoodcloud\/x"\.capabilities = "sudo": gives a service root-protected endpoints/),
      expect.stringMatching(/^\[HC-POLICY-4\] test\/policy-bad\/policy: path = "secret\/hoodcloud\/x": is under the KV v2 mount secret\//),
      expect.stringMatching(/^\[HC-TRANSIT-1\] test\/raw-key: exportable = true/),
    ]);
    // The open role keeps phase 0 secret IDs: a warning, reported but not blocking.
    expect(blockingFindings(stack)).toHaveLength(errors.length);
    expect(guardrailFindings(stack).filter((f) => f.level === 'warning').map((f) => `${f.rule} ${f.construct} ${f.violation.field}`)).toEqual(['HC-APPROLE-1 test/open/role secret_id_ttl']);
  });

  test('GIVEN a raw vault_policy with hand-written HCL (sudo and scan on *) WHEN every rule runs THEN each rule that reads policy text reports it', () => {
    const stack = completeConfigStack();
    const audit = stack.node.findAll().find((n) => n instanceof FileAuditDevice) as FileAuditDevice;
    const raw = new Policy(stack, 'raw-policy', { name: 'hoodcloud-raw', policy: 'path "*" {\n  capabilities = ["sudo", "scan"]\n}\n' });
    raw.dependsOn = [audit.resource.fqn];
    applyGuardrails(stack, { production: true });
    expect(synthErrors(stack)).toEqual([
      expect.stringMatching(/^\[HC-POLICY-1\] test\/raw-policy: path "\*"\.capabilities = "scan": is not portable/),
      expect.stringMatching(/^\[HC-POLICY-3\] test\/raw-policy: path = "\*": is not under a mount/),
      expect.stringMatching(/^\[HC-POLICY-5\] test\/raw-policy: policy = "hoodcloud-raw": is a hand-written policy string/),
    ]);
  });
});
