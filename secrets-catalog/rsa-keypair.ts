// RSA keypairs for RS256 JWT signing: PKCS#8 PEM private key, SPKI PEM public key.
import { createPrivateKey, createPublicKey, generateKeyPair, KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

/** RS256 keys shorter than this are refused. */
export const MIN_RSA_BITS = 2048;
/** Larger keys are refused: generation time grows with the cube of the size (8192 bits already take seconds to a minute). */
export const MAX_RSA_BITS = 8192;
export const DEFAULT_RSA_BITS = 4096;

export interface RsaKeyPairPem {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

/** Makes a fresh RSA keypair of the given size (generateRsaKeyPair; tests pass pre-generated ones). */
export type RsaKeyPairSource = (bits: number) => Promise<RsaKeyPairPem>;

/** A fresh RSA keypair as PEM (PKCS#8 / SPKI). */
export async function generateRsaKeyPair(bits = DEFAULT_RSA_BITS): Promise<RsaKeyPairPem> {
  if (!Number.isInteger(bits) || bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) throw new Error(`RSA key size ${bits}: expected an integer from ${MIN_RSA_BITS} to ${MAX_RSA_BITS} bits`);
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: bits });
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** Parses a PKCS#8 PEM RSA private key; throws with a reason that never includes the key. */
export function parseRsaPrivateKeyPem(pem: string): KeyObject {
  if (!pem.includes('-----BEGIN PRIVATE KEY-----')) throw new Error('not a PKCS#8 PEM private key (expected "-----BEGIN PRIVATE KEY-----")');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error('PEM does not parse as a private key');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`not an RSA key (${key.asymmetricKeyType})`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) throw new Error(`RSA key has ${bits} bits, at least ${MIN_RSA_BITS} required`);
  return key;
}

/** Parses an SPKI PEM RSA public key; throws with a reason that never includes the key. */
export function parseRsaPublicKeyPem(pem: string): KeyObject {
  if (!pem.includes('-----BEGIN PUBLIC KEY-----')) throw new Error('not an SPKI PEM public key (expected "-----BEGIN PUBLIC KEY-----")');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error('PEM does not parse as a public key');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`not an RSA key (${key.asymmetricKeyType})`);
  return key;
}

/** The SPKI PEM public key of a PKCS#8 PEM private key. */
export function rsaPublicKeyPemOf(privateKeyPem: string): string {
  return createPublicKey(parseRsaPrivateKeyPem(privateKeyPem)).export({ format: 'pem', type: 'spki' }).toString();
}

/** True when the public key is the one of the private key. */
export function rsaKeysMatch(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const derived = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return derived.equals(publicKey.export({ format: 'der', type: 'spki' }));
}
