// X25519 keypairs for sealed-box encryption, as base64 of the raw 32-byte keys.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';

const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

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

/** The base64 public key of a base64 X25519 private key. */
export function x25519PublicKeyOf(privateKeyB64: string): string {
  const raw = decodeKey32(privateKeyB64);
  const key = createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return spki.subarray(spki.length - 32).toString('base64');
}

/** A fresh X25519 keypair; the public key derives from the private key. */
export function generateX25519KeyPair(): X25519KeyPair {
  const { privateKey } = generateKeyPairSync('x25519');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const priv = pkcs8.subarray(pkcs8.length - 32).toString('base64');
  return { privateKey: priv, publicKey: x25519PublicKeyOf(priv) };
}
