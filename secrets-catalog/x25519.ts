// X25519 keypairs for sealed-box encryption, as base64 of the raw 32-byte keys. Raw keys go in and
// out of node:crypto as JWK (RFC 8037: `d` private, `x` public, base64url).
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';

export interface X25519KeyPair {
  /** base64 of the 32-byte private key */
  readonly privateKey: string;
  /** base64 of the 32-byte public key */
  readonly publicKey: string;
}

/** Decodes strict base64 of exactly 32 bytes; throws with a reason that never includes the text. */
export function decodeKey32(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw new Error('not base64');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== 32) throw new Error(`decodes to ${bytes.length} bytes, 32 expected`);
  return bytes;
}

/** The raw keys of a key object, base64 (a public key object has no `d`). */
function rawKeys(key: KeyObject): { d: string; x: string } {
  const jwk = key.export({ format: 'jwk' });
  return { d: Buffer.from(String(jwk.d ?? ''), 'base64url').toString('base64'), x: Buffer.from(String(jwk.x), 'base64url').toString('base64') };
}

/** The base64 public key of a base64 X25519 private key. */
export function x25519PublicKeyOf(privateKeyB64: string): string {
  const d = decodeKey32(privateKeyB64).toString('base64url');
  // JWK import requires an `x` member, but node:crypto derives the public key from `d` alone.
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d, x: '' }, format: 'jwk' });
  return rawKeys(createPublicKey(key)).x;
}

/** A fresh X25519 keypair; the public key derives from the private key. */
export function generateX25519KeyPair(): X25519KeyPair {
  const { d, x } = rawKeys(generateKeyPairSync('x25519').privateKey);
  return { privateKey: d, publicKey: x };
}
