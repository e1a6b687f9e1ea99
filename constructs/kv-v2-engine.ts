import { Construct } from 'constructs';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { KvSecretBackendV2 } from '@cdktf/provider-vault/lib/kv-secret-backend-v2';
import { CAPS } from '../policies/capabilities';
import { IPolicyGrantee } from './grantee';

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

/** Prefixes of the KV v2 HTTP API under a mount; a policy path without one of them matches nothing useful. */
export const KV_V2_API_PREFIXES = ['data', 'metadata', 'delete', 'undelete', 'destroy', 'subkeys', 'config'] as const;

/** A KV version 2 secrets engine and its engine-wide settings. */
export class KvV2Engine extends Construct {
  /** Mount path without slashes, e.g. `secret`. */
  readonly mountPath: string;
  readonly mount: Mount;
  readonly config: KvSecretBackendV2;

  constructor(scope: Construct, id: string, props: KvV2EngineProps = {}) {
    super(scope, id);
    this.mountPath = props.path ?? 'secret';
    this.mount = new Mount(this, 'mount', {
      path: this.mountPath,
      type: 'kv',
      options: { version: '2' },
      description: props.description ?? 'HoodCloud application secrets (KV v2)',
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    if (props.adoptExisting) this.mount.importFrom(this.mountPath);
    this.config = new KvSecretBackendV2(this, 'config', {
      mount: this.mount.path,
      maxVersions: props.maxVersions ?? 10,
      casRequired: props.casRequired ?? false,
      deleteVersionAfter: props.deleteVersionAfterSeconds ?? 0,
    });
  }

  /** Read secrets under `subpath` (a KV logical path, may end in `*`): values, metadata, listing. */
  grantRead(grantee: IPolicyGrantee, subpath: string): void {
    const why = `read secrets under ${this.mountPath}/${subpath}`;
    grantee.document.addRule(this.apiPath('data', subpath), CAPS.read, why);
    grantee.document.addRule(this.apiPath('metadata', subpath), CAPS.readList, why);
  }

  /** Everything on the engine's data and settings except engine removal: what an operator needs. */
  grantManage(grantee: IPolicyGrantee): void {
    const why = `manage every secret and the settings of ${this.mountPath}/`;
    grantee.document.addRule(this.apiPath('data', '*'), CAPS.manage, why);
    grantee.document.addRule(this.apiPath('metadata', '*'), CAPS.manage, why);
    for (const op of ['delete', 'undelete', 'destroy'] as const) {
      grantee.document.addRule(this.apiPath(op, '*'), CAPS.update, why);
    }
    grantee.document.addRule(this.apiPath('subkeys', '*'), CAPS.read, why);
    grantee.document.addRule(`${this.mountPath}/config`, CAPS.readWrite, why);
    grantMountManagement(grantee, this.mountPath);
  }

  /** `<mount>/<prefix>/<subpath>`: the KV v2 API path behind a logical path. */
  apiPath(prefix: (typeof KV_V2_API_PREFIXES)[number], subpath: string): string {
    return `${this.mountPath}/${prefix}/${subpath}`;
  }
}

/** Mount creation and tuning, never unmounting: an unmount destroys every secret or key in the engine. */
export function grantMountManagement(grantee: IPolicyGrantee, mountPath: string): void {
  const why = `create and tune the ${mountPath}/ mount (never unmount it)`;
  grantee.document.addRule('sys/mounts', CAPS.read, 'list secrets engines');
  grantee.document.addRule(`sys/mounts/${mountPath}`, CAPS.readWrite, why);
  grantee.document.addRule(`sys/mounts/${mountPath}/tune`, CAPS.readWrite, why);
}
