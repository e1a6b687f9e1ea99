import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { AppRole } from '../constructs/approle';
import { AppRoleAuth } from '../constructs/approle-auth';
import { FileAuditDevice } from '../constructs/audit-device';
import { KvV2Engine } from '../constructs/kv-v2-engine';
import { RaftAutopilotConfig } from '../constructs/raft-autopilot';
import { TransitEngine } from '../constructs/transit-engine';
import { TransitKey } from '../constructs/transit-key';
import { VaultPolicy } from '../constructs/vault-policy';
import { applyGuardrails } from '../constructs/guardrails';
import { GrantTargets } from '../policies/role-policy';
import { SERVICES } from '../services/registry';
import { ServiceDefinition } from '../services/service-definition';
import { configStackName, EnvironmentSettings } from './environment';
import { LAYOUT } from './layout';
import { configureTerraformBlock } from './terraform-block';

/** `<env>-config`: everything inside Vault (vault provider). Deploy after `<env>-server`. */
export class VaultConfigStack extends TerraformStack {
  readonly targets: GrantTargets;
  /** By role name. */
  readonly policies: Readonly<Record<string, VaultPolicy>>;
  /** By role name. */
  readonly roles: Readonly<Record<string, AppRole>>;

  constructor(scope: Construct, readonly settings: EnvironmentSettings, services: readonly ServiceDefinition[] = SERVICES) {
    const name = configStackName(settings.name);
    super(scope, name);
    configureTerraformBlock(this, name);
    // The token comes from VAULT_TOKEN at deploy time; it is never part of the configuration.
    new VaultProvider(this, 'vault', { address: settings.vaultAddress });

    const prod = settings.production;
    // A non-dev server is configured first by the bootstrap ceremony (audit device, AppRole, the
    // bootstrap role and its policy), so Terraform can authenticate without a root token; the stack
    // adopts what it created, so a difference from it is planned as an update, never overwritten silently.
    const bootstrapped = settings.server.mode === 'server';
    const audit = new FileAuditDevice(this, 'audit', { path: LAYOUT.auditDevice, filePath: settings.auditFilePath, adoptExisting: bootstrapped });
    const kv = new KvV2Engine(this, 'kv', {
      path: LAYOUT.kvMount,
      maxVersions: settings.kv.maxVersions,
      casRequired: settings.kv.casRequired,
      // Dev-mode servers already mount KV v2 at secret/: adopt it instead of failing with "path is already in use".
      adoptExisting: settings.server.mode === 'dev',
      preventDestroy: prod,
    });
    const transit = new TransitEngine(this, 'transit', { path: LAYOUT.transitMount, preventDestroy: prod });
    const masterKey = new TransitKey(this, 'master-key', {
      engine: transit,
      keyName: LAYOUT.masterKey,
      autoRotatePeriodSeconds: settings.masterKey.autoRotatePeriodSeconds,
      preventDestroy: prod,
    });
    const approleAuth = new AppRoleAuth(this, 'approle', { path: LAYOUT.approleMount, adoptExisting: bootstrapped });
    // Each role carries exactly one policy, named like the role.
    const names = services.map((s) => s.roleName);
    this.targets = { kv, transit, masterKey, approleAuth, audit, roles: names.map((name) => ({ roleName: name, tokenPolicies: [name] })), policyNames: names };

    const policies: Record<string, VaultPolicy> = {};
    const roles: Record<string, AppRole> = {};
    for (const service of services) {
      const adoptExisting = bootstrapped && service.bootstrap;
      const policy = new VaultPolicy(this, `policy-${service.roleName}`, { policyName: service.roleName, kind: service.policy.kind, description: service.policy.description, adoptExisting });
      service.policy.grant(policy, this.targets, { kvSubtree: service.policy.kind === 'service' ? service.kvSubtree : undefined });
      const binding = settings.roles[service.roleName];
      if (!binding) throw new Error(`${settings.name}.roles: no binding for ${service.roleName} (every role of the service registry needs one)`);
      policies[service.roleName] = policy;
      roles[service.roleName] = new AppRole(this, `role-${service.roleName}`, {
        auth: approleAuth,
        roleName: service.roleName,
        policies: [policy],
        secretIdBoundCidrs: binding.secretIdBoundCidrs,
        tokenBoundCidrs: binding.tokenBoundCidrs,
        ttl: settings.ttl,
        securityProfile: settings.securityProfile,
        adoptExisting,
      });
    }
    this.policies = policies;
    this.roles = roles;

    // A raft cluster's autopilot; dev-mode servers keep everything in memory and have none.
    if (settings.server.mode === 'server' && settings.server.raft) {
      const autopilot = settings.server.raft.autopilot;
      const voters = settings.server.nodes.length;
      new RaftAutopilotConfig(this, 'autopilot', {
        ...autopilot,
        // The server refuses cleanup below a quorum of 3: a smaller cluster keeps every member.
        cleanupDeadServers: autopilot.cleanupDeadServers && voters >= 3,
        // Never pruned below the declared size: a dead node is only removed once a replacement has joined.
        minQuorum: Math.max(3, voters),
      });
    }

    new TerraformOutput(this, 'security_profile', {
      description: 'How AppRole secret IDs are issued in this environment (read by the operations CLI and the review)',
      value: settings.securityProfile,
    });
    audit.auditEverythingIn(this);
    applyGuardrails(this, { production: prod, cidrPrefixBounds: settings.cidrPrefixBounds });
  }
}
