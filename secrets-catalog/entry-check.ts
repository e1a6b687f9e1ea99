// Checks one catalog entry's data: each field on its own (field-validators.ts), then the pairs that
// must agree (an RSA or X25519 public key must derive from the private key of the same secret).
import { SecretEntry, SecretField, SecretFieldKind } from './secret-entry';
import { fieldValueProblem } from './field-validators';
import { parseRsaPrivateKeyPem, parseRsaPublicKeyPem, rsaKeysMatch } from './rsa-keypair';
import { x25519PublicKeyOf } from './x25519';

export type FieldStatus = 'ok' | 'missing' | 'malformed' | 'not-set-optional';

export interface FieldFinding {
  readonly path: string;
  readonly owner: SecretEntry['owner'];
  readonly field: string;
  readonly kind: SecretFieldKind;
  readonly status: FieldStatus;
  /** Why the field is malformed or missing; never contains the value. */
  readonly problem?: string;
}

/** A finding is a problem when the field is missing or malformed. */
export function isProblem(f: FieldFinding): boolean {
  return f.status === 'missing' || f.status === 'malformed';
}

const isRequired = (x: { required?: boolean }) => x.required ?? true;
const isAbsent = (v: unknown) => v === undefined || v === null || v === '';
const fieldOfKind = (entry: SecretEntry, kind: SecretFieldKind) => entry.fields.find((f) => f.kind === kind);

function pairProblem(entry: SecretEntry, field: SecretField, data: Record<string, unknown>): string | null {
  if (field.kind === 'rsa-public-key-pem') {
    const priv = fieldOfKind(entry, 'rsa-private-key-pem');
    if (!priv || fieldValueProblem(priv.kind, data[priv.name]) !== null) return null;
    const matches = rsaKeysMatch(parseRsaPrivateKeyPem(data[priv.name] as string), parseRsaPublicKeyPem(data[field.name] as string));
    return matches ? null : `public key does not match ${priv.name}`;
  }
  if (field.kind === 'x25519-public-key') {
    const priv = fieldOfKind(entry, 'x25519-private-key');
    if (!priv || fieldValueProblem(priv.kind, data[priv.name]) !== null) return null;
    return x25519PublicKeyOf(data[priv.name] as string) === data[field.name] ? null : `public key does not match ${priv.name}`;
  }
  if (field.kind === 'previous-rsa-public-key-pem' || field.kind === 'previous-key-expiry') {
    const other = fieldOfKind(entry, field.kind === 'previous-rsa-public-key-pem' ? 'previous-key-expiry' : 'previous-rsa-public-key-pem');
    if (other && isAbsent(data[other.name])) return `set without ${other.name} (a rotation writes both)`;
  }
  return null;
}

/**
 * Findings for every field of the entry. `data` undefined means the secret does not exist: every
 * field of a required secret is then missing; an optional secret that does not exist is fine.
 */
export function checkEntry(entry: SecretEntry, data: Record<string, unknown> | undefined): FieldFinding[] {
  return entry.fields.map((field): FieldFinding => {
    const base = { path: entry.path, owner: entry.owner, field: field.name, kind: field.kind };
    if (data === undefined) {
      return isRequired(entry)
        ? { ...base, status: 'missing', problem: 'secret does not exist' }
        : { ...base, status: 'not-set-optional' };
    }
    const value = data[field.name];
    if (isAbsent(value)) {
      return isRequired(field) ? { ...base, status: 'missing', problem: 'field not set' } : { ...base, status: 'not-set-optional' };
    }
    const problem = fieldValueProblem(field.kind, value) ?? pairProblem(entry, field, data);
    return problem ? { ...base, status: 'malformed', problem } : { ...base, status: 'ok' };
  });
}
