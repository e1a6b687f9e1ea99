// A config stack with N generated AppRoles, each with its own policy, built from the same
// constructs and guardrails as the real stacks: how synth cost grows with the number of roles.
import { App, TerraformStack } from 'cdktf';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { AppRole, PHASE_0 } from '../constructs/approle';
import { AppRoleAuth } from '../constructs/approle-auth';
import { FileAuditDevice } from '../constructs/audit-device';
import { KvV2Engine } from '../constructs/kv-v2-engine';
import { TransitEngine } from '../constructs/transit-engine';
import { TransitKey } from '../constructs/transit-key';
import { VaultPolicy } from '../constructs/vault-policy';
import { applyGuardrails } from '../constructs/guardrails';

export function buildGeneratedStack(app: App, roleCount: number): TerraformStack {
  const stack = new TerraformStack(app, `generated-${roleCount}`);
  new VaultProvider(stack, 'vault', { address: 'http://127.0.0.1:8201' });
  const audit = new FileAuditDevice(stack, 'audit', { filePath: '/vault/logs/audit.log' });
  const kv = new KvV2Engine(stack, 'kv', { adoptExisting: true });
  const transit = new TransitEngine(stack, 'transit');
  const key = new TransitKey(stack, 'master-key', { engine: transit, keyName: 'hoodcloud-masterkey' });
  const auth = new AppRoleAuth(stack, 'approle');
  for (let i = 0; i < roleCount; i++) {
    const name = `generated-service-${String(i).padStart(4, '0')}`;
    const policy = new VaultPolicy(stack, `policy-${name}`, { policyName: name, kind: 'service', description: `generated role ${i}` });
    kv.grantRead(policy, `hoodcloud/${name}/*`);
    key.grantEncryptDecrypt(policy);
    // Each role gets its own /32 in 10.0.0.0/8.
    const cidr = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`;
    new AppRole(stack, `role-${name}`, {
      auth,
      roleName: name,
      policies: [policy],
      secretIdBoundCidrs: [cidr],
      tokenBoundCidrs: [cidr],
      ttl: { tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 86400 },
      securityProfile: PHASE_0,
    });
  }
  audit.auditEverythingIn(stack);
  applyGuardrails(stack, { production: false });
  return stack;
}
