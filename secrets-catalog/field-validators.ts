// One validator per field kind of the catalog. A validator returns null for a well-formed value,
// else the reason, in words that never repeat the value (the output of `secrets check` is shareable).
import { SecretFieldKind } from './secret-entry';
import { accountSeedProblem } from './nkeys';
import { parseRsaPrivateKeyPem, parseRsaPublicKeyPem } from './rsa-keypair';
import { parseUtcTime } from './utc-time';
import { decodeKey32 } from './x25519';

/** Random strings shorter than this are reported as malformed (too little entropy for a password or key). */
export const MIN_RANDOM_STRING_LENGTH = 16;

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function stringProblem(value: unknown): string | null {
  if (typeof value !== 'string') return `a string is required, found ${describeType(value)}`;
  if (value.trim() === '') return 'empty string';
  return null;
}

function guarded(value: unknown, check: (text: string) => void): string | null {
  const p = stringProblem(value);
  if (p) return p;
  try {
    check(value as string);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

const VALIDATORS: Record<SecretFieldKind, (value: unknown) => string | null> = {
  string: stringProblem,
  'random-string': (value) => {
    const p = stringProblem(value);
    if (p) return p;
    const length = (value as string).length;
    return length < MIN_RANDOM_STRING_LENGTH ? `too short: ${length} characters, at least ${MIN_RANDOM_STRING_LENGTH} required` : null;
  },
  'json-object-of-strings': (value) => {
    if (typeof value === 'string') {
      try {
        const parsed: unknown = JSON.parse(value);
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
          return 'a JSON string where a JSON object of strings is required (store the object itself, not its text)';
        }
      } catch {
        // falls through to the generic message
      }
      return 'a string where a JSON object of strings is required';
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return `a JSON object of strings is required, found ${describeType(value)}`;
    const bad = Object.entries(value as Record<string, unknown>).filter(([, v]) => typeof v !== 'string').map(([k, v]) => `${k} (${describeType(v)})`);
    return bad.length > 0 ? `every value must be a string; not strings: ${bad.join(', ')}` : null;
  },
  'rsa-private-key-pem': (value) => guarded(value, (t) => void parseRsaPrivateKeyPem(t)),
  'rsa-public-key-pem': (value) => guarded(value, (t) => void parseRsaPublicKeyPem(t)),
  'x25519-private-key': (value) => guarded(value, (t) => void decodeKey32(t)),
  'x25519-public-key': (value) => guarded(value, (t) => void decodeKey32(t)),
  'nats-account-seed': (value) => guarded(value, (t) => {
    const problem = accountSeedProblem(t);
    if (problem) throw new Error(`not a valid NKEYS account seed: ${problem}`);
  }),
  'previous-rsa-public-key-pem': (value) => guarded(value, (t) => void parseRsaPublicKeyPem(t)),
  'previous-key-expiry': (value) => guarded(value, (t) => void parseUtcTime(t)),
};

/** Null when the value is well-formed for its kind, else the reason (never the value). */
export function fieldValueProblem(kind: SecretFieldKind, value: unknown): string | null {
  return VALIDATORS[kind](value);
}
