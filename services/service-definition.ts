// What a HoodCloud service is, once: a registry entry (services/registry.ts) gives its id, its
// policy file, its secrets and what it is meant to be able to do; every name derives from the id
// by one rule, and every tool (stacks, settings, catalog, review, CLI, the e2e matrix) reads them
// from here.
import { RolePolicyDefinition } from '../policies/role-policy';
import { SecretSpec } from '../secrets-catalog/secret-entry';

/** What the role is meant to be able to do, stated independently of its policy (the e2e matrix checks the policy against it). */
export interface AccessIntent {
  /** Reads its own KV subtree: values, metadata, listing. */
  readonly readsOwnSecrets: boolean;
  /** What it does with the master key. */
  readonly masterKeyOperations: readonly MasterKeyOperation[];
  /** Manages every secret, the key's settings, roles, policies and the audit device (never the key's material). */
  readonly operator: boolean;
}

export type MasterKeyOperation = 'encrypt' | 'decrypt' | 'datakey' | 'rewrap';

/** The names of a service's Vault settings in its own environment (runbook step 12). */
export interface VaultEnvNames {
  readonly address: string;
  readonly caCert: string;
  readonly roleIdFile: string;
  readonly secretIdFile: string;
  /** How long the service keeps its Vault token before logging in again (seconds, e.g. `2700s`). */
  readonly tokenCacheTtl: string;
}

export const DEFAULT_VAULT_ENV_NAMES: VaultEnvNames = {
  address: 'VAULT_ADDR',
  caCert: 'VAULT_CACERT',
  roleIdFile: 'VAULT_ROLE_ID_FILE',
  secretIdFile: 'VAULT_SECRET_ID_FILE',
  tokenCacheTtl: 'VAULT_TOKEN_CACHE_TTL',
};

export interface ServiceSpec {
  /** Short id, e.g. `control-plane`: folder names, catalog owners, and the root of every name below. */
  readonly id: string;
  /** One line: who runs as this role. */
  readonly description: string;
  readonly policy: RolePolicyDefinition;
  readonly intent: AccessIntent;
  /** Its secrets, under its KV subtree. @default none */
  readonly secrets?: readonly SecretSpec[];
  /** The bootstrap ceremony creates this role (and its policy) so Terraform can log in without root. @default false */
  readonly bootstrap?: boolean;
  /** Where the service reads its Vault settings from, where it differs from the defaults. */
  readonly vaultEnv?: Partial<VaultEnvNames>;
}

export interface ServiceDefinition extends Required<Omit<ServiceSpec, 'vaultEnv'>> {
  /** AppRole role name and ACL policy name: `hoodcloud-<id>`. */
  readonly roleName: string;
  /** KV subtree under the mount: `hoodcloud/<id>` (services; operators read everything through their policy). */
  readonly kvSubtree: string;
  /** The production settings variable with its CIDRs: `HOODCLOUD_<ID>_CIDRS`. */
  readonly cidrVariable: string;
  readonly vaultEnv: VaultEnvNames;
}

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A registry entry with its derived names; refuses an id that would make an invalid name. */
export function defineService(spec: ServiceSpec): ServiceDefinition {
  if (!ID.test(spec.id)) throw new Error(`service id ${JSON.stringify(spec.id)}: expected lower-case words joined by "-", e.g. billing-worker`);
  return {
    ...spec,
    secrets: spec.secrets ?? [],
    bootstrap: spec.bootstrap ?? false,
    roleName: `hoodcloud-${spec.id}`,
    kvSubtree: `hoodcloud/${spec.id}`,
    cidrVariable: `HOODCLOUD_${spec.id.toUpperCase().replace(/-/g, '_')}_CIDRS`,
    vaultEnv: { ...DEFAULT_VAULT_ENV_NAMES, ...spec.vaultEnv },
  };
}
