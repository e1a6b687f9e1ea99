import { Construct } from 'constructs';
import { AuthBackend } from '@cdktf/provider-vault/lib/auth-backend';
import { CAPS } from '../model/capability-sets';
import { grant, Grant } from './grant';
import { IPolicyGrantee } from './grantee';
import { importExisting } from './import-existing';

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
    if (props.adoptExisting) importExisting(this.resource, this.path);
  }

  /**
   * Enable and tune the auth method and manage the given roles and their secret IDs. Disabling
   * the method is not granted: it would invalidate every service's credentials. Role writes are
   * limited to the names the configuration declares (`roleNames`), so the grantee cannot create a
   * role of its own to carry a wider policy.
   */
  grantManage(grantee: IPolicyGrantee, roleNames: readonly string[]): Grant {
    const why = `manage the ${this.path} auth method, its declared roles and their secret IDs`;
    grant(grantee, 'list auth methods', [{ path: 'sys/auth', capabilities: CAPS.read }]);
    // Enabling an auth method is root-protected (sudo). terraform-provider-vault reads and tunes it
    // through sys/mounts/auth/<path> (measured with the real provider: 403 at plan time without these).
    grant(grantee, why, [
      { path: `sys/auth/${this.path}`, capabilities: CAPS.enableSudo },
      { path: `sys/mounts/auth/${this.path}`, capabilities: CAPS.read },
      { path: `sys/mounts/auth/${this.path}/tune`, capabilities: CAPS.readUpdate, constraints: { deniedParameters: { audit_non_hmac_request_keys: [], audit_non_hmac_response_keys: [] } } },
      { path: `auth/${this.path}/role`, capabilities: CAPS.list },
    ]);
    return grant(grantee, why, roleNames.flatMap((role) => [
      { path: `auth/${this.path}/role/${role}`, capabilities: CAPS.manage },
      { path: `auth/${this.path}/role/${role}/*`, capabilities: CAPS.manage },
    ]));
  }
}
