import { Construct } from 'constructs';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { Grant } from './grant';
import { IPolicyGrantee } from './grantee';
import { grantMountManagement } from './kv-v2-engine';

export interface TransitEngineProps {
  /** Mount path, without slashes. @default 'transit' */
  readonly path?: string;
  /** @default 'HoodCloud encryption as a service (transit)' */
  readonly description?: string;
  /** Refuse `terraform destroy` of the mount (it holds the keys). @default false */
  readonly preventDestroy?: boolean;
}

/** A transit secrets engine; keys are {@link TransitKey}s that take this engine. */
export class TransitEngine extends Construct {
  readonly mountPath: string;
  readonly mount: Mount;

  constructor(scope: Construct, id: string, props: TransitEngineProps = {}) {
    super(scope, id);
    this.mountPath = props.path ?? 'transit';
    this.mount = new Mount(this, 'mount', {
      path: this.mountPath,
      type: 'transit',
      description: props.description ?? 'HoodCloud encryption as a service (transit)',
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
  }

  /** Create and tune the mount, never unmount it (that would delete every key). */
  grantManage(grantee: IPolicyGrantee): Grant {
    return grantMountManagement(grantee, this.mountPath);
  }
}
