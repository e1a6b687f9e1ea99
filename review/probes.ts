// The paths the review asks every role's ACL about: the secret layout (each KV v2 path of the
// catalog under `secret/`: data, metadata, delete, undelete, destroy, subkeys, plus list and
// "any other secret" probes), each transit operation on the master key, and the control paths that
// matter for escalation (policies, AppRole credentials, audit, mounts, auth).
import { SECRET_CATALOG, workloadServices } from '../services/catalog';
import { GrantCapability } from '../model/capabilities';

export type ProbeArea = 'kv' | 'transit' | 'control' | 'policy-rule';

export interface Probe {
  readonly area: ProbeArea;
  /** Request path asked of the ACL. */
  readonly path: string;
  /** What the path is for, e.g. `read hoodcloud/auth-server/jwt`. */
  readonly what: string;
  /** For an operation probe (transit): the capability the operation needs. */
  readonly needs?: GrantCapability;
}

/** What the configurations declare (base and head together): every probe is built from it. */
export interface ProbeLayout {
  /** Paths of KV mounts. */
  readonly kvMounts: readonly string[];
  /** Transit keys as `<mount>/<name>`. */
  readonly transitKeys: readonly string[];
  /** AppRole auth mount paths. */
  readonly approleMounts: readonly string[];
  /** Audit device paths. */
  readonly auditDevices: readonly string[];
  /** AppRole names whose credentials are probed. */
  readonly roleNames: readonly string[];
  /** Policy names whose rewrite is probed. */
  readonly policyNames: readonly string[];
}

/** The name of a secret no role should reach by accident: probes what globs grant beyond the catalog. */
export const UNLISTED_SECRET = 'any-unlisted-secret';

export function layoutProbes(o: ProbeLayout): Probe[] {
  const probes: Probe[] = [];
  for (const kv of o.kvMounts) {
    const kvPaths = (p: string, label: string) => {
      probes.push(
        { area: 'kv', path: `${kv}/data/${p}`, what: `${label} · data` },
        { area: 'kv', path: `${kv}/metadata/${p}`, what: `${label} · metadata (all versions)` },
        { area: 'kv', path: `${kv}/subkeys/${p}`, what: `${label} · subkeys` },
        { area: 'kv', path: `${kv}/delete/${p}`, what: `${label} · soft-delete versions` },
        { area: 'kv', path: `${kv}/undelete/${p}`, what: `${label} · undelete versions` },
        { area: 'kv', path: `${kv}/destroy/${p}`, what: `${label} · destroy versions` },
      );
    };
    for (const entry of SECRET_CATALOG) kvPaths(entry.path, entry.path);
    for (const service of workloadServices()) {
      const prefix = service.kvSubtree;
      kvPaths(`${prefix}/${UNLISTED_SECRET}`, `${prefix}/<unlisted secret>`);
      probes.push({ area: 'kv', path: `${kv}/metadata/${prefix}/`, what: `list ${prefix}/` });
    }
    kvPaths(`other/${UNLISTED_SECRET}`, `<secret outside hoodcloud/>`);
    probes.push(
      { area: 'kv', path: `${kv}/metadata/hoodcloud/`, what: 'list hoodcloud/' },
      { area: 'kv', path: `${kv}/metadata/`, what: `list the ${kv}/ mount root` },
      { area: 'kv', path: `${kv}/config`, what: 'KV engine config (max_versions, cas_required)' },
    );
  }
  for (const fullKey of o.transitKeys) {
    const transit = fullKey.slice(0, fullKey.lastIndexOf('/'));
    const key = fullKey.slice(fullKey.lastIndexOf('/') + 1);
    transitProbes(probes, transit, key);
  }
  const control = (path: string, what: string) => probes.push({ area: 'control', path, what });
  for (const approle of o.approleMounts) {
    for (const role of o.roleNames) {
      control(`auth/${approle}/role/${role}/secret-id`, `issue secret IDs for ${role}`);
      control(`auth/${approle}/role/${role}/role-id`, `read the role ID of ${role}`);
      control(`auth/${approle}/role/${role}`, `change role ${role} (bindings, TTLs, policies)`);
    }
    control(`sys/auth/${approle}`, `enable/disable the ${approle} auth method`);
  }
  for (const policy of o.policyNames) control(`sys/policies/acl/${policy}`, `rewrite policy ${policy}`);
  control('sys/policies/acl', 'list ACL policies');
  control('sys/audit', 'list audit devices');
  for (const device of o.auditDevices) control(`sys/audit/${device}`, `enable/disable the ${device} audit device`);
  for (const m of [...o.kvMounts, ...new Set(o.transitKeys.map((k) => k.slice(0, k.lastIndexOf('/'))))]) control(`sys/mounts/${m}`, `mount/unmount ${m}/`);
  control('auth/token/create', 'create child tokens');
  control('sys/raw', 'raw storage (bypasses every ACL)');
  return probes;
}

/** Each operation on one transit key. */
function transitProbes(probes: Probe[], transit: string, key: string): void {
  const op = (path: string, what: string, needs: GrantCapability) => probes.push({ area: 'transit', path, what, needs });
  op(`${transit}/encrypt/${key}`, 'encrypt', 'update');
  op(`${transit}/decrypt/${key}`, 'decrypt', 'update');
  op(`${transit}/datakey/plaintext/${key}`, 'datakey plaintext (returns the DEK in clear)', 'update');
  op(`${transit}/datakey/wrapped/${key}`, 'datakey wrapped', 'update');
  op(`${transit}/rewrap/${key}`, 'rewrap', 'update');
  op(`${transit}/hmac/${key}`, 'hmac', 'update');
  op(`${transit}/sign/${key}`, 'sign', 'update');
  op(`${transit}/verify/${key}`, 'verify', 'update');
  op(`${transit}/keys/${key}`, 'read key metadata', 'read');
  op(`${transit}/keys/${key}`, 'create or update key', 'update');
  op(`${transit}/keys/${key}`, 'delete key', 'delete');
  op(`${transit}/keys/${key}/config`, 'config (deletion_allowed, exportable, min versions, auto-rotate)', 'update');
  op(`${transit}/keys/${key}/rotate`, 'rotate', 'update');
  op(`${transit}/keys/${key}/trim`, 'trim old versions', 'update');
  op(`${transit}/export/encryption-key/${key}`, 'export (key material in clear)', 'read');
  op(`${transit}/backup/${key}`, 'backup', 'read');
  op(`${transit}/restore/${key}`, 'restore', 'update');
  op(`${transit}/keys/`, 'list keys', 'list');
}

/** A probe for a rule pattern written in a policy: the literal pattern as a path lands in the rule's own scope. */
export function patternProbe(pattern: string): Probe {
  return { area: 'policy-rule', path: pattern, what: `paths matching rule "${pattern}"` };
}
