import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { AppRole } from '../constructs/approle';
import { AppRoleAuth } from '../constructs/approle-auth';
import { FileAuditDevice } from '../constructs/audit-device';
import { KvV2Engine } from '../constructs/kv-v2-engine';
import { TransitEngine } from '../constructs/transit-engine';
import { TransitKey } from '../constructs/transit-key';
import { VaultPolicy } from '../constructs/vault-policy';
import { applyGuardrails } from '../constructs/guardrails';
import { ROLE_POLICIES } from '../policies/role-policies';
import { VaultResources } from '../policies/vault-resources';
import { BOOTSTRAP_ADMIN_ROLE, configStackName, EnvironmentSettings, ROLE_NAMES, RoleName } from './environment';
import { stateFilePath } from './state-backend';

export const MASTER_KEY_NAME = 'hoodcloud-masterkey';

/** `<env>-config`: everything inside Vault (vault provider). Deploy after `<env>-server`. */
export class VaultConfigStack extends TerraformStack {
  readonly resources: VaultResources;
  readonly policies: Readonly<Record<RoleName, VaultPolicy>>;
  readonly roles: Readonly<Record<RoleName, AppRole>>;

  constructor(scope: Construct, readonly settings: EnvironmentSettings) {
    const name = configStackName(settings.name);
    super(scope, name);
    new LocalBackend(this, { path: stateFilePath(name) });
    // The token comes from VAULT_TOKEN at deploy time; it is never part of the configuration.
    new VaultProvider(this, 'vault', { address: settings.vaultAddress });

    const prod = settings.production;
    // A non-dev server is configured first by the bootstrap ceremony (audit device, AppRole, admin
    // role), so Terraform can authenticate without a root token; the stack adopts what it created.
    const bootstrapped = settings.server.mode === 'server';
    const audit = new FileAuditDevice(this, 'audit', { filePath: settings.auditFilePath, adoptExisting: bootstrapped });
    const kv = new KvV2Engine(this, 'kv', {
      path: 'secret',
      maxVersions: settings.kv.maxVersions,
      casRequired: settings.kv.casRequired,
      // Dev-mode servers already mount KV v2 at secret/: adopt it instead of failing with "path is already in use".
      adoptExisting: settings.server.mode === 'dev',
      preventDestroy: prod,
    });
    const transit = new TransitEngine(this, 'transit', { path: 'transit', preventDestroy: prod });
    const masterKey = new TransitKey(this, 'master-key', {
      engine: transit,
      keyName: MASTER_KEY_NAME,
      autoRotatePeriodSeconds: settings.masterKey.autoRotatePeriodSeconds,
      preventDestroy: prod,
    });
    const approleAuth = new AppRoleAuth(this, 'approle', { path: 'approle', adoptExisting: bootstrapped });
    this.resources = { kv, transit, masterKey, approleAuth, audit };

    const policies = {} as Record<RoleName, VaultPolicy>;
    const roles = {} as Record<RoleName, AppRole>;
    for (const roleName of ROLE_NAMES) {
      const definition = ROLE_POLICIES[roleName];
      // The ceremony wrote the admin policy and role on a bootstrapped server: adopt them, so a
      // difference from what it wrote is planned as an update instead of silently overwritten.
      const adoptExisting = bootstrapped && roleName === BOOTSTRAP_ADMIN_ROLE;
      const policy = new VaultPolicy(this, `policy-${roleName}`, { policyName: roleName, kind: definition.kind, description: definition.description, adoptExisting });
      definition.grant(policy, this.resources);
      policies[roleName] = policy;
      const binding = settings.roles[roleName];
      roles[roleName] = new AppRole(this, `role-${roleName}`, {
        auth: approleAuth,
        roleName,
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

    new TerraformOutput(this, 'security_profile', {
      description: 'How AppRole secret IDs are issued in this environment (read by the operations CLI and the review)',
      value: settings.securityProfile,
    });
    audit.auditEverythingIn(this);
    applyGuardrails(this, { production: prod });
  }
}

