// HC-TRANSIT-1: transit keys are never exportable, backed up in plaintext, or deletable.
import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { Guardrail } from './guardrail';

const RISKY = [
  ['exportable', (k: TransitSecretBackendKey) => k.exportableInput],
  ['allow_plaintext_backup', (k: TransitSecretBackendKey) => k.allowPlaintextBackupInput],
  ['deletion_allowed', (k: TransitSecretBackendKey) => k.deletionAllowedInput],
] as const;

export const transitKeySafety: Guardrail = {
  id: 'HC-TRANSIT-1',
  level: 'error',
  description: 'Transit keys are not exportable, allow no plaintext backup and cannot be deleted',
  check(node) {
    if (!(node instanceof TransitSecretBackendKey)) return [];
    return RISKY.filter(([, read]) => read(node) === true).map(([field, read]) => ({
      field,
      value: read(node),
      message: `lets the key (${node.nameInput}) leave Vault or be destroyed, losing every ciphertext; set it to false (exportable and plaintext backup are irreversible on the server)`,
    }));
  },
};
