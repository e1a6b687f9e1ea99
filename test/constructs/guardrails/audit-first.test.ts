import { Image } from '@cdktf/provider-docker/lib/image';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { FileAuditDevice } from '../../../constructs/audit-device';
import { auditFirst } from '../../../constructs/guardrails/audit-first';
import { KvV2Engine } from '../../../constructs/kv-v2-engine';
import { dockerStack, fullSynth, guard, synthErrors, vaultStack, violation } from '../support';

const FIX = 'does not depend on the audit device; it could be configured before requests are audited';

describe('HC-AUDIT-1 (audit device first)', () => {
  test('GIVEN an audit device that every resource depends on WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    const audit = new FileAuditDevice(stack, 'audit', { filePath: '/vault/logs/audit.log' });
    new KvV2Engine(stack, 'kv');
    audit.auditEverythingIn(stack);
    expect(() => fullSynth(guard(stack, auditFirst))).not.toThrow();
  });

  test('GIVEN a vault stack without an audit device WHEN synthesized THEN it fails on the provider naming rule, field, value and fix', () => {
    const stack = vaultStack();
    new KvV2Engine(stack, 'kv');
    expect(synthErrors(guard(stack, auditFirst))).toEqual([
      expect.stringMatching(violation('HC-AUDIT-1', 'test/vault', 'vault_audit', null, 'no audit device is declared; add a FileAuditDevice so every request is logged')),
      expect.stringMatching(violation('HC-AUDIT-1', 'test/kv/mount', 'depends_on', [], FIX)),
      expect.stringMatching(violation('HC-AUDIT-1', 'test/kv/config', 'depends_on', [], FIX)),
    ]);
  });

  test('GIVEN a resource that depends on something other than the audit device WHEN synthesized THEN it fails naming what it depends on', () => {
    const stack = vaultStack();
    new FileAuditDevice(stack, 'audit', { filePath: '/vault/logs/audit.log' });
    const kv = new KvV2Engine(stack, 'kv');
    kv.config.dependsOn = [kv.mount.fqn];
    expect(synthErrors(guard(stack, auditFirst))).toEqual([
      expect.stringMatching(violation('HC-AUDIT-1', 'test/kv/mount', 'depends_on', [], FIX)),
      expect.stringMatching(violation('HC-AUDIT-1', 'test/kv/config', 'depends_on', [`vault_mount.${kv.mount.friendlyUniqueId}`], FIX)),
    ]);
  });

  test('GIVEN a resource that depends on the audit device among others WHEN synthesized THEN it passes (near miss)', () => {
    const stack = vaultStack();
    const audit = new FileAuditDevice(stack, 'audit', { filePath: '/vault/logs/audit.log' });
    const kv = new KvV2Engine(stack, 'kv');
    kv.mount.dependsOn = [audit.resource.fqn];
    kv.config.dependsOn = [kv.mount.fqn, audit.resource.fqn];
    expect(() => fullSynth(guard(stack, auditFirst))).not.toThrow();
  });

  // `dependsOn: [resource]` in the config, `dependable(resource)` and `resource.fqn` all resolve to the same address.
  test('GIVEN a resource declared with dependsOn: [audit.resource] (the cdktf config form) WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    const audit = new FileAuditDevice(stack, 'audit', { filePath: '/vault/logs/audit.log' });
    new Mount(stack, 'transit', { path: 'transit', type: 'transit', dependsOn: [audit.resource] });
    expect(() => fullSynth(guard(stack, auditFirst))).not.toThrow();
  });

  test('GIVEN two audit devices and resources depending on either WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    const a = new FileAuditDevice(stack, 'audit-a', { filePath: '/vault/logs/a.log', path: 'a' });
    const b = new FileAuditDevice(stack, 'audit-b', { filePath: '/vault/logs/b.log', path: 'b' });
    new Mount(stack, 'one', { path: 'one', type: 'transit', dependsOn: [a.resource] });
    new Mount(stack, 'two', { path: 'two', type: 'transit', dependsOn: [b.resource] });
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
