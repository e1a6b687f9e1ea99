// The secret layout of HoodCloud's KV v2 engine at `secret/`, as typed data: which service owns
// which path, and which fields each secret carries. Policies grant on these paths; the operations
// CLI seeds and checks them. Paths are logical KV paths (without `data/` or `metadata/`).

/** The services that read secrets; each has its own AppRole and its own subtree. */
export type ServiceName = 'control-plane' | 'auth-server' | 'payment-service';

export const SERVICES: readonly ServiceName[] = ['control-plane', 'auth-server', 'payment-service'];

/** The subtree under the KV mount that belongs to a service. */
export function serviceSecretPrefix(service: ServiceName): string {
  return `hoodcloud/${service}`;
}

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
  | 'nats-account-seed';

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

export interface SecretEntry {
  /** Logical KV path under the mount, e.g. `hoodcloud/auth-server/jwt`. */
  readonly path: string;
  readonly owner: ServiceName;
  readonly description: string;
  /** A whole secret may be optional (e.g. incident notifications). @default true */
  readonly required?: boolean;
  readonly fields: readonly SecretField[];
}

const database = (owner: ServiceName): SecretEntry => ({
  path: `${serviceSecretPrefix(owner)}/database`,
  owner,
  description: `PostgreSQL credentials of the ${owner}`,
  fields: [
    { name: 'username', kind: 'string', description: 'database role name' },
    { name: 'password', kind: 'random-string', description: 'database role password' },
  ],
});

/** Every secret HoodCloud's services read, one entry per KV path. */
export const SECRET_CATALOG: readonly SecretEntry[] = [
  database('control-plane'),
  {
    path: 'hoodcloud/control-plane/api-keys',
    owner: 'control-plane',
    description: 'API keys the api-server and orchestrator use for internal calls',
    fields: [{ name: 'internal_api_key', kind: 'random-string', generatedInProduction: true, description: 'shared key for service-to-service calls' }],
  },
  {
    path: 'hoodcloud/control-plane/sealed-box',
    owner: 'control-plane',
    description: 'X25519 keypair for sealed-box encryption of customer-provided credentials',
    fields: [
      { name: 'private_key', kind: 'x25519-private-key', description: 'base64 X25519 private key' },
      { name: 'public_key', kind: 'x25519-public-key', description: 'base64 X25519 public key derived from private_key' },
    ],
  },
  {
    path: 'hoodcloud/control-plane/orchestrator',
    owner: 'control-plane',
    description: 'Environment the orchestrator passes to terraform and to cloud providers',
    fields: [
      { name: 'terraform_env_vars', kind: 'json-object-of-strings', description: 'JSON object of env vars for terraform runs' },
      { name: 'provider_env_vars', kind: 'json-object-of-strings', description: 'JSON object of env vars for provider API clients' },
    ],
  },
  {
    path: 'hoodcloud/control-plane/incident-notification',
    owner: 'control-plane',
    description: 'Where incident notifications are sent (optional)',
    required: false,
    fields: [
      { name: 'webhook_url', kind: 'string', description: 'incoming webhook URL' },
      { name: 'channel', kind: 'string', required: false, description: 'channel name' },
    ],
  },
  database('auth-server'),
  {
    path: 'hoodcloud/auth-server/jwt',
    owner: 'auth-server',
    description: 'RS256 keypair the auth server signs JWTs with',
    fields: [
      { name: 'private_key_pem', kind: 'rsa-private-key-pem', description: 'PKCS#8 PEM RSA private key (4096 bits by default)' },
      { name: 'public_key_pem', kind: 'rsa-public-key-pem', description: 'SPKI PEM public key matching private_key_pem' },
    ],
  },
  database('payment-service'),
  {
    path: 'hoodcloud/payment-service/nats',
    owner: 'payment-service',
    description: 'NATS account signing seed the payment service issues user JWTs with',
    fields: [{ name: 'account_signing_seed', kind: 'nats-account-seed', description: 'NKEYS account seed (starts with SA)' }],
  },
  {
    path: 'hoodcloud/payment-service/provider',
    owner: 'payment-service',
    description: 'Payment provider API credentials',
    fields: [
      { name: 'api_key', kind: 'random-string', description: 'payment provider secret API key' },
      { name: 'webhook_secret', kind: 'random-string', description: 'secret that signs provider webhooks' },
    ],
  },
];

/** The catalog entries one service owns. */
export function secretsOf(service: ServiceName): SecretEntry[] {
  return SECRET_CATALOG.filter((e) => e.owner === service);
}
