// The rotation grace period of a signing keypair (the auth server's JWT keypair). A rotation writes,
// in ONE new version, the new keypair and the public key it replaces with an expiry time:
//   public_key_pem                  verifies the tokens signed from now on (with private_key_pem)
//   previous_public_key_pem         the public key the rotation replaced
//   previous_public_key_expires_at  RFC 3339 UTC; from then on the previous key verifies nothing
// A verifier accepts a token whose signature verifies with public_key_pem, or with
// previous_public_key_pem while now < previous_public_key_expires_at: verificationKeys() is that
// rule. Both keys are in the same version, so no reader sees the new key without the old one. The
// fields are found by kind (rsa-public-key-pem, previous-rsa-public-key-pem, previous-key-expiry), so
// any catalog secret that declares the two previous-key fields gets the same treatment.
import { createPublicKey } from 'node:crypto';
import { SecretEntry, SecretFieldKind } from './secret-entry';
import { formatUtcTime, parseUtcTime } from './utc-time';

/**
 * The longest a token signed with the keypair lives. HoodCloud's tokens live at most 24 h, the same
 * bound the service roles' Vault tokens have (token_max_ttl; test/cli/secrets-catalog/previous-key.test.ts
 * ties the two).
 */
export const SIGNED_TOKEN_MAX_LIFETIME_SECONDS = 24 * 3600;
/** Beyond the token lifetime: clock skew, and the Vault Agent's render interval (5 min) until every instance reads the new version. */
export const PREVIOUS_KEY_MARGIN_SECONDS = 3600;
/** The longest grace period `--grace` accepts (25 h): longer would keep a retired key trusted for nothing. */
export const MAX_PREVIOUS_KEY_GRACE_SECONDS = SIGNED_TOKEN_MAX_LIFETIME_SECONDS + PREVIOUS_KEY_MARGIN_SECONDS;
/** The default grace period: every token signed before the rotation stays verifiable until it expires. */
export const DEFAULT_PREVIOUS_KEY_GRACE_SECONDS = MAX_PREVIOUS_KEY_GRACE_SECONDS;

/** The names of a secret's current public key and previous-key fields. */
export interface PreviousKeyFields {
  readonly publicKey: string;
  readonly previousKey: string;
  readonly expiresAt: string;
}

/** The fields of the grace mechanism, when the entry declares them. */
export function previousKeyFields(entry: SecretEntry): PreviousKeyFields | undefined {
  const named = (kind: SecretFieldKind) => entry.fields.find((f) => f.kind === kind)?.name;
  const publicKey = named('rsa-public-key-pem');
  const previousKey = named('previous-rsa-public-key-pem');
  const expiresAt = named('previous-key-expiry');
  return publicKey && previousKey && expiresAt ? { publicKey, previousKey, expiresAt } : undefined;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Whether a PEM parses as a public key (one that does not verifies nothing). */
function parses(pem: string): boolean {
  try {
    createPublicKey(pem);
    return true;
  } catch {
    return false;
  }
}

/** The public keys (PEM) that verify a token at `now`: the current one, and the previous one until it expires. */
export function verificationKeys(entry: SecretEntry, data: Readonly<Record<string, unknown>>, now: Date): string[] {
  const f = previousKeyFields(entry);
  if (!f) return [];
  const keys: string[] = [];
  const current = text(data[f.publicKey]);
  if (current && parses(current)) keys.push(current);
  const previous = text(data[f.previousKey]);
  const expiresAt = text(data[f.expiresAt]);
  if (previous && expiresAt && parses(previous)) {
    try {
      if (now.getTime() < parseUtcTime(expiresAt).getTime()) keys.push(previous);
    } catch {
      // a malformed expiry verifies nothing (secrets check reports it)
    }
  }
  return keys;
}

/** Whether two PEMs hold the same public key (formatting aside). */
function sameKey(a: string, b: string): boolean {
  try {
    return createPublicKey(a).export({ format: 'der', type: 'spki' }).equals(createPublicKey(b).export({ format: 'der', type: 'spki' }));
  } catch {
    return a.trim() === b.trim();
  }
}

/** What the next version does with the keys that verify tokens now. */
export interface KeyHandover {
  /** The data to write: the next version's fields with the previous-key fields set or left out. */
  readonly data: Record<string, unknown>;
  /** The key that keeps verifying beside the new one: until when, and whether it is the previous key carried over with its own expiry. */
  readonly previous?: { readonly expiresAt: string; readonly carried: boolean };
  /** Keys that verified until now and stop with the next version (only with a grace of 0). */
  readonly dropped: number;
  /** Why the next version cannot keep every key that must keep verifying; nothing may be written then. */
  readonly problem?: string;
}

/**
 * The previous-key fields of the next version of a secret: any key that verifies tokens now
 * (`before`) and is not the next version's public key becomes the previous key, verifiable for
 * `graceSeconds` (a previous key still in its grace period keeps its own expiry). A grace of 0
 * writes no previous key: from the next version on, only the new key verifies (after a compromise).
 * Previous-key fields in `next` (e.g. the data of an old version being rolled back to) are replaced.
 */
export function handOverKeys(entry: SecretEntry, before: Readonly<Record<string, unknown>> | undefined, next: Readonly<Record<string, unknown>>, now: Date, graceSeconds: number): KeyHandover {
  const f = previousKeyFields(entry);
  if (!f) return { data: { ...next }, dropped: 0 };
  const data: Record<string, unknown> = { ...next };
  delete data[f.previousKey];
  delete data[f.expiresAt];
  const nextKey = text(data[f.publicKey]);
  const lost = (before ? verificationKeys(entry, before, now) : []).filter((k) => !(nextKey && sameKey(k, nextKey)));
  if (lost.length === 0) return { data, dropped: 0 };
  if (graceSeconds <= 0) return { data, dropped: lost.length };
  const beforePrevious = before ? text(before[f.previousKey]) : undefined;
  const beforeExpiry = before ? text(before[f.expiresAt]) : undefined;
  if (lost.length > 1) {
    return {
      data,
      dropped: 0,
      problem:
        `${entry.path} ${f.previousKey}: still verifies tokens until ${beforeExpiry}, and a version holds one previous key: replacing the ` +
        `keypair now would stop verifying them early. Wait until then, or pass --grace 0 to stop verifying every earlier key at once (after a key compromise)`,
    };
  }
  const carried = lost[0] === beforePrevious && beforeExpiry !== undefined;
  const expiresAt = carried ? (beforeExpiry as string) : formatUtcTime(new Date(now.getTime() + graceSeconds * 1000));
  data[f.previousKey] = lost[0];
  data[f.expiresAt] = expiresAt;
  return { data, previous: { expiresAt, carried }, dropped: 0 };
}
