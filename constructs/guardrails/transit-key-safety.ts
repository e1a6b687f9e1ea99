// HC-TRANSIT-1: transit keys are never exportable, backed up in plaintext, or deletable.
import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { allNodes, Guardrail, Violation } from './guardrail';

const RISKY = [
  ['exportable', (k: TransitSecretBackendKey) => k.exportableInput],
  ['allow_plaintext_backup', (k: TransitSecretBackendKey) => k.allowPlaintextBackupInput],
  ['deletion_allowed', (k: TransitSecretBackendKey) => k.deletionAllowedInput],
] as const;

export const transitKeySafety: Guardrail = {
  id: 'HC-TRANSIT-1',
  description: 'Transit keys are not exportable, allow no plaintext backup and cannot be deleted',
  check({ stack }) {
    const out: Violation[] = [];
    for (const key of allNodes(stack).filter((n): n is TransitSecretBackendKey => n instanceof TransitSecretBackendKey)) {
      for (const [field, read] of RISKY) {
        const value = read(key);
        if (value === true) {
          out.push({
            construct: key,
            field,
            value,
            message: `lets the key (${key.nameInput}) leave Vault or be destroyed, losing every ciphertext; set it to false (exportable and plaintext backup are irreversible on the server)`,
          });
        }
      }
    }
    return out;
  },
};
