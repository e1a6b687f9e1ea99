import { Construct } from 'constructs';
import { AuthBackend } from '@cdktf/provider-vault/lib/auth-backend';
import { CAPS } from '../policies/capabilities';
import { IPolicyGrantee } from './grantee';

export interface AppRoleAuthProps {
  /** Auth mount path. @default 'approle' */
  readonly path?: string;
  /** @default 'HoodCloud machine authentication (AppRole)' */
  readonly description?: string;
  /**
   * Adopt an auth mount that already exists (the bootstrap ceremony enables it so Terraform can log
   * in as hoodcloud-admin) through a Terraform `import` block.
   * @default false
   */
  readonly adoptExisting?: boolean;
}

/** The AppRole auth method; roles are {@link AppRole}s that take this backend. */
export class AppRoleAuth extends Construct {
  /** Auth mount path without slashes, e.g. `approle` (API paths are `auth/<path>/...`). */
  readonly path: string;
  readonly resource: AuthBackend;

  constructor(scope: Construct, id: string, props: AppRoleAuthProps = {}) {
    super(scope, id);
    this.path = props.path ?? 'approle';
    this.resource = new AuthBackend(this, 'backend', {
      type: 'approle',
      path: this.path,
      description: props.description ?? 'HoodCloud machine authentication (AppRole)',
    });
    if (props.adoptExisting) this.resource.importFrom(this.path);
  }

  /**
   * Enable and tune the auth method, manage its roles and issue, list and destroy secret IDs.
   * Disabling the method is not granted: it would invalidate every service's credentials.
   */
  grantManage(grantee: IPolicyGrantee): void {
    const why = `manage the ${this.path} auth method, its roles and their secret IDs`;
    grantee.document.addRule('sys/auth', CAPS.read, 'list auth methods');
    // Enabling an auth method is root-protected (sudo).
    grantee.document.addRule(`sys/auth/${this.path}`, ['create', 'update', 'sudo'], why);
    // terraform-provider-vault reads and tunes an auth method through sys/mounts/auth/<path>
    // (measured with the real provider: 403 at plan time without these).
    grantee.document.addRule(`sys/mounts/auth/${this.path}`, CAPS.read, why);
    grantee.document.addRule(`sys/mounts/auth/${this.path}/tune`, ['read', 'update'], why);
    grantee.document.addRule(`auth/${this.path}/role`, CAPS.list, why);
    grantee.document.addRule(`auth/${this.path}/role/*`, CAPS.manage, why);
  }
}
