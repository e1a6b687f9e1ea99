import { Construct, IConstruct } from 'constructs';
import { dependable, TerraformResource } from 'cdktf';
import { Audit } from '@cdktf/provider-vault/lib/audit';
import { CAPS } from '../model/capability-sets';
import { grant, Grant } from './grant';
import { IPolicyGrantee } from './grantee';
import { importExisting } from './import-existing';

export interface FileAuditDeviceProps {
  /** Where the server writes the log (a path inside the server's filesystem). */
  readonly filePath: string;
  /** Device path in `sys/audit`. @default 'file' */
  readonly path?: string;
  /** File mode the server creates the log with. @default '0600' */
  readonly mode?: string;
  /** @default 'HoodCloud audit log' */
  readonly description?: string;
  /**
   * Adopt a device that already exists (the bootstrap ceremony enables it before Terraform runs,
   * so nothing is ever unaudited) through a Terraform `import` block.
   * @default false
   */
  readonly adoptExisting?: boolean;
}

/**
 * A file audit device. Request and response values are HMAC'd (never `log_raw`), accessors too.
 * The config stack makes every other resource depend on it, so nothing is configured unaudited.
 */
export class FileAuditDevice extends Construct {
  readonly devicePath: string;
  readonly filePath: string;
  readonly resource: Audit;

  constructor(scope: Construct, id: string, props: FileAuditDeviceProps) {
    super(scope, id);
    this.devicePath = props.path ?? 'file';
    this.filePath = props.filePath;
    this.node.addValidation({
      validate: () => (props.filePath.startsWith('/') ? [] : [`filePath = ${JSON.stringify(props.filePath)}: expected an absolute path on the server such as /vault/logs/audit.log`]),
    });
    this.resource = new Audit(this, 'device', {
      type: 'file',
      path: this.devicePath,
      description: props.description ?? 'HoodCloud audit log',
      options: {
        file_path: props.filePath,
        mode: props.mode ?? '0600',
        format: 'json',
        log_raw: 'false',
        hmac_accessor: 'true',
      },
    });
    if (props.adoptExisting) importExisting(this.resource, this.devicePath);
  }

  /**
   * Makes every other resource under `scope` depend on this device, so nothing is configured
   * before requests are audited (guardrail HC-AUDIT-1). Call after the resources exist.
   */
  auditEverythingIn(scope: IConstruct): void {
    for (const node of scope.node.findAll()) {
      if (node instanceof TerraformResource && node !== this.resource) {
        // dependable() writes the bare address Terraform requires in depends_on (`vault_audit.x`);
        // `fqn` would write "${vault_audit.x}", which Terraform rejects as an expression.
        node.dependsOn = [...new Set([...(node.dependsOn ?? []), dependable(this.resource)])];
      }
    }
  }

  /**
   * Read and enable this audit device (root-protected: sudo). Disabling is not granted. Its nested
   * options (file_path, log_raw) cannot be constrained by an ACL; `ops drift` detects a change.
   */
  grantManage(grantee: IPolicyGrantee): Grant {
    return grant(grantee, 'read and enable the audit device (never disable it)', [
      { path: 'sys/audit', capabilities: CAPS.readSudo },
      { path: `sys/audit/${this.devicePath}`, capabilities: ['create', 'read', 'update', 'sudo'] },
    ]);
  }
}
