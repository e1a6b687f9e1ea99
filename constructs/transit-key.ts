import { Construct } from 'constructs';
import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { CAPS } from '../model/capability-sets';
import { grant, Grant } from './grant';
import { IPolicyGrantee } from './grantee';
import { TransitEngine } from './transit-engine';

export type TransitKeyType =
  | 'aes256-gcm96'
  | 'aes128-gcm96'
  | 'chacha20-poly1305'
  | 'ed25519'
  | 'ecdsa-p256'
  | 'ecdsa-p384'
  | 'ecdsa-p521'
  | 'rsa-2048'
  | 'rsa-3072'
  | 'rsa-4096';

/** Vault rejects automatic rotation periods between 1 second and 1 hour. */
export const MIN_AUTO_ROTATE_PERIOD_SECONDS = 3600;

export interface TransitKeyProps {
  /** The engine the key lives in. */
  readonly engine: TransitEngine;
  /** Key name, e.g. `hoodcloud-masterkey`. */
  readonly keyName: string;
  /** Key type; changing it replaces the key (and loses every ciphertext made with it). @default 'aes256-gcm96' */
  readonly type?: TransitKeyType;
  /** Rotate automatically this often; 0 disables; at least 3600 when set. @default 0 */
  readonly autoRotatePeriodSeconds?: number;
  /** Allow the key to be exported. Irreversible on the server. Risky: needs an explicit opt-in. @default false */
  readonly exportable?: boolean;
  /** Allow a plaintext backup of the key. Irreversible on the server. @default false */
  readonly allowPlaintextBackup?: boolean;
  /** Allow the key to be deleted. @default false */
  readonly deletionAllowed?: boolean;
  /** Refuse `terraform destroy` of the key. Required in production by guardrail HC-DATA-1. @default false */
  readonly preventDestroy?: boolean;
}

/**
 * A named transit key, secure by default: not exportable, no plaintext backup, not deletable.
 * Grants hand out single operations on this key, never on the engine as a whole.
 */
export class TransitKey extends Construct {
  readonly keyName: string;
  readonly engine: TransitEngine;
  readonly resource: TransitSecretBackendKey;

  constructor(scope: Construct, id: string, props: TransitKeyProps) {
    super(scope, id);
    const rotate = props.autoRotatePeriodSeconds ?? 0;
    if (!Number.isInteger(rotate) || rotate < 0 || (rotate > 0 && rotate < MIN_AUTO_ROTATE_PERIOD_SECONDS)) {
      throw new Error(
        `${this.node.path}: autoRotatePeriodSeconds is ${rotate}; expected 0 (off) or a whole number of seconds >= ${MIN_AUTO_ROTATE_PERIOD_SECONDS} (Vault rejects shorter periods)`,
      );
    }
    this.keyName = props.keyName;
    this.engine = props.engine;
    this.resource = new TransitSecretBackendKey(this, 'key', {
      backend: props.engine.mount.path,
      name: props.keyName,
      type: props.type ?? 'aes256-gcm96',
      exportable: props.exportable ?? false,
      allowPlaintextBackup: props.allowPlaintextBackup ?? false,
      deletionAllowed: props.deletionAllowed ?? false,
      autoRotatePeriod: rotate,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
  }

  /** Encrypt and decrypt with this key (the key itself never leaves Vault). */
  grantEncryptDecrypt(grantee: IPolicyGrantee): Grant {
    return grant(grantee, `encrypt and decrypt with ${this.keyName}`, [
      { path: this.opPath('encrypt'), capabilities: CAPS.update },
      { path: this.opPath('decrypt'), capabilities: CAPS.update },
    ]);
  }

  /** Generate data-encryption keys wrapped by this key (with and without the plaintext copy). */
  grantGenerateDataKey(grantee: IPolicyGrantee): Grant {
    return grant(grantee, `generate data keys wrapped by ${this.keyName}`, [
      { path: this.opPath('datakey/plaintext'), capabilities: CAPS.update },
      { path: this.opPath('datakey/wrapped'), capabilities: CAPS.update },
    ]);
  }

  /** Re-encrypt ciphertexts to the latest key version without seeing the plaintext. */
  grantRewrap(grantee: IPolicyGrantee): Grant {
    return grant(grantee, `rewrap ciphertexts to the latest version of ${this.keyName}`, [{ path: this.opPath('rewrap'), capabilities: CAPS.update }]);
  }

  /**
   * What Terraform and an operator need: create, read, configure and rotate the key. The key can
   * never become exportable, backed up in plaintext or deletable through this grant: creation and
   * configuration only admit those fields as `false` (parameter constraints; Terraform sends
   * exactly that), and deleting, trimming, exporting and backing up are denied explicitly, so even
   * a wider grant elsewhere cannot open them.
   */
  grantManage(grantee: IPolicyGrantee): Grant {
    const key = `${this.engine.mountPath}/keys/${this.keyName}`;
    const neverOpen = { exportable: [false], allow_plaintext_backup: [false], deletion_allowed: [false] };
    grant(grantee, `create, configure and rotate ${this.keyName} (never make it exportable, backed up or deletable)`, [
      { path: `${this.engine.mountPath}/keys`, capabilities: CAPS.list },
      // Create: what terraform-provider-vault 5.6.0 sends (type, derived, convergent_encryption, auto_rotate_period, key_size).
      { path: key, capabilities: ['create', 'read', 'update'], constraints: { allowedParameters: { ...neverOpen, type: [], derived: [], convergent_encryption: [], auto_rotate_period: [], key_size: [] } } },
      // Config: the provider's fields, including "min_encryption_versoin", its misspelling on create.
      {
        path: `${key}/config`,
        capabilities: CAPS.update,
        constraints: { allowedParameters: { ...neverOpen, min_decryption_version: [], min_encryption_version: [], min_encryption_versoin: [], auto_rotate_period: [] } },
      },
      { path: `${key}/rotate`, capabilities: CAPS.update },
    ]);
    return grant(grantee, `${this.keyName} must never be deleted, trimmed, exported or backed up`, [
      { path: `${key}/trim`, capabilities: CAPS.deny },
      { path: `${this.engine.mountPath}/export/+/${this.keyName}`, capabilities: CAPS.deny },
      { path: `${this.engine.mountPath}/export/+/${this.keyName}/*`, capabilities: CAPS.deny },
      { path: `${this.engine.mountPath}/backup/${this.keyName}`, capabilities: CAPS.deny },
    ]);
  }

  /** `<mount>/<operation>/<key>` */
  private opPath(operation: string): string {
    return `${this.engine.mountPath}/${operation}/${this.keyName}`;
  }
}
