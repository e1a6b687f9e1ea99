// Generators per field kind. Keypairs are generated per secret (a public key must derive from the
// private key beside it). Production generates only what has no outside source of truth: the JWT
// RSA keypair, the X25519 keypair, the NATS account seed and fields marked generatedInProduction
// (the internal API key). Everything else (database passwords, provider API keys, webhook URLs) is
// issued elsewhere and must be supplied, never invented.
import { randomBytes } from 'node:crypto';
import { SecretEntry, SecretField, SecretFieldKind } from './secret-entry';
import { generateAccountSeed } from './nkeys';
import { DEFAULT_RSA_BITS, generateRsaKeyPair, RsaKeyPairSource, rsaPublicKeyPemOf } from './rsa-keypair';
import { generateX25519KeyPair, x25519PublicKeyOf } from './x25519';

export type SeedEnvironment = 'dev' | 'e2e' | 'prod';
export const SEED_ENVIRONMENTS: readonly SeedEnvironment[] = ['dev', 'e2e', 'prod'];

const GENERATED_IN_EVERY_ENVIRONMENT: ReadonlySet<SecretFieldKind> = new Set<SecretFieldKind>([
  'rsa-private-key-pem',
  'rsa-public-key-pem',
  'x25519-private-key',
  'x25519-public-key',
  'nats-account-seed',
]);

/** Whether this field may be generated in this environment. */
export function isGeneratable(field: SecretField, env: SeedEnvironment): boolean {
  return env !== 'prod' || GENERATED_IN_EVERY_ENVIRONMENT.has(field.kind) || field.generatedInProduction === true;
}

export interface GenerateOptions {
  readonly env: SeedEnvironment;
  /** @default 4096 */
  readonly rsaBits?: number;
  /** Where fresh RSA keypairs come from. @default generateRsaKeyPair */
  readonly rsaKeyPairs?: RsaKeyPairSource;
}

/** A random URL-safe string of 32 bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A plausible value for dev/e2e of a field that production must be given. */
function plausibleValue(entry: SecretEntry, field: SecretField, env: SeedEnvironment): unknown {
  switch (field.kind) {
    case 'random-string':
      return randomToken();
    case 'json-object-of-strings':
      return field.name === 'terraform_env_vars'
        ? { TF_IN_AUTOMATION: 'true', TF_INPUT: '0', HOODCLOUD_ENV: env }
        : { HOODCLOUD_ENV: env, HOODCLOUD_PROVIDER_ENDPOINT: `https://provider.${env}.hoodcloud.invalid` };
    case 'string':
      if (field.name === 'username') return `hoodcloud_${entry.owner.replace(/-/g, '_')}_${env}`;
      if (/url$/.test(field.name)) return `https://hooks.${env}.hoodcloud.invalid/${entry.owner}`;
      return `hoodcloud-${env}-${field.name.replace(/_/g, '-')}`;
    default:
      return undefined;
  }
}

function fieldNamed(entry: SecretEntry, kind: SecretFieldKind): string | undefined {
  return entry.fields.find((f) => f.kind === kind)?.name;
}

const absent = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Fills the fields of one secret that are not in `supplied`: keypairs generated together (or the
 * public key derived when only the private key is supplied), the NATS seed generated, and in dev/e2e
 * plausible values for the rest. Returns the data; fields it could not fill stay absent.
 */
export async function fillEntry(entry: SecretEntry, supplied: Record<string, unknown>, opts: GenerateOptions): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = { ...supplied };
  const rsaPriv = fieldNamed(entry, 'rsa-private-key-pem');
  const rsaPub = fieldNamed(entry, 'rsa-public-key-pem');
  if (rsaPriv && rsaPub) {
    if (absent(data[rsaPriv]) && absent(data[rsaPub])) {
      const pair = await (opts.rsaKeyPairs ?? generateRsaKeyPair)(opts.rsaBits ?? DEFAULT_RSA_BITS);
      data[rsaPriv] = pair.privateKeyPem;
      data[rsaPub] = pair.publicKeyPem;
    } else if (absent(data[rsaPub]) && typeof data[rsaPriv] === 'string') {
      try {
        data[rsaPub] = rsaPublicKeyPemOf(data[rsaPriv] as string);
      } catch {
        // left absent: validation reports the private key
      }
    }
  }
  const xPriv = fieldNamed(entry, 'x25519-private-key');
  const xPub = fieldNamed(entry, 'x25519-public-key');
  if (xPriv && xPub) {
    if (absent(data[xPriv]) && absent(data[xPub])) {
      const pair = generateX25519KeyPair();
      data[xPriv] = pair.privateKey;
      data[xPub] = pair.publicKey;
    } else if (absent(data[xPub]) && typeof data[xPriv] === 'string') {
      try {
        data[xPub] = x25519PublicKeyOf(data[xPriv] as string);
      } catch {
        // left absent: validation reports the private key
      }
    }
  }
  for (const field of entry.fields) {
    if (!absent(data[field.name])) continue;
    if (field.kind === 'nats-account-seed') {
      data[field.name] = generateAccountSeed();
    } else if (isGeneratable(field, opts.env)) {
      const v = plausibleValue(entry, field, opts.env);
      if (v !== undefined) data[field.name] = v;
    }
  }
  return data;
}
