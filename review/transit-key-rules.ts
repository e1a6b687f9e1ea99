// Blocking rules on the settings of transit keys (every key the configurations declare, whatever
// its name): a key that can leave Vault or be deleted, new or changed, and a raised
// min_decryption_version (ciphertext of older key versions stops decrypting).
import { terraformBool } from '../terraform-json/terraform-values';
import { Finding } from './report-model';
import { indexResources } from './resource-diff';
import { IdentifiedResource } from './resource-identity';
import { SynthStack } from './stack-loader';

/** The settings that let a key's material leave Vault (export, plaintext backup) or the key be deleted. */
const RISKY_FLAGS = ['deletion_allowed', 'exportable', 'allow_plaintext_backup'] as const;

/** The provider's default: every version decrypts. */
const DEFAULT_MIN_DECRYPTION_VERSION = 1;

function keys(stack: SynthStack | undefined): Map<string, IdentifiedResource> {
  return new Map([...indexResources(stack).values()].filter((r) => r.kind === 'transit-key').map((r) => [r.key, r]));
}

function minDecryptionVersion(v: unknown): number | undefined {
  if (v === undefined || v === null) return DEFAULT_MIN_DECRYPTION_VERSION;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

export function transitKeyFindings(env: string, stack: string, base: SynthStack | undefined, head: SynthStack | undefined): Finding[] {
  const before = keys(base);
  const out: Finding[] = [];
  for (const [key, h] of [...keys(head)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const b = before.get(key);
    const ha = h.resource.attributes;
    if (!b) {
      const set = RISKY_FLAGS.filter((f) => terraformBool(ha[f]) === true);
      if (set.length) {
        out.push({
          environment: env,
          rule: 'transit-key-created-exportable-or-deletable',
          message: `${stack}: new transit key "${key}" is created with ${set.map((f) => `${f} = true`).join(', ')}: its material could leave Vault or the key be deleted, and every DEK it encrypts with it (exportable and plaintext backup cannot be turned off on the server)`,
        });
      }
      continue;
    }
    const ba = b.resource.attributes;
    for (const f of RISKY_FLAGS) {
      if (terraformBool(ha[f]) === true && terraformBool(ba[f]) !== true) {
        out.push({ environment: env, rule: 'transit-key-deletion-or-export-enabled', message: `${stack}: transit key "${key}" ${f} ${String(ba[f] ?? 'unset')} → ${String(ha[f])}` });
      }
    }
    const from = minDecryptionVersion(ba.min_decryption_version);
    const to = minDecryptionVersion(ha.min_decryption_version);
    if (from !== undefined && to !== undefined && to > from) {
      out.push({
        environment: env,
        rule: 'transit-min-decryption-version-raised',
        message: `${stack}: transit key "${key}" min_decryption_version ${ba.min_decryption_version === undefined ? `unset (${DEFAULT_MIN_DECRYPTION_VERSION})` : String(ba.min_decryption_version)} → ${String(ha.min_decryption_version)}: ciphertext (and every DEK) encrypted with key versions below ${to} no longer decrypts`,
      });
    }
  }
  return out;
}
