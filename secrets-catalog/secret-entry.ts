// The shape of HoodCloud's secrets: which fields a secret carries and how each must look. The
// secrets themselves are declared per service in services/registry.ts; services/catalog.ts places
// them at their KV paths. Paths are logical KV paths (without `data/` or `metadata/`).

/** How a field's value must look. Each kind has a generator and a validator in the operations CLI. */
export type SecretFieldKind =
  /** Any non-empty string (usernames, URLs, hosts). */
  | 'string'
  /** A random high-entropy string (passwords, API keys), generated in dev/e2e. */
  | 'random-string'
  /** A JSON object whose values are all strings, stored as an object (never as a JSON string). */
  | 'json-object-of-strings'
  /** PKCS#8 PEM RSA private key (RS256 signing). */
  | 'rsa-private-key-pem'
  /** SPKI PEM RSA public key that must match the private key of the same secret. */
  | 'rsa-public-key-pem'
  /** Base64 of a 32-byte X25519 private key. */
  | 'x25519-private-key'
  /** Base64 of the 32-byte X25519 public key derived from the private key of the same secret. */
  | 'x25519-public-key'
  /** An NKEYS account seed (`SA…`, base32 with CRC16) as used to sign NATS account JWTs. */
  | 'nats-account-seed'
  /**
   * SPKI PEM RSA public key of the keypair the last rotation replaced: verifiers accept tokens signed
   * with it until the secret's `previous-key-expiry` field (secrets-catalog/previous-key.ts). Written
   * by `secrets rotate` and `secrets rollback`, never supplied.
   */
  | 'previous-rsa-public-key-pem'
  /** RFC 3339 UTC time (`2026-12-02T13:00:00Z`) after which the previous public key no longer verifies. Written with it. */
  | 'previous-key-expiry';

/** Kinds the rotation writes itself: an operator never supplies them, seed never generates them. */
export const ROTATION_MANAGED_KINDS: ReadonlySet<SecretFieldKind> = new Set<SecretFieldKind>(['previous-rsa-public-key-pem', 'previous-key-expiry']);

export interface SecretField {
  readonly name: string;
  readonly kind: SecretFieldKind;
  /** @default true */
  readonly required?: boolean;
  /**
   * Only HoodCloud's own services use this value (no outside system issues it), so the operations
   * CLI may generate it in production too. Keypairs and the NATS seed are always generatable.
   * @default false
   */
  readonly generatedInProduction?: boolean;
  readonly description: string;
}

/** One secret as a service's registry entry declares it: its name under the service's KV subtree. */
export interface SecretSpec {
  /** Name under the service's subtree, e.g. `jwt` (the path is `<subtree>/jwt`). */
  readonly name: string;
  readonly description: string;
  /** A whole secret may be optional (e.g. incident notifications). @default true */
  readonly required?: boolean;
  readonly fields: readonly SecretField[];
}

/** One secret of the catalog: a spec placed at its path and owned by a service. */
export interface SecretEntry extends Omit<SecretSpec, 'name'> {
  /** Logical KV path under the mount, e.g. `hoodcloud/auth-server/jwt`. */
  readonly path: string;
  /** The id of the service that owns it (its registry entry), e.g. `auth-server`. */
  readonly owner: string;
}

/** PostgreSQL credentials: every service has them. */
export function databaseSecret(service: string): SecretSpec {
  return {
    name: 'database',
    description: `PostgreSQL credentials of the ${service}`,
    fields: [
      { name: 'username', kind: 'string', description: 'database role name' },
      { name: 'password', kind: 'random-string', description: 'database role password' },
    ],
  };
}


