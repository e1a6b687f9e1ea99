import { Image } from '@cdktf/provider-docker/lib/image';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { FileAuditDevice } from '../../../constructs/audit-device';
import { auditFirst } from '../../../constructs/guardrails/audit-first';
import { KvV2Engine } from '../../../constructs/kv-v2-engine';
import { dockerStack, fullSynth, guard, synthErrors, vaultStack, violation } from '../support';

describe('HC-AUDIT-1 (audit device first)', () => {
  test('GIVEN an audit device that every resource depends on WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    const audit = new FileAuditDevice(stack, 'audit', { filePath: '/vault/logs/audit.log' });
    new KvV2Engine(stack, 'kv');
    audit.auditEverythingIn(stack);
    expect(() => fullSynth(guard(stack, auditFirst))).not.toThrow();
  });

  test('GIVEN a vault stack without an audit device WHEN synthesized THEN it fails naming rule, stack, field, value and fix', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv');
    expect(() => fullSynth(guard(stack, auditFirst))).toThrow(violation('HC-AUDIT-1', 'test', 'vault_audit', null, 'add a FileAuditDevice so every request is logged'));
  });

  test('GIVEN a resource that does not depend on the audit device WHEN synthesized THEN it fails naming the resource', () => {
    const stack = vaultStack();
    new FileAuditDevice(stack, 'audit', { filePath: '/vault/logs/audit.log' });
    const kv = new KvV2Engine(stack, 'kv');
    kv.config.dependsOn = [kv.mount.fqn];
    expect(synthErrors(guard(stack, auditFirst))).toEqual([
      expect.stringMatching(violation('HC-AUDIT-1', 'test/kv/mount', 'depends_on', [], 'does not depend on the audit device')),
      expect.stringMatching(violation('HC-AUDIT-1', 'test/kv/config', 'depends_on', [`vault_mount.${kv.mount.friendlyUniqueId}`], 'could be configured before requests are audited')),
    ]);
  });

  // cdktf turns `dependsOn: [resource]` in a resource's config into a token that resolves to the same
  // address as `resource.fqn`; the rule compares the unresolved strings and misses it.
  test('GIVEN a resource declared with dependsOn: [audit.resource] (the cdktf config form) WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    const audit = new FileAuditDevice(stack, 'audit', { filePath: '/vault/logs/audit.log' });
    new Mount(stack, 'transit', { path: 'transit', type: 'transit', dependsOn: [audit.resource] });
    expect(() => fullSynth(guard(stack, auditFirst))).not.toThrow();
  });

  test('GIVEN a docker-only (server) stack with no audit device WHEN synthesized THEN it passes (nothing is configured in Vault)', () => {
    const stack = dockerStack();
    new Image(stack, 'image', { name: 'hashicorp/vault:1.21.4' });
    expect(() => fullSynth(guard(stack, auditFirst))).not.toThrow();
  });

  test('GIVEN a vault stack with only the audit device WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    new FileAuditDevice(stack, 'audit', { filePath: '/vault/logs/audit.log' });
    expect(() => fullSynth(guard(stack, auditFirst))).not.toThrow();
  });
});
