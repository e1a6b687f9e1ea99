import { Construct } from 'constructs';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { KvSecretBackendV2 } from '@cdktf/provider-vault/lib/kv-secret-backend-v2';
import { CAPS } from '../model/capability-sets';
import { KvV2ApiPrefix, kvV2ApiPath } from '../model/kv-v2';
import { grant, Grant, GrantRule } from './grant';
import { IPolicyGrantee } from './grantee';
import { importExisting } from './import-existing';

export interface KvV2EngineProps {
  /** Mount path, without slashes. @default 'secret' */
  readonly path?: string;
  /** @default 'HoodCloud application secrets (KV v2)' */
  readonly description?: string;
  /** Versions kept per secret (`max_versions`); older ones are removed. @default 10 */
  readonly maxVersions?: number;
  /** Require check-and-set on every write (`cas_required`). @default false */
  readonly casRequired?: boolean;
  /** Delete versions this many seconds after they are written (`delete_version_after`); 0 keeps them. @default 0 */
  readonly deleteVersionAfterSeconds?: number;
  /**
   * Adopt a mount that already exists (dev-mode servers mount KV v2 at `secret/`) through a Terraform
   * `import` block instead of creating it, so dev and production share one code path.
   * @default false
   */
  readonly adoptExisting?: boolean;
  /** Refuse `terraform destroy` of the mount (and so of every secret in it). @default false */
  readonly preventDestroy?: boolean;
}

/** A KV version 2 secrets engine and its engine-wide settings. */
export class KvV2Engine extends Construct {
  /** Mount path without slashes, e.g. `secret`. */
  readonly mountPath: string;
  readonly mount: Mount;
  readonly config: KvSecretBackendV2;

  constructor(scope: Construct, id: string, props: KvV2EngineProps = {}) {
    super(scope, id);
    this.mountPath = props.path ?? 'secret';
    const maxVersions = props.maxVersions ?? 10;
    this.node.addValidation({ validate: () => (Number.isInteger(maxVersions) && maxVersions >= 1 ? [] : [`maxVersions = ${JSON.stringify(maxVersions)}: expected a whole number >= 1`]) });
    this.mount = new Mount(this, 'mount', {
      path: this.mountPath,
      type: 'kv',
      options: { version: '2' },
      description: props.description ?? 'HoodCloud application secrets (KV v2)',
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    if (props.adoptExisting) importExisting(this.mount, this.mountPath);
    this.config = new KvSecretBackendV2(this, 'config', {
      mount: this.mount.path,
      maxVersions,
      casRequired: props.casRequired ?? false,
      deleteVersionAfter: props.deleteVersionAfterSeconds ?? 0,
    });
  }

  /** Read secrets under `subpath` (a KV logical path, may end in `*`): values, metadata, listing. */
  grantRead(grantee: IPolicyGrantee, subpath: string): Grant {
    return grant(grantee, `read secrets under ${this.mountPath}/${subpath}`, [
      { path: this.apiPath('data', subpath), capabilities: CAPS.read },
      { path: this.apiPath('metadata', subpath), capabilities: CAPS.readList },
    ]);
  }

  /** Everything on the engine's data and settings except engine removal: what an operator needs. */
  grantManage(grantee: IPolicyGrantee): Grant {
    const rules: GrantRule[] = [
      { path: this.apiPath('data', '*'), capabilities: CAPS.manage },
      { path: this.apiPath('metadata', '*'), capabilities: CAPS.manage },
      ...(['delete', 'undelete', 'destroy'] as const).map((op) => ({ path: this.apiPath(op, '*'), capabilities: CAPS.update })),
      { path: this.apiPath('subkeys', '*'), capabilities: CAPS.read },
      { path: `${this.mountPath}/config`, capabilities: CAPS.readWrite },
    ];
    grant(grantee, `manage every secret and the settings of ${this.mountPath}/`, rules);
    return grantMountManagement(grantee, this.mountPath);
  }

  /** `<mount>/<prefix>/<subpath>`: the KV v2 API path behind a logical path. */
  apiPath(prefix: Exclude<KvV2ApiPrefix, 'config'>, subpath: string): string {
    return kvV2ApiPath(this.mountPath, prefix, subpath);
  }
}

/**
 * Mount creation and tuning, never unmounting: an unmount destroys every secret or key in the
 * engine. Tuning cannot weaken audit HMACing: the parameters that would exempt request or response
 * keys from it are denied (they are top-level fields of the tune request, which Vault's parameter
 * constraints can check).
 */
export function grantMountManagement(grantee: IPolicyGrantee, mountPath: string): Grant {
  const keepHmac = { deniedParameters: { audit_non_hmac_request_keys: [], audit_non_hmac_response_keys: [] } };
  grant(grantee, 'list secrets engines', [{ path: 'sys/mounts', capabilities: CAPS.read }]);
  return grant(grantee, `create and tune the ${mountPath}/ mount (never unmount it, never exempt keys from audit HMACing)`, [
    { path: `sys/mounts/${mountPath}`, capabilities: CAPS.readWrite, constraints: keepHmac },
    { path: `sys/mounts/${mountPath}/tune`, capabilities: CAPS.readWrite, constraints: keepHmac },
  ]);
}
